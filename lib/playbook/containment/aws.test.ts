/**
 * AWS containment actions: values from sampleCase (an IAM user's AKIA key) and from a role case
 * (ASIA key of an assumed role), placeholders where the case has none, shape checks, quoting.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostileCase, sampleCase } from '../../../test/support/cases';
import { buildAws, revokeOlderSessionsPolicy } from './aws';
import type { Case } from '../../model/case';
import { bashQuote, caseTime } from './shared';
import {
  BREAKOUTS,
  IDS,
  JWT,
  awsRoleCase,
  bashWords,
  caseWith,
  ev,
  hostileProviderCase,
  tokenizeBash,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

/**
 * Runs a command in bash with `aws` replaced by a function that records its arguments (and,
 * when `fixedTime` is given, `date` by one that prints it). Returns each aws call's arguments.
 */
const runWithFakeAws = (command: string, fixedTime?: string): string[][] => {
  const fakes = [
    `aws() { printf '%s\\037' "$@"; printf '\\036'; }`,
    ...(fixedTime !== undefined ? [`date() { printf '%s\\n' ${bashQuote(fixedTime)}; }`] : []),
  ];
  const out = execFileSync('bash', ['-c', `${fakes.join('\n')}\n${command}`], { encoding: 'utf8' });
  return out
    .split('\u001e')
    .filter((x) => x !== '')
    .map((call) => call.split('\u001f').slice(0, -1));
};

/** The parsed --policy-document of one recorded aws call. */
const policyOf = (call: string[]): unknown => JSON.parse(call[call.indexOf('--policy-document') + 1]!);

/** Two IAM users (sampleCase's ci-deploy and a second one). */
const twoUserCase = (): Case =>
  caseWith([
    ev({
      id: 'u1',
      provider: 'aws',
      actor: 'arn:aws:iam::111122223333:user/ci-deploy',
      action: 'ListBuckets',
      flagged: ['new-source'],
    }),
    ev({ id: 'u2', provider: 'aws', actor: 'arn:aws:iam::111122223333:user/ops.admin@corp', action: 'GetObject' }),
  ]);

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

  it("deactivates and deletes the user's long-term key with the real user and key", () => {
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
    expect(byId(actions, 'aws-deactivate-access-keys').command).toContain(
      "aws iam list-access-keys --user-name 'backup-admin'",
    );
  });

  it("revokes the user's temporary credentials with a TokenIssueTime deny taken when the command runs", () => {
    const a = byId(actions, 'aws-revoke-user-sessions');
    expect(argAfter(a.command, '--user-name')).toEqual(['ci-deploy']);
    expect(argAfter(a.command, '--policy-document')).toEqual(['$POLICY']);
    const calls = runWithFakeAws(a.command, '2031-02-03T04:05:06Z');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.slice(0, 3)).toEqual(['iam', 'put-user-policy', '--user-name']);
    expect(policyOf(calls[0]!)).toEqual(JSON.parse(revokeOlderSessionsPolicy('2031-02-03T04:05:06Z')));
  });

  it('leaves <ROLE_NAME> for the role session revoke: the case has no role', () => {
    const a = byId(actions, 'aws-revoke-role-sessions');
    expect(a.missing).toEqual(['<ROLE_NAME>']);
    expect(argAfter(a.command, '--role-name')).toEqual(['<ROLE_NAME>']);
    expect(argAfter(a.command, '--policy-name')).toEqual(['AWSRevokeOlderSessions']);
  });

  it('golden: role session revoke', async () => {
    await expect(byId(actions, 'aws-revoke-role-sessions').command).toMatchFileSnapshot(
      './__golden__/aws-revoke-role-sessions.sh',
    );
  });

  it('review and monitoring use the user ARN and key', () => {
    expect(argAfter(byId(actions, 'aws-review-last-accessed').command, '--arn')).toEqual([
      'arn:aws:iam::111122223333:user/ci-deploy',
    ]);
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
    expect(byId(actions, 'aws-review-token-lifetime').command).toContain(
      "aws iam update-role --role-name 'deploy-role' --max-session-duration 3600",
    );
  });

  it('takes the role from an assumed-role actor ARN when there is no issuer', () => {
    const c = caseWith([
      ev({
        id: 'r',
        provider: 'aws',
        actor: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
        action: 'GetObject',
      }),
    ]);
    expect(argAfter(byId(buildAws(c), 'aws-revoke-role-sessions').command, '--role-name')).toEqual(['Admin']);
  });
});

