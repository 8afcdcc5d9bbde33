import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { parseOneWith } from '../../../test/support/fixture-records';
import { gcpAudit } from '../../sources/formats/gcp-audit';
import { assessPolicy, broaderPermissions, broaderPermissionsSettings } from './broader-permissions';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  broaderPermissions.evaluate(buildContext(events), broaderPermissionsSettings.parse(o));

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const sts = (
  id: string,
  name: string,
  details: Record<string, string | number | boolean | string[]>,
  o: Parameters<typeof ev>[0] = {},
) =>
  ev({
    id,
    time: T0,
    actor: { id: ALICE },
    credential: { kind: 'long_term_key', id: 'AKIAEXAMPLE' },
    ...o,
    action: { name, service: 'sts.amazonaws.com', verb: 'privileged' },
    details,
  });

const ALLOW_ALL_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

describe('broader-permissions', () => {
  it('defaults', () => {
    expect(broaderPermissionsSettings.parse({})).toEqual({
      maxDurationSeconds: 86_400,
      maxDelegationHops: 1,
      checkFederatedName: true,
      checkRoleChaining: true,
      checkCrossAccount: true,
      ignoreServiceInvoked: true,
      maxEvidence: 50,
    });
  });

  it('GetFederationToken with an inline Action:* Resource:* policy under another name is high', () => {
    const f = run([
      sts('f1', 'GetFederationToken', {
        policy: ALLOW_ALL_POLICY,
        federatedName: 'ops-federated',
        durationSeconds: 129_600,
      }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      indicator: 'broader-permissions',
      severity: 'high',
      events: ['f1'],
      identities: [ALICE],
      tokens: ['AKIAEXAMPLE'],
    });
    expect(f[0]!.detail).toContain('Action "*" on Resource "*"');
    expect(f[0]!.detail).toContain('{"Effect":"Allow","Action":"*","Resource":"*"}');
    expect(f[0]!.detail).toContain('durationSeconds 129600 > 86400');
    expect(f[0]!.detail).toContain('federated name "ops-federated" is not the caller\'s user name "alice"');
  });

  it('Elastic GetFederationToken with AdministratorAccess: AdministratorAccess in policyArns is high; *FullAccess is medium', () => {
    const f = run([
      sts('a1', 'GetFederationToken', {
        policyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        federatedName: 'alice',
      }),
      sts(
        'a2',
        'AssumeRole',
        { policyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'], roleArn: 'arn:aws:iam::111122223333:role/r' },
        { time: T0 + MIN },
      ),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['high', ['a1']],
      ['medium', ['a2']],
    ]);
  });

  it('parses defensively: truncated policy text is searched; invalid JSON and odd shapes never throw', () => {
    const truncated = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b';
    expect(assessPolicy(truncated)).toMatchObject({ actionStar: true, resourceStar: false, parsed: false });
    expect(assessPolicy('not json at all')).toBeUndefined();
    expect(assessPolicy('{"Statement": 5}')).toBeUndefined();
    expect(assessPolicy(JSON.stringify(ALLOW_ALL_POLICY))).toMatchObject({
      actionStar: true,
      resourceStar: true,
      parsed: true,
    });
    expect(assessPolicy(encodeURIComponent(ALLOW_ALL_POLICY))).toMatchObject({ actionStar: true, parsed: true });
    expect(assessPolicy('{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}')).toBeUndefined();
    expect(assessPolicy('{"statement":[{"effect":"Allow","NotAction":["iam:*"],"Resource":"*"}]}')).toMatchObject({
      notAction: true,
      resourceStar: true,
      actionStar: false,
    });
    const f = run([sts('t1', 'GetFederationToken', { policy: truncated, federatedName: 'alice' })]);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.detail).toContain('truncated or invalid');
  });

  it('Resource:* with narrow actions is low; a narrow policy is nothing', () => {
    const f = run([
      sts('n1', 'GetFederationToken', {
        policy: '{"Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}',
        federatedName: 'alice',
      }),
      sts(
        'n2',
        'GetFederationToken',
        {
          policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
          federatedName: 'alice',
        },
        { time: T0 + MIN },
      ),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['n1']]]);
  });

  it('role chaining and first cross-account AssumeRole are low; repeats into the same account are grouped', () => {
    const session = 'arn:aws:sts::111122223333:assumed-role/ci/build-42';
    const target = 'arn:aws:iam::444455556666:role/prod-admin';
    const f = run([
      sts(
        'c1',
        'AssumeRole',
        { roleArn: target, accountId: '111122223333' },
        { actor: { id: session, type: 'AssumedRole' }, credential: { kind: 'temporary_key', id: 'ASIA1' } },
      ),
      sts(
        'c2',
        'AssumeRole',
        { roleArn: target, accountId: '111122223333' },
        {
          time: T0 + MIN,
          actor: { id: session, type: 'AssumedRole' },
          credential: { kind: 'temporary_key', id: 'ASIA1' },
        },
      ),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['low', ['c1']],
      ['low', ['c2']],
    ]);
    expect(f[0]!.detail).toContain('role chaining');
    expect(f[0]!.detail).toContain('caller account 111122223333 → role account 444455556666');
    expect(f[1]!.detail).not.toContain('cross-account');
  });

  it('hard negative: AssumeRole invoked by an AWS service, same-account AssumeRole by a user', () => {
    const f = run([
      sts(
        's1',
        'AssumeRole',
        { roleArn: 'arn:aws:iam::444455556666:role/x', invokedBy: 'ec2.amazonaws.com', durationSeconds: 200_000 },
        { actor: { id: 'arn:aws:sts::111122223333:assumed-role/a/b', type: 'AssumedRole' } },
      ),
      sts('s2', 'AssumeRole', {
        roleArn: 'arn:aws:iam::111122223333:role/dev',
        accountId: '111122223333',
        durationSeconds: 3600,
      }),
      sts('s3', 'AssumeRole', { policy: ALLOW_ALL_POLICY }, { outcome: { success: false, code: 'AccessDenied' } }),
    ]);
    expect(f).toEqual([]);
  });

  it('AssumeRoot is medium', () => {
    const f = run([sts('r1', 'AssumeRoot', { targetPrincipal: '444455556666' })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['r1']]]);
  });

  it('GCP: impersonation role grants (serviceAccountTokenCreator and kin) and delegation chains with more than one hop', () => {
    const gcp = (id: string, name: string, details: Record<string, string[]>, t = T0) =>
      ev({
        id,
        time: t,
        provider: 'gcp',
        format: 'gcp-audit',
        actor: { id: 'eve@example.com' },
        action: { name, service: 'iam.googleapis.com', verb: 'privileged' },
        target: { name: 'projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com' },
        details,
      });
    const f = run([
      gcp('g1', 'google.iam.admin.v1.SetIamPolicy', {
        bindingDeltas: [
          'ADD roles/iam.serviceAccountTokenCreator user:eve@example.com',
          'ADD roles/viewer user:bob@example.com',
        ],
      }),
      gcp('g2', 'SetIamPolicy', { bindingDeltas: ['ADD roles/iam.serviceAccountUser allUsers'] }, T0 + MIN),
      gcp(
        'g3',
        'SetIamPolicy',
        { bindingDeltas: ['REMOVE roles/iam.serviceAccountTokenCreator user:eve@example.com'] },
        T0 + 2 * MIN,
      ),
      gcp(
        'g4',
        'GenerateAccessToken',
        { delegationChain: ['a@p.iam.gserviceaccount.com', 'b@p.iam.gserviceaccount.com'] },
        T0 + 3 * MIN,
      ),
      gcp('g5', 'GenerateAccessToken', { delegationChain: ['a@p.iam.gserviceaccount.com'] }, T0 + 4 * MIN),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['medium', ['g1']],
      ['high', ['g2']],
      ['medium', ['g4']],
    ]);
    expect(f[0]!.detail).toContain('roles/iam.serviceAccountTokenCreator granted to user:eve@example.com');
    expect(f[2]!.detail).toContain('2 hops > 1');
  });

  // GCP audit entries written from the iamcredentials audit-logging reference: `principal` asks for
  // a credential as service account `sa`.
  const impersonate = (
    id: string,
    principal: { email?: string; subject?: string; delegator?: string },
    sa: string,
    method = 'GenerateAccessToken',
    granted = true,
  ) => {
    const auth: Record<string, unknown> = {};
    if (principal.email) auth['principalEmail'] = principal.email;
    if (principal.subject) auth['principalSubject'] = principal.subject;
    if (principal.delegator)
      auth['serviceAccountDelegationInfo'] = [{ firstPartyPrincipal: { principalEmail: principal.delegator } }];
    const permission =
      method === 'SignJwt'
        ? 'iam.serviceAccounts.signJwt'
        : method === 'SignBlob'
          ? 'iam.serviceAccounts.signBlob'
          : 'iam.serviceAccounts.getAccessToken';
    return parseOneWith(
      gcpAudit,
      {
        insertId: id,
        timestamp: '2026-03-02T09:00:00Z',
        logName: 'projects/proj/logs/cloudaudit.googleapis.com%2Fdata_access',
        resource: { type: 'service_account', labels: { project_id: 'proj', email_id: sa, unique_id: '1234567890' } },
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          authenticationInfo: auth,
          requestMetadata: { callerIp: '198.51.100.9', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/470.0.0' },
          serviceName: 'iamcredentials.googleapis.com',
          methodName: method,
          authorizationInfo: [{ permission, granted, resourceAttributes: {} }],
          resourceName: 'projects/-/serviceAccounts/1234567890',
          request: { name: `projects/-/serviceAccounts/${sa}` },
        },
      },
      id,
    );
  };
  const DEPLOYER = 'deployer@proj.iam.gserviceaccount.com';

  it('GCP: a user minting as a service account is medium and says whose roles the token carries', () => {
    const f = run([impersonate('i1', { email: 'alice@example.com' }, DEPLOYER)]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['medium', ['i1'], 'GenerateAccessToken by alice@example.com impersonating a service account'],
    ]);
    expect(f[0]!.detail).toBe(
      `GenerateAccessToken: user alice@example.com obtained an access token as service account ${DEPLOYER}: ` +
        `the credential carries ${DEPLOYER}'s roles, not alice@'s, so it is broader than the user's own permissions`,
    );
  });

  it('GCP: one service account signing a JWT as another is medium', () => {
    const f = run([impersonate('i2', { email: 'ci@proj.iam.gserviceaccount.com' }, DEPLOYER, 'SignJwt')]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['i2']]]);
    expect(f[0]!.detail).toContain(
      `service account ci@proj.iam.gserviceaccount.com had Google sign a JWT as service account ${DEPLOYER}`,
    );
  });

  it('GCP hard negatives: itself, Google first-party principals, denied calls; federated workloads are info', () => {
    expect(run([impersonate('n1', { email: DEPLOYER }, DEPLOYER)])).toEqual([]);
    expect(run([impersonate('n2', { subject: `serviceAccount:${DEPLOYER}` }, DEPLOYER, 'SignBlob')])).toEqual([]);
    expect(
      run([
        impersonate(
          'n3',
          {
            email: 'latchkey-tag-automation@system.gserviceaccount.com',
            delegator: 'latchkey-tag-automation@prod.google.com',
          },
          DEPLOYER,
        ),
      ]),
    ).toEqual([]);
    expect(
      run([impersonate('n4', { email: 'service-123@gcp-sa-cloudscheduler.iam.gserviceaccount.com' }, DEPLOYER)]),
    ).toEqual([]);
    expect(run([impersonate('n5', { email: 'alice@example.com' }, DEPLOYER, 'GenerateAccessToken', false)])).toEqual(
      [],
    );
    const fed = run([
      impersonate(
        'w1',
        {
          subject:
            'principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/subject/repo:org/app:ref:refs/heads/main',
        },
        DEPLOYER,
      ),
      impersonate('w2', { subject: 'serviceAccount:proj.svc.id.goog[payments/api]' }, DEPLOYER),
    ]);
    expect(fed.map((x) => [x.severity, x.events])).toEqual([
      ['info', ['w1']],
      ['info', ['w2']],
    ]);
    expect(fed[0]!.detail).toContain('federated workload identity');
  });
});
