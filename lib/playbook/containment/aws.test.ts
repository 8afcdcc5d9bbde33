/**
 * AWS containment actions: values from sampleCase (an IAM user's AKIA key) and from a role case
 * (ASIA key of an assumed role), placeholders where the case has none, shape checks, quoting.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostileCase, sampleCase } from '../../../test/support/cases';
import { buildAws, revokeOlderSessionsPolicy } from './aws';
import { bashQuote } from './shared';
import { BREAKOUTS, IDS, JWT, awsRoleCase, bashWords, caseWith, ev, hostileProviderCase, tokenizeBash } from './test-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => {
  const a = actions.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
};

/** The word after `flag` in a bash command (as bash would parse it). */
const argAfter = (command: string, flag: string): string[] => {
  const w = bashWords(command);
  return w.flatMap((x, i) => (x === flag && w[i + 1] !== undefined ? [w[i + 1]!] : []));
};

describe('buildAws on sampleCase (IAM user ci-deploy, AKIA key)', () => {
  const actions = buildAws(sampleCase());

  it('deactivates and deletes the user\'s long-term key with the real user and key', () => {
    const deactivate = byId(actions, 'aws-deactivate-access-keys');
    expect(argAfter(deactivate.command, '--user-name')[0]).toBe('ci-deploy');
    expect(argAfter(deactivate.command, '--access-key-id')).toEqual(['AKIAEXAMPLEKEY000001']);
    expect(argAfter(deactivate.command, '--status')).toEqual(['Inactive']);
    expect(deactivate.missing).toEqual([]);
    const del = byId(actions, 'aws-delete-access-keys');
    expect(bashWords(del.command).slice(0, 3)).toEqual(['aws', 'iam', 'delete-access-key']);
    expect(argAfter(del.command, '--access-key-id')).toEqual(['AKIAEXAMPLEKEY000001']);
    expect(del.missing).toEqual([]);
  });

  it('lists keys of users the attacker created keys for (CreateAccessKey target)', () => {
    expect(byId(actions, 'aws-deactivate-access-keys').command).toContain("aws iam list-access-keys --user-name 'backup-admin'");
  });

  it('revokes the user\'s temporary credentials with a TokenIssueTime deny at the snapshot time', () => {
    const a = byId(actions, 'aws-revoke-user-sessions');
    expect(argAfter(a.command, '--user-name')).toEqual(['ci-deploy']);
    const doc = JSON.parse(argAfter(a.command, '--policy-document')[0]!) as { Statement: { Condition: unknown }[] };
    expect(doc.Statement[0]!.Condition).toEqual({ DateLessThan: { 'aws:TokenIssueTime': '2026-11-20T03:14:07Z' } });
  });

  it('leaves <ROLE_NAME> for the role session revoke: the case has no role', () => {
    const a = byId(actions, 'aws-revoke-role-sessions');
    expect(a.missing).toEqual(['<ROLE_NAME>']);
    expect(argAfter(a.command, '--role-name')).toEqual(['<ROLE_NAME>']);
    expect(argAfter(a.command, '--policy-name')).toEqual(['AWSRevokeOlderSessions']);
  });

  it('golden: role session revoke', () => {
    expect(byId(actions, 'aws-revoke-role-sessions').command).toMatchInlineSnapshot(`
      "aws iam put-role-policy \\
        --role-name '<ROLE_NAME>' \\
        --policy-name AWSRevokeOlderSessions \\
        --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-20T03:14:07Z"}}}]}'"
    `);
  });

  it('review and monitoring use the user ARN and key', () => {
    expect(argAfter(byId(actions, 'aws-review-last-accessed').command, '--arn')).toEqual(['arn:aws:iam::111122223333:user/ci-deploy']);
    const gd = byId(actions, 'aws-monitor-guardduty');
    expect(JSON.parse(argAfter(gd.command, '--finding-criteria')[0]!)).toEqual({
      Criterion: { 'resource.accessKeyDetails.accessKeyId': { Eq: ['AKIAEXAMPLEKEY000001'] } },
    });
    const eb = byId(actions, 'aws-monitor-eventbridge');
    const pattern = JSON.parse(argAfter(eb.command, '--event-pattern')[0]!) as { detail: { $or: unknown[] } };
    expect(pattern.detail.$or).toEqual([
      { userIdentity: { arn: ['arn:aws:iam::111122223333:user/ci-deploy'] } },
      { userIdentity: { accessKeyId: ['AKIAEXAMPLEKEY000001'] } },
    ]);
    expect(eb.missing).toEqual(['<SNS_TOPIC_ARN>']);
    expect(argAfter(eb.command, '--name')).toEqual(['token-triage-case-0001']);
  });
});

