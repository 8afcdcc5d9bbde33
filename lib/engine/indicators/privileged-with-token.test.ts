import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { privilegedWithToken, privilegedWithTokenSettings } from './privileged-with-token';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  privilegedWithToken.evaluate(buildContext(events), privilegedWithTokenSettings.parse(o));

const ROLE = 'arn:aws:sts::111122223333:assumed-role/dev/alice';
const asia = { kind: 'temporary_key' as const, id: 'ASIAEXAMPLE' };
const iam = (id: string, name: string, o: Parameters<typeof ev>[0] = {}) =>
  ev({
    id,
    time: T0,
    actor: { id: ROLE, type: 'AssumedRole' },
    credential: asia,
    ...o,
    action: { name, service: 'iam.amazonaws.com', verb: 'privileged' },
  });
const prior = (id: string, actor = ROLE) =>
  ev({
    id,
    time: T0 - DAY,
    actor: { id: actor },
    action: { name: 'DescribeInstances', service: 'ec2.amazonaws.com', verb: 'list' },
  });

describe('privileged-with-token', () => {
  it('defaults', () => {
    expect(privilegedWithTokenSettings.parse({})).toEqual({
      weighFirstTime: true,
      minPriorEvents: 1,
      includeFailures: false,
      ignoreServiceInvoked: true,
      maxEvidence: 50,
    });
  });

  it(
    'Elastic "AWS IAM API Calls via Temporary Session Tokens": first IAM escalation write with an ' +
      'ASIA key is high; a first non-escalation write is medium; one finding per token',
    () => {
      const f = run([
        prior('p1'),
        iam('w1', 'CreateUser', { time: T0, target: { name: 'backdoor' } }),
        iam('w2', 'AttachUserPolicy', { time: T0 + MIN, target: { name: 'backdoor' } }),
      ]);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({
        indicator: 'privileged-with-token',
        severity: 'high',
        events: ['w1', 'w2'],
        tokens: ['ASIAEXAMPLE'],
        identities: [ROLE],
      });
      expect(f[0]!.detail).toContain('CreateUser, AttachUserPolicy');
      expect(f[0]!.detail).toContain('targets backdoor');
      const onlyCreate = run([prior('p1'), iam('w1', 'CreateUser')]);
      expect(onlyCreate.map((x) => [x.severity, x.events])).toEqual([['medium', ['w1']]]);
    },
  );

  it('a change the identity has made before is low; cold start is low', () => {
    const f = run([
      prior('p1'),
      iam('w0', 'AttachRolePolicy', { time: T0 - 2 * DAY }),
      iam('w1', 'AttachRolePolicy', { time: T0 }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['w0', 'w1']]]);
    expect(run([iam('c1', 'AttachRolePolicy')]).map((x) => x.severity)).toEqual(['low']);
  });

  it('hard negative: console session ASIA keys (fromConsole) are not tokens here', () => {
    const f = run([prior('p1'), iam('k1', 'AttachUserPolicy', { credential: { ...asia, fromConsole: true } })]);
    expect(f).toEqual([]);
  });

  it('hard negative: long-term keys, service-invoked calls, minting calls, failures, reads', () => {
    const f = run([
      prior('p1'),
      iam('n1', 'CreateAccessKey', { credential: { kind: 'long_term_key', id: 'AKIA1' } }),
      iam('n2', 'PutRolePolicy', { details: { invokedBy: 'cloudformation.amazonaws.com' } }),
      ev({
        id: 'n3',
        actor: { id: ROLE },
        credential: asia,
        action: { name: 'AssumeRole', service: 'sts.amazonaws.com', verb: 'privileged' },
      }),
      iam('n4', 'CreateUser', { outcome: { success: false, code: 'AccessDenied' } }),
      ev({
        id: 'n5',
        actor: { id: ROLE },
        credential: asia,
        action: { name: 'ListUsers', service: 'iam.amazonaws.com', verb: 'list' },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('Azure role assignment with an OAuth token and GCP SetIamPolicy with a token', () => {
    const f = run([
      prior('p1', 'mallory@contoso.com'),
      ev({
        id: 'az1',
        time: T0,
        provider: 'azure',
        format: 'azure-activity',
        actor: { id: 'mallory@contoso.com' },
        credential: { kind: 'oauth_access_token', id: 'uti-1' },
        action: {
          name: 'Microsoft.Authorization/roleAssignments/write',
          service: 'Microsoft.Authorization',
          verb: 'privileged',
        },
      }),
      ev({
        id: 'gc1',
        time: T0 + MIN,
        provider: 'gcp',
        format: 'gcp-audit',
        actor: { id: 'svc@p.iam.gserviceaccount.com', kind: 'service_principal' },
        credential: { kind: 'oauth_access_token' },
        action: { name: 'SetIamPolicy', service: 'cloudresourcemanager.googleapis.com', verb: 'privileged' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['high', ['az1']],
      ['low', ['gc1']],
    ]);
    expect(f[1]!.tokens).toEqual([]);
  });

  it('a person granting owner from the Cloud Console is at most medium; the same grant from gcloud stays high', () => {
    const user = 'user@dummy-domain.com';
    // dftimewolf's project audit log: SetIamPolicy from the IAM page (browser user agent, OAuth token).
    const BROWSER =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.81 Safari/537.36';
    const grant = (id: string, ua: string) =>
      ev({
        id,
        time: T0,
        provider: 'gcp',
        format: 'gcp-audit',
        actor: { id: user, kind: 'human' },
        credential: { kind: 'oauth_access_token' },
        source: { ip: '94.111.222.30', userAgent: ua },
        action: { name: 'SetIamPolicy', service: 'cloudresourcemanager.googleapis.com', verb: 'privileged' },
        details: { bindingDeltas: ['ADD roles/owner user:colleague@example.com'] },
      });
    const inConsole = run([prior('p1', user), grant('g1', BROWSER)]);
    expect(inConsole.map((x) => [x.severity, x.events])).toEqual([['medium', ['g1']]]);
    expect(inConsole[0]!.detail).toContain('made by a person in the console');
    const fromCli = run([
      prior('p2', user),
      grant('g2', 'google-cloud-sdk gcloud/456.0.0 command/gcloud.projects.add-iam-policy-binding'),
    ]);
    expect(fromCli.map((x) => [x.severity, x.events])).toEqual([['high', ['g2']]]);
  });

  it('Okta privilege grant with an API token and GitHub org admin change with a PAT', () => {
    const f = run([
      ev({
        id: 'ok1',
        provider: 'okta',
        format: 'okta',
        actor: { id: 'admin@example.com' },
        credential: { kind: 'pat', id: '00Tabc' },
        action: { name: 'user.account.privilege.grant', service: 'okta', verb: 'privileged' },
        target: { name: 'eve@example.com' },
      }),
      ev({
        id: 'gh1',
        time: T0 + MIN,
        provider: 'github',
        format: 'github-audit',
        actor: { id: 'octo' },
        credential: { kind: 'pat', id: 'hashed+tok=' },
        action: { name: 'org.update_member', service: 'github', verb: 'privileged' },
      }),
      ev({
        id: 'gh2',
        time: T0 + MIN,
        provider: 'github',
        format: 'github-audit',
        actor: { id: 'octo' },
        action: { name: 'org.update_member', service: 'github', verb: 'privileged' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['low', ['ok1']],
      ['low', ['gh1']],
    ]);
    expect(f[0]!.title).toBe('admin@example.com made privileged changes with an API token');
  });
});
