import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { newAuthMaterial, newAuthMaterialSettings } from './new-auth-material';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  newAuthMaterial.evaluate(buildContext(events), newAuthMaterialSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const iam = (id: string, name: string, details: Record<string, string> = {}, t = T0) =>
  ev({ id, time: t, actor: { id: ALICE }, credential: { kind: 'temporary_key', id: 'ASIA1' }, action: { name, service: 'iam.amazonaws.com', verb: 'privileged' }, details });
const entra = (id: string, name: string, modifiedProperties: string[] = [], t = T0) =>
  ev({ id, time: t, provider: 'entra', format: 'entra-audit', class: 'account_change', actor: { id: 'mallory@contoso.com' },
    action: { name, service: 'Core Directory', verb: 'privileged' }, target: { id: 'app-obj-1', name: 'Payroll Sync' }, details: { category: 'AuditLogs', modifiedProperties } });

describe('new-auth-material', () => {
  it('defaults', () => {
    expect(newAuthMaterialSettings.parse({})).toEqual({ otherUserSeverity: 'high', maxEvidence: 50 });
  });

  it('S8: CreateAccessKey for another user is high; for oneself is low', () => {
    const f = run([iam('k1', 'CreateAccessKey', { targetUser: 'bob' }), iam('k2', 'CreateAccessKey', {}, T0 + MIN), iam('k3', 'CreateAccessKey', { targetUser: 'alice' }, T0 + 2 * MIN)]);
    expect(sev(f)).toEqual([['high', ['k1']], ['low', ['k2', 'k3']]]);
    expect(f[0]!.detail).toContain('for another user: bob (caller alice; S8)');
    expect(f[0]!.title).toBe('Access key created for bob');
  });

  it('console password for another user (Create/UpdateLoginProfile)', () => {
    expect(sev(run([iam('l1', 'UpdateLoginProfile', { targetUser: 'root-ops' })]))).toEqual([['high', ['l1']]]);
  });

  it('Entra: SP credentials, certificates and secrets, FIC, redirect URI', () => {
    const f = run([
      entra('e1', 'Add service principal credentials'),
      entra('e2', 'Update application – Certificates and secrets management', ['KeyDescription=[KeyIdentifier=1,KeyType=Password]'], T0 + MIN),
      entra('e3', 'Update application', ['AppAddress=[https://evil.example/cb]'], T0 + 2 * MIN),
      entra('e4', 'Update application', ['FederatedIdentityCredentials=[{"Issuer":"https://token.actions.githubusercontent.com"}]'], T0 + 3 * MIN),
      entra('e5', 'Update application', ['DisplayName=Payroll Sync 2'], T0 + 4 * MIN),
    ]);
    expect(sev(f)).toEqual([['medium', ['e1']], ['medium', ['e2']], ['medium', ['e3']], ['medium', ['e4']]]);
    expect(f[2]!.detail).toContain('AppAddress = [https://evil.example/cb]');
    expect(f[3]!.title).toBe('Federated identity credential added or changed for Payroll Sync');
  });

  it('hard negative: StsRefreshTokensValidFrom is remediation context, info only', () => {
    const f = run([entra('r1', 'Update user', ['StsRefreshTokensValidFrom=2026-03-02T09:00:00Z'])]);
    expect(sev(f)).toEqual([['info', ['r1']]]);
    expect(f[0]!.title).toMatch(/^Refresh tokens revoked/);
  });

  it('Okta API token and client secret read, GCP SA key, Workspace DWD', () => {
    const f = run([
      ev({ id: 'o1', provider: 'okta', format: 'okta', actor: { id: 'admin@example.com' }, action: { name: 'system.api_token.create', service: 'okta', verb: 'privileged' } }),
      ev({ id: 'o2', time: T0 + MIN, provider: 'okta', format: 'okta', actor: { id: 'admin@example.com' }, action: { name: 'app.oauth2.client.read_client_secret', service: 'okta', verb: 'read' } }),
      ev({ id: 'g1', time: T0 + 2 * MIN, provider: 'gcp', format: 'gcp-audit', actor: { id: 'eve@example.com' }, action: { name: 'google.iam.admin.v1.CreateServiceAccountKey', service: 'iam.googleapis.com', verb: 'privileged' } }),
      ev({ id: 'w1', time: T0 + 3 * MIN, provider: 'workspace', format: 'workspace-admin', actor: { id: 'admin@example.com' }, action: { name: 'AUTHORIZE_API_CLIENT_ACCESS', service: 'admin', verb: 'privileged' } }),
    ]);
    expect(sev(f)).toEqual([['medium', ['o1']], ['medium', ['o2']], ['medium', ['g1']], ['medium', ['w1']]]);
  });

  it('GitHub PAT, OAuth token, SSH key, app install are low building blocks; revocations are nothing', () => {
    const gh = (id: string, name: string, i: number) => ev({ id, time: T0 + i * MIN, provider: 'github', format: 'github-audit', actor: { id: 'octo' }, action: { name, service: 'github', verb: 'privileged' } });
    const f = run([
      gh('h1', 'personal_access_token.access_granted', 0), gh('h2', 'oauth_access.create', 1), gh('h3', 'public_key.create', 2),
      gh('h4', 'integration_installation.create', 3), gh('h5', 'personal_access_token.access_revoked', 4), gh('h6', 'oauth_access.destroy', 5),
    ]);
    expect(sev(f)).toEqual([['low', ['h1']], ['low', ['h2']], ['low', ['h3']], ['low', ['h4']]]);
  });

  it('failed attempts create nothing', () => {
    expect(run([ev({ id: 'x', action: { name: 'CreateAccessKey', service: 'iam.amazonaws.com', verb: 'privileged' }, outcome: { success: false, code: 'AccessDenied' } })])).toEqual([]);
  });
});
