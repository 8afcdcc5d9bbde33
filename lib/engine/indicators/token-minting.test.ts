import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { parseOneWith } from '../../../test/support/fixture-records';
import { cloudtrail } from '../../sources/formats/cloudtrail';
import { gcpAudit } from '../../sources/formats/gcp-audit';
import { tokenMinting, tokenMintingSettings } from './token-minting';

const run = (events: TokenEvent[], o: Partial<ReturnType<typeof tokenMintingSettings.parse>> = {}) =>
  tokenMinting.evaluate(buildContext(events), tokenMintingSettings.parse(o));

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const prior = (id: string, actor = ALICE) =>
  ev({
    id,
    time: T0 - DAY,
    actor: { id: actor },
    action: { name: 'ListBuckets', service: 's3.amazonaws.com', verb: 'list' },
  });
const sts = (id: string, name: string, o: Parameters<typeof ev>[0] = {}) =>
  ev({ id, time: T0, ...o, action: { name, service: 'sts.amazonaws.com', verb: 'privileged', ...o.action } });

describe('token-minting', () => {
  it('defaults are the documented ones', () => {
    expect(tokenMintingSettings.parse({})).toEqual({
      firstSeenIsLow: true,
      minPriorEvents: 1,
      ignoreServiceInvoked: true,
      ssoPortalUserAgents: ['Jersey/'],
      mfaSessionTokenIsInfo: true,
      includeFailures: false,
      maxEvidence: 50,
      longTermKeySessionTokenIsMedium: true,
      ssoDeviceCodeClients: ['aws-cli/', 'AWS-Toolkit', 'AWSToolkit'],
      serviceAccountKeyMintingIsMedium: true,
    });
  });

  it('first GetFederationToken by a known identity is low (Elastic first-occurrence GetFederationToken rule)', () => {
    const f = run([prior('p1'), sts('m1', 'GetFederationToken', { details: { federatedName: 'x' } })]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ indicator: 'token-minting', severity: 'low', events: ['m1'], identities: [ALICE] });
    expect(f[0]!.title).toBe(`First GetFederationToken by ${ALICE}`);
  });

  it('a repeated call is info and grouped per identity × call × role', () => {
    const role = 'arn:aws:iam::111122223333:role/deploy';
    const f = run([
      sts('a1', 'AssumeRole', { time: T0 - DAY, details: { roleArn: role } }),
      sts('a2', 'AssumeRole', { time: T0, details: { roleArn: role } }),
      sts('a3', 'AssumeRole', { time: T0 + HOUR, details: { roleArn: role } }),
    ]);
    // a1 is the identity's very first event: cold start, so nothing is "first time".
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', events: ['a1', 'a2', 'a3'] });
    expect(f[0]!.detail).toContain(`AssumeRole for ${role}`);
  });

  it('cold start: the only event of an identity is not "first time"', () => {
    const f = run([sts('m1', 'GetFederationToken')]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['info', ['m1']]]);
  });

  it('hard negative: AssumeRole invoked by an AWS service produces nothing', () => {
    const f = run([
      prior('p1'),
      sts('s1', 'AssumeRole', {
        details: { invokedBy: 'cloudformation.amazonaws.com', roleArn: 'arn:aws:iam::111122223333:role/cfn' },
      }),
      sts('s2', 'AssumeRole', { actor: { id: 'lambda.amazonaws.com', kind: 'service', type: 'AWSService' } }),
    ]);
    expect(f).toEqual([]);
  });

  it('hard negative: SSO portal GetSigninToken produces nothing; another UA is reported', () => {
    const f = run([
      prior('p1'),
      ev({
        id: 'sso',
        time: T0 + MIN,
        action: { name: 'GetSigninToken', service: 'signin.amazonaws.com', verb: 'auth' },
        source: { userAgent: 'Jersey/${project.version}' },
      }),
      ev({
        id: 'cli',
        time: T0,
        action: { name: 'GetSigninToken', service: 'signin.amazonaws.com', verb: 'auth' },
        source: { userAgent: 'python-requests/2.31' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['cli']]]);
  });

  it('hard negative: GetSessionToken with an MFA serial stays info even the first time', () => {
    const f = run([prior('p1'), sts('g1', 'GetSessionToken', { details: { mfaSerial: true } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['info', ['g1']]]);
    expect(f[0]!.detail).toContain('MFA serial');
  });

  it('failed calls are left to failures-then-success unless asked for', () => {
    const events = [prior('p1'), sts('d1', 'AssumeRole', { outcome: { success: false, code: 'AccessDenied' } })];
    expect(run(events)).toEqual([]);
    expect(run(events, { includeFailures: true }).map((x) => x.events)).toEqual([['d1']]);
  });

  it('GCP GenerateAccessToken (full method name) and ExchangeToken; SA key creation is not minting', () => {
    const sa = 'svc@proj.iam.gserviceaccount.com';
    const actor = { id: 'dev@example.com' };
    const f = run([
      ev({
        id: 'g0',
        time: T0 - DAY,
        provider: 'gcp',
        format: 'gcp-audit',
        actor,
        action: { name: 'storage.buckets.list', service: 'storage.googleapis.com', verb: 'list' },
      }),
      ev({
        id: 'g1',
        time: T0,
        provider: 'gcp',
        format: 'gcp-audit',
        actor,
        action: {
          name: 'google.iam.credentials.v1.IAMCredentials.GenerateAccessToken',
          service: 'iamcredentials.googleapis.com',
          verb: 'read',
        },
        details: { impersonated: sa },
      }),
      ev({
        id: 'g2',
        time: T0 + MIN,
        provider: 'gcp',
        format: 'gcp-audit',
        actor,
        action: { name: 'ExchangeToken', service: 'sts.googleapis.com', verb: 'write' },
      }),
      ev({
        id: 'g3',
        time: T0 + MIN,
        provider: 'gcp',
        format: 'gcp-audit',
        actor,
        action: {
          name: 'google.iam.admin.v1.CreateServiceAccountKey',
          service: 'iam.googleapis.com',
          verb: 'privileged',
        },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['low', ['g1'], 'First GenerateAccessToken by dev@example.com'],
      ['low', ['g2'], 'First ExchangeToken by dev@example.com'],
    ]);
    expect(f[0]!.detail).toContain(sa);
  });

  it('Okta client_credentials grant is minting; an authorization_code grant is not', () => {
    const actor = { id: '0oa1clientapp', kind: 'service_principal' as const, type: 'PublicClientApp' };
    const f = run([
      ev({
        id: 'o1',
        provider: 'okta',
        format: 'okta',
        actor,
        action: { name: 'app.oauth2.as.token.grant.access_token', service: 'okta', verb: 'write' },
        app: { id: '0oa1clientapp', grantType: 'client_credentials' },
      }),
      ev({
        id: 'o2',
        provider: 'okta',
        format: 'okta',
        actor,
        action: { name: 'app.oauth2.as.token.grant.access_token', service: 'okta', verb: 'write' },
        app: { id: '0oa1clientapp', grantType: 'authorization_code' },
      }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['o1']]);
  });

  it('hard negative: Entra client-credential service principal sign-in is not minting', () => {
    const f = run([
      ev({
        id: 'sp1',
        provider: 'entra',
        format: 'entra-signin',
        class: 'authentication',
        actor: { id: 'sp-object-id', kind: 'service_principal' },
        action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth' },
        app: { id: 'app-id', protocol: 'client_credentials', grantType: 'client_credentials' },
        details: { category: 'ServicePrincipalSignInLogs', clientCredentialType: 'clientSecret' },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('sso CreateToken and GetRoleCredentials count only from the SSO services', () => {
    const f = run([
      ev({ id: 'c1', action: { name: 'CreateToken', service: 'sso-oidc.amazonaws.com', verb: 'write' } }),
      ev({ id: 'c2', action: { name: 'CreateToken', service: 'codestar.amazonaws.com', verb: 'write' } }),
      ev({
        id: 'c3',
        time: T0 + MIN,
        action: { name: 'GetRoleCredentials', service: 'sso.amazonaws.com', verb: 'read' },
      }),
      ev({
        id: 'c4',
        time: T0 + MIN,
        action: { name: 'GetRoleCredentials', service: 'example.amazonaws.com', verb: 'read' },
      }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['c1'], ['c3']]);
  });

  it('caps evidence at maxEvidence and says how many more', () => {
    const events = Array.from({ length: 60 }, (_, i) => sts(`r${i}`, 'AssumeRole', { time: T0 + i * MIN }));
    const f = run(events);
    expect(f).toHaveLength(1);
    expect(f[0]!.events).toHaveLength(50);
    expect(f[0]!.events[0]).toBe('r0');
    expect(f[0]!.detail).toMatch(/and 10 more events\)$/);
  });

  // Raw records written from the CloudTrail record reference (userIdentity, requestParameters and
  // responseElements of sts:GetSessionToken) and read by the real parser.
  const getSessionToken = (o: { id: string; time: string; key?: string; serial?: boolean; type?: string }) =>
    parseOneWith(
      cloudtrail,
      {
        eventVersion: '1.08',
        eventID: o.id,
        eventTime: o.time,
        eventSource: 'sts.amazonaws.com',
        eventName: 'GetSessionToken',
        awsRegion: 'us-east-1',
        sourceIPAddress: '198.51.100.23',
        userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22',
        userIdentity:
          o.type === 'AssumedRole'
            ? {
                type: 'AssumedRole',
                arn: 'arn:aws:sts::111122223333:assumed-role/Dev/bob',
                accountId: '111122223333',
                accessKeyId: 'ASIAEXAMPLEROLE00001',
              }
            : {
                type: 'IAMUser',
                principalId: 'AIDAEXAMPLEBOB000001',
                arn: 'arn:aws:iam::111122223333:user/bob',
                accountId: '111122223333',
                userName: 'bob',
                accessKeyId: o.key ?? 'AKIAEXAMPLEBOBKEY001',
              },
        requestParameters: {
          durationSeconds: 43200,
          ...(o.serial ? { serialNumber: 'arn:aws:iam::111122223333:mfa/bob' } : {}),
        },
        responseElements: {
          credentials: {
            accessKeyId: 'ASIAEXAMPLEMINTED001',
            sessionToken: 'x',
            expiration: 'Mar 2, 2026, 9:00:00 PM',
          },
        },
        recipientAccountId: '111122223333',
      },
      o.id,
    );

  it('GetSessionToken by an IAM user with a long-term key and no MFA is medium, and says why', () => {
    const f = run([getSessionToken({ id: 'gst1', time: '2026-03-02T09:00:00Z' })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['gst1']]]);
    expect(f[0]!.title).toBe('GetSessionToken by arn:aws:iam::111122223333:user/bob with a long-term key, without MFA');
    expect(f[0]!.detail).toContain(
      'IAM user bob exchanged long-term key AKIAEXAMPLEBOBKEY001 for session credentials (new key id ASIAEXAMPLEMINTED001) from 198.51.100.23 without MFA',
    );
    expect(f[0]!.detail).toContain('a minting call alone is not evidence of theft');
  });

  it("hard negatives: GetSessionToken with MFA, by a role session, or routine in the user's history is not medium", () => {
    expect(
      run([getSessionToken({ id: 'm', time: '2026-03-02T09:00:00Z', serial: true })]).map((x) => x.severity),
    ).toEqual(['info']);
    expect(
      run([getSessionToken({ id: 'r', time: '2026-03-02T09:00:00Z', type: 'AssumedRole' })]).map((x) => x.severity),
    ).toEqual(['info']);
    // The user's credential helper called it yesterday too (stored history): routine, low.
    const yesterday = Date.parse('2026-03-01T08:00:00Z');
    const history = {
      version: 1 as const,
      subjects: {
        'id:arn:aws:iam::111122223333:user/bob': {
          times: [yesterday],
          seen: { action: { GetSessionToken: yesterday } },
        },
      },
    };
    const routine = tokenMinting.evaluate(
      buildContext([getSessionToken({ id: 'd2', time: '2026-03-02T08:00:00Z' })], { history }),
      tokenMintingSettings.parse({}),
    );
    expect(routine.map((x) => x.severity)).toEqual(['low']);
    expect(routine[0]!.detail).toContain('its history has GetSessionToken before');
    expect(
      run([getSessionToken({ id: 'x', time: '2026-03-02T09:00:00Z' })], { longTermKeySessionTokenIsMedium: false }).map(
        (x) => x.severity,
      ),
    ).toEqual(['info']);
  });

  // IAM Identity Center OIDC CreateToken as CloudTrail records it (eventSource sso-oauth.amazonaws.com).
  const createToken = (id: string, userAgent: string, grantType: string, time = '2026-03-02T09:00:00Z') =>
    parseOneWith(
      cloudtrail,
      {
        eventVersion: '1.08',
        eventID: id,
        eventTime: time,
        eventSource: 'sso-oauth.amazonaws.com',
        eventName: 'CreateToken',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '203.0.113.77',
        userAgent,
        userIdentity: {
          type: 'Unknown',
          principalId: '906712345e-1111-2222-3333-444455556666',
          accountId: '111122223333',
          userName: 'carol',
        },
        requestParameters: {
          clientId: 'client-1',
          clientSecret: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          grantType,
          deviceCode: 'dc',
        },
        responseElements: { accessToken: 'HIDDEN_DUE_TO_SECURITY_REASONS', tokenType: 'Bearer', expiresIn: 28800 },
        recipientAccountId: '111122223333',
      },
      id,
    );
  const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';

  it('device-code CreateToken collected by a script, not the AWS CLI, is medium (device-code phishing)', () => {
    const f = run([
      createToken('ct1', 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/macos#23.1.0 lang/python#3.12.1', DEVICE),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['ct1']]]);
    expect(f[0]!.title).toMatch(/^CreateToken by .* by device code, collected by a non-AWS client$/);
    expect(f[0]!.detail).toContain('IAM Identity Center device-code token for carol collected by "Boto3/1.34.0');
    expect(f[0]!.detail).toContain('GetRoleCredentials');
  });

  it('hard negatives: aws sso login, an IDE toolkit, a refresh grant, and a client the identity already used', () => {
    const cli = 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.1.0 exe/x86_64 prompt/off command/sso.login';
    const toolkit =
      'aws-sdk-js/3.490.0 ua/2.0 os/darwin#23.1.0 lang/js md/nodejs#18.18.2 api/sso-oidc#3.490.0 AWS-Toolkit-For-VSCode/2.10.0';
    const boto = 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/macos#23.1.0 lang/python#3.12.1';
    expect(run([createToken('a', cli, DEVICE)]).map((x) => x.severity)).toEqual(['info']);
    expect(run([createToken('b', toolkit, DEVICE)]).map((x) => x.severity)).toEqual(['info']);
    expect(run([createToken('c', boto, 'refresh_token')]).map((x) => x.severity)).toEqual(['info']);
    const f = run([
      createToken('d1', boto, DEVICE, '2026-03-01T09:00:00Z'),
      createToken('d2', boto, DEVICE, '2026-03-02T09:00:00Z'),
    ]);
    expect(f[0]!.detail).toContain('a client this identity used before');
  });

  // GCP audit entries written from the iamcredentials audit-logging reference.
  const gcpMint = (o: {
    id: string;
    method: string;
    permission: string;
    principal: string;
    key?: boolean;
    granted?: boolean;
    ip?: string;
    sa?: string;
  }) => {
    const sa = o.sa ?? o.principal;
    const auth: Record<string, unknown> = { principalEmail: o.principal };
    if (o.key)
      auth['serviceAccountKeyName'] = `//iam.googleapis.com/projects/proj/serviceAccounts/${sa}/keys/0a1b2c3d4e5f`;
    return parseOneWith(
      gcpAudit,
      {
        insertId: o.id,
        timestamp: '2026-03-02T09:00:00Z',
        logName: 'projects/proj/logs/cloudaudit.googleapis.com%2Fdata_access',
        resource: { type: 'service_account', labels: { project_id: 'proj', email_id: sa, unique_id: '1234567890' } },
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          authenticationInfo: auth,
          requestMetadata: {
            callerIp: o.ip ?? '198.51.100.9',
            callerSuppliedUserAgent: 'google-api-python-client/2.100.0',
          },
          serviceName: 'iamcredentials.googleapis.com',
          methodName: o.method,
          authorizationInfo: [{ permission: o.permission, granted: o.granted ?? true, resourceAttributes: {} }],
          resourceName: 'projects/-/serviceAccounts/1234567890',
          request: { name: `projects/-/serviceAccounts/${sa}` },
        },
      },
      o.id,
    );
  };
  const SA = 'deployer@proj.iam.gserviceaccount.com';

  it('GCP: a service account signing with its downloaded key is medium; denied calls are failures', () => {
    const f = run([
      gcpMint({ id: 'k1', method: 'SignBlob', permission: 'iam.serviceAccounts.signBlob', principal: SA, key: true }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['k1']]]);
    expect(f[0]!.detail).toContain(
      `service account ${SA} authenticated with its downloaded key 0a1b2c3d4e5f from 198.51.100.9 and had Google sign data for itself`,
    );
    expect(
      run([
        gcpMint({
          id: 'k2',
          method: 'SignBlob',
          permission: 'iam.serviceAccounts.signBlob',
          principal: SA,
          key: true,
          granted: false,
        }),
      ]),
    ).toEqual([]);
    expect(
      run(
        [
          gcpMint({
            id: 'k3',
            method: 'SignBlob',
            permission: 'iam.serviceAccounts.signBlob',
            principal: SA,
            key: true,
            granted: false,
          }),
        ],
        { includeFailures: true },
      ).map((x) => x.severity),
    ).toEqual(['info']);
  });

  it('GCP hard negative: the attached service account minting for itself without a key stays info', () => {
    const f = run([
      gcpMint({
        id: 'n1',
        method: 'GenerateAccessToken',
        permission: 'iam.serviceAccounts.getAccessToken',
        principal: SA,
        ip: '10.128.0.7',
      }),
    ]);
    expect(f.map((x) => x.severity)).toEqual(['info']);
    expect(f[0]!.detail).not.toContain('downloaded key');
  });
});
