import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { tokenMinting, tokenMintingSettings } from './token-minting';

const run = (events: TokenEvent[], o: Partial<ReturnType<typeof tokenMintingSettings.parse>> = {}) =>
  tokenMinting.evaluate(buildContext(events), tokenMintingSettings.parse(o));

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const prior = (id: string, actor = ALICE) =>
  ev({ id, time: T0 - DAY, actor: { id: actor }, action: { name: 'ListBuckets', service: 's3.amazonaws.com', verb: 'list' } });
const sts = (id: string, name: string, o: Parameters<typeof ev>[0] = {}) =>
  ev({ id, time: T0, ...o, action: { name, service: 'sts.amazonaws.com', verb: 'privileged', ...o.action } });

describe('token-minting', () => {
  it('defaults are the documented ones', () => {
    expect(tokenMintingSettings.parse({})).toEqual({
      firstSeenIsLow: true, minPriorEvents: 1, ignoreServiceInvoked: true, ssoPortalUserAgents: ['Jersey/'],
      mfaSessionTokenIsInfo: true, includeFailures: false, maxEvidence: 50,
    });
  });

  it('first GetFederationToken by a known identity is low (E1)', () => {
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
      sts('s1', 'AssumeRole', { details: { invokedBy: 'cloudformation.amazonaws.com', roleArn: 'arn:aws:iam::111122223333:role/cfn' } }),
      sts('s2', 'AssumeRole', { actor: { id: 'lambda.amazonaws.com', kind: 'service', type: 'AWSService' } }),
    ]);
    expect(f).toEqual([]);
  });

  it('hard negative: SSO portal GetSigninToken produces nothing; another UA is reported', () => {
    const f = run([
      prior('p1'),
      ev({ id: 'sso', time: T0 + MIN, action: { name: 'GetSigninToken', service: 'signin.amazonaws.com', verb: 'auth' }, source: { userAgent: 'Jersey/${project.version}' } }),
      ev({ id: 'cli', time: T0, action: { name: 'GetSigninToken', service: 'signin.amazonaws.com', verb: 'auth' }, source: { userAgent: 'python-requests/2.31' } }),
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
      ev({ id: 'g0', time: T0 - DAY, provider: 'gcp', format: 'gcp-audit', actor, action: { name: 'storage.buckets.list', service: 'storage.googleapis.com', verb: 'list' } }),
      ev({ id: 'g1', time: T0, provider: 'gcp', format: 'gcp-audit', actor, action: { name: 'google.iam.credentials.v1.IAMCredentials.GenerateAccessToken', service: 'iamcredentials.googleapis.com', verb: 'read' }, details: { impersonated: sa } }),
      ev({ id: 'g2', time: T0 + MIN, provider: 'gcp', format: 'gcp-audit', actor, action: { name: 'ExchangeToken', service: 'sts.googleapis.com', verb: 'write' } }),
      ev({ id: 'g3', time: T0 + MIN, provider: 'gcp', format: 'gcp-audit', actor, action: { name: 'google.iam.admin.v1.CreateServiceAccountKey', service: 'iam.googleapis.com', verb: 'privileged' } }),
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
      ev({ id: 'o1', provider: 'okta', format: 'okta', actor, action: { name: 'app.oauth2.as.token.grant.access_token', service: 'okta', verb: 'write' }, app: { id: '0oa1clientapp', grantType: 'client_credentials' } }),
      ev({ id: 'o2', provider: 'okta', format: 'okta', actor, action: { name: 'app.oauth2.as.token.grant.access_token', service: 'okta', verb: 'write' }, app: { id: '0oa1clientapp', grantType: 'authorization_code' } }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['o1']]);
  });

  it('hard negative: Entra client-credential service principal sign-in is not minting', () => {
    const f = run([ev({
      id: 'sp1', provider: 'entra', format: 'entra-signin', class: 'authentication',
      actor: { id: 'sp-object-id', kind: 'service_principal' },
      action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth' },
      app: { id: 'app-id', protocol: 'client_credentials', grantType: 'client_credentials' },
      details: { category: 'ServicePrincipalSignInLogs', clientCredentialType: 'clientSecret' },
    })]);
    expect(f).toEqual([]);
  });

  it('sso CreateToken counts only from the SSO services', () => {
    const f = run([
      ev({ id: 'c1', action: { name: 'CreateToken', service: 'sso-oidc.amazonaws.com', verb: 'write' } }),
      ev({ id: 'c2', action: { name: 'CreateToken', service: 'codestar.amazonaws.com', verb: 'write' } }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['c1']]);
  });

  it('caps evidence at maxEvidence and says how many more', () => {
    const events = Array.from({ length: 60 }, (_, i) => sts(`r${i}`, 'AssumeRole', { time: T0 + i * MIN }));
    const f = run(events);
    expect(f).toHaveLength(1);
    expect(f[0]!.events).toHaveLength(50);
    expect(f[0]!.events[0]).toBe('r0');
    expect(f[0]!.detail).toMatch(/and 10 more events\)$/);
  });
});