describe('buildAws on a role case (assumed role, ASIA key)', () => {
  const actions = buildAws(awsRoleCase());

  it('revokes the role sessions by name (from the issuer ARN, path stripped)', () => {
    const a = byId(actions, 'aws-revoke-role-sessions');
    expect(argAfter(a.command, '--role-name')).toEqual(['deploy-role']);
    expect(a.missing).toEqual([]);
  });

  it('explains that an ASIA key cannot be deleted and leaves the AKIA placeholders', () => {
    const a = byId(actions, 'aws-deactivate-access-keys');
    expect(a.command).toContain(`# ${IDS.awsTempKey} is a temporary (STS) key: it cannot be deactivated or deleted`);
    expect(argAfter(a.command, '--access-key-id')).toEqual(['<ACCESS_KEY_ID>']);
    expect(a.missing).toEqual(['<USER_NAME>', '<ACCESS_KEY_ID>']);
  });

  it('reviews the role by its full ARN and session duration', () => {
    expect(argAfter(byId(actions, 'aws-review-last-accessed').command, '--arn')).toEqual([IDS.awsRoleArn]);
    expect(byId(actions, 'aws-review-token-lifetime').command).toContain("aws iam update-role --role-name 'deploy-role' --max-session-duration 3600");
  });

  it('takes the role from an assumed-role actor ARN when there is no issuer', () => {
    const c = caseWith([ev({ id: 'r', provider: 'aws', actor: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', action: 'GetObject' })]);
    expect(argAfter(byId(buildAws(c), 'aws-revoke-role-sessions').command, '--role-name')).toEqual(['Admin']);
  });
});

describe('AWS shape checks and quoting', () => {
  it('refuses shape-invalid values and lists the placeholder instead', () => {
    const c = caseWith([ev({
      id: 'bad', provider: 'aws', action: 'x',
      actor: "arn:aws:iam::111122223333:user/x'; rm -rf / #",
      issuer: "arn:aws:iam::111122223333:role/x'; rm -rf / #",
      credentialId: 'AKIA123', account: '1234',
    })], { kind: 'identity', id: "arn:aws:iam::111122223333:user/x'; rm -rf / #" });
    const actions = buildAws(c);
    expect(byId(actions, 'aws-revoke-role-sessions').missing).toEqual(['<ROLE_NAME>']);
    expect(byId(actions, 'aws-revoke-user-sessions').missing).toEqual(['<USER_NAME>']);
    expect(byId(actions, 'aws-deactivate-access-keys').missing).toEqual(['<USER_NAME>', '<ACCESS_KEY_ID>']);
    for (const a of actions) expect(a.command).not.toContain('rm -rf');
  });

  it('never lets a hostile value into a command; every command tokenizes cleanly', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildAws(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
        expect(() => tokenizeBash(a.command)).not.toThrow();
      }
    }
    for (const a of buildAws(hostileCase())) expect(a.command).not.toMatch(/HYPERLINK|\*\*bold\*\*/);
  });

  it('bashQuote round-trips hostile strings through bash itself and through the tokenizer', () => {
    for (const h of [...BREAKOUTS, "it's", "''", "'", '', '\\', '$HOME', '!event']) {
      expect(bashWords(`echo ${bashQuote(h)}`)).toEqual(['echo', h]);
      expect(tokenizeBash(`x ${bashQuote(h)}`).filter((t) => 'op' in t)).toEqual([]);
      if (!h.includes('\u0000')) {
        expect(execFileSync('bash', ['-c', `printf '%s' ${bashQuote(h)}`], { encoding: 'utf8' })).toBe(h);
      }
    }
  });

  it('policy documents are valid JSON with the given time', () => {
    expect(JSON.parse(revokeOlderSessionsPolicy('2026-01-01T00:00:00Z'))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } } }],
    });
  });
});