describe('AWS session revocation: the deny time is taken when the command is run', () => {
  const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  const revokes = (c: Case): ContainmentAction[] =>
    buildAws(c).filter((a) => a.id === 'aws-revoke-role-sessions' || a.id === 'aws-revoke-user-sessions');
  const cases: [string, () => Case][] = [
    ['sample', sampleCase],
    ['aws role', awsRoleCase],
    ['two users', twoUserCase],
    ['no events', () => caseWith([])],
  ];

  it.each(cases)('%s: no fixed ISO timestamp (snapshot time or any other) in the revoke commands', (_name, make) => {
    const c = make();
    for (const a of revokes(c)) {
      expect(a.command, a.id).not.toMatch(ISO);
      expect(a.command, a.id).not.toContain(caseTime(c));
      expect(a.why, a.id).not.toMatch(ISO);
      expect(a.why, a.id).not.toMatch(/set it to now/);
      expect(a.command.split('\n').slice(0, 2)).toEqual([
        'T=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
        expect.stringMatching(/^POLICY=\$\(printf '\{.*"aws:TokenIssueTime":"%s"\}\}\}\]\}' "\$T"\)$/),
      ]);
    }
  });

  it.each(cases)('%s: bash -n accepts the revoke commands', (_name, make) => {
    for (const a of revokes(make())) {
      expect(() => execFileSync('bash', ['-n', '-c', a.command], { encoding: 'utf8' }), a.id).not.toThrow();
    }
  });

  it('the printf part, run in bash, yields a policy JSON with the value of $T', () => {
    const a = byId(buildAws(sampleCase()), 'aws-revoke-role-sessions');
    const setup = a.command.split('\n').slice(0, 2).join('\n');
    for (const t of ['2031-02-03T04:05:06Z', '1999-12-31T23:59:59Z']) {
      const out = execFileSync('bash', ['-c', `${setup.replace(/^T=.*$/m, `T=${t}`)}\nprintf '%s' "$POLICY"`], {
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual(JSON.parse(revokeOlderSessionsPolicy(t)));
      expect(out).toContain(`"aws:TokenIssueTime":"${t}"`);
    }
  });

  it('run with the real clock, every put-*-policy call carries the current UTC time', () => {
    for (const make of [awsRoleCase, twoUserCase]) {
      for (const a of revokes(make())) {
        const before = Math.floor(Date.now() / 1000) * 1000;
        const calls = runWithFakeAws(a.command);
        const after = Date.now();
        expect(calls.length).toBeGreaterThan(0);
        const times = new Set(
          calls.map((call) => {
            const doc = policyOf(call) as { Statement: { Condition: { DateLessThan: Record<string, string> } }[] };
            return doc.Statement[0]!.Condition.DateLessThan['aws:TokenIssueTime']!;
          }),
        );
        expect(times.size).toBe(1); // one cut-off for every principal in the command
        const t = [...times][0]!;
        expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(Date.parse(t)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(t)).toBeLessThanOrEqual(after + 1000);
      }
    }
  });

  it('one put-user-policy per user, with the user names as bash sees them', () => {
    const calls = runWithFakeAws(
      byId(buildAws(twoUserCase()), 'aws-revoke-user-sessions').command,
      '2031-02-03T04:05:06Z',
    );
    expect(calls.map((call) => call.slice(0, 4))).toEqual([
      ['iam', 'put-user-policy', '--user-name', 'ci-deploy'],
      ['iam', 'put-user-policy', '--user-name', 'ops.admin@corp'],
    ]);
  });
});

describe('AWS shape checks and quoting', () => {
  it('refuses shape-invalid values and lists the placeholder instead', () => {
    const c = caseWith(
      [
        ev({
          id: 'bad',
          provider: 'aws',
          action: 'x',
          actor: "arn:aws:iam::111122223333:user/x'; rm -rf / #",
          issuer: "arn:aws:iam::111122223333:role/x'; rm -rf / #",
          credentialId: 'AKIA123',
          account: '1234',
        }),
      ],
      { kind: 'identity', id: "arn:aws:iam::111122223333:user/x'; rm -rf / #" },
    );
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
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } },
        },
      ],
    });
  });
});
