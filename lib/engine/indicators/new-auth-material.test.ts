import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { newAuthMaterial, newAuthMaterialSettings } from './new-auth-material';
import { decide } from '../verdict';
import { githubAudit } from '../../sources/formats/github-audit';
import { loadFixture, parseAllWith } from '../../../test/support/fixture-records';

const ghFixture = (f: string): TokenEvent[] => parseAllWith(githubAudit, loadFixture('github-audit/' + f), f);

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  newAuthMaterial.evaluate(buildContext(events), newAuthMaterialSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const iam = (id: string, name: string, details: Record<string, string> = {}, t = T0) =>
  ev({
    id,
    time: t,
    actor: { id: ALICE },
    credential: { kind: 'temporary_key', id: 'ASIA1' },
    action: { name, service: 'iam.amazonaws.com', verb: 'privileged' },
    details,
  });
const gh = (id: string, name: string, i: number) =>
  ev({
    id,
    time: T0 + i * MIN,
    provider: 'github',
    format: 'github-audit',
    actor: { id: 'octo' },
    action: { name, service: 'github', verb: 'privileged' },
  });
const entra = (id: string, name: string, modifiedProperties: string[] = [], t = T0) =>
  ev({
    id,
    time: t,
    provider: 'entra',
    format: 'entra-audit',
    class: 'account_change',
    actor: { id: 'mallory@contoso.com' },
    action: { name, service: 'Core Directory', verb: 'privileged' },
    target: { id: 'app-obj-1', name: 'Payroll Sync' },
    details: { category: 'AuditLogs', modifiedProperties },
  });

describe('new-auth-material', () => {
  it('defaults', () => {
    expect(newAuthMaterialSettings.parse({})).toEqual({
      otherUserSeverity: 'high',
      githubBrowserSelfServiceSeverity: 'low',
      severities: {
        'sp-credential': 'medium',
        'app-credential': 'medium',
        'federated-credential': 'medium',
        'redirect-uri': 'medium',
        'refresh-tokens-revoked': 'info',
        'api-token': 'medium',
        'client-secret-read': 'medium',
        'sa-key': 'medium',
        'access-key': 'medium',
        'login-profile': 'medium',
        'password-change': 'low',
        pat: 'medium',
        'oauth-token': 'medium',
        'ssh-key': 'medium',
        'app-install': 'medium',
        'domain-wide-delegation': 'medium',
      },
      maxEvidence: 50,
    });
  });

  it('Sigma "AWS IAM Backdoor Users Keys": CreateAccessKey for another user is high; for oneself is medium (persistence, a Tier-1 look)', () => {
    const f = run([
      iam('k1', 'CreateAccessKey', { targetUser: 'bob' }),
      iam('k2', 'CreateAccessKey', {}, T0 + MIN),
      iam('k3', 'CreateAccessKey', { targetUser: 'alice' }, T0 + 2 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['k1']],
      ['medium', ['k2', 'k3']],
    ]);
    expect(f[0]!.detail).toContain('for another user: bob (caller alice), with programmatic credentials');
    expect(f[0]!.title).toBe('Access key created for bob');
  });

  it('console password for another user (Create/UpdateLoginProfile)', () => {
    expect(sev(run([iam('l1', 'UpdateLoginProfile', { targetUser: 'root-ops' })]))).toEqual([['high', ['l1']]]);
  });

  it('a console password created for oneself is medium; changing one’s own password is low', () => {
    const f = run([
      iam('l1', 'CreateLoginProfile', { targetUser: 'alice' }),
      iam('l2', 'UpdateLoginProfile', {}, T0 + MIN),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['l1']],
      ['low', ['l2']],
    ]);
    expect(f[0]!.detail).toContain('for the caller itself');
    // Someone else's password changed is a takeover.
    const other = run([iam('l3', 'UpdateLoginProfile', { targetUser: 'bob' })]);
    expect(sev(other)).toEqual([['high', ['l3']]]);
  });

  it('hard negative: an administrator managing console access in the console is at most medium, low without a named caller', () => {
    const EDGE =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36';
    const consoleIam = (id: string, name: string, o: Parameters<typeof ev>[0]) =>
      ev({
        id,
        time: T0,
        action: { name, service: 'iam.amazonaws.com', verb: 'privileged' },
        details: { targetUser: '1_Petulla' },
        ...o,
      });
    // A console session (sessionCredentialFromConsole) by a named admin: another user's password, medium.
    const named = run([
      consoleIam('c1', 'UpdateLoginProfile', {
        actor: { id: ALICE },
        credential: { kind: 'temporary_key', id: 'ASIA2', fromConsole: true },
        source: { userAgent: EDGE },
      }),
    ]);
    expect(sev(named)).toEqual([['medium', ['c1']]]);
    expect(named[0]!.detail).toContain('made in the console');
    // The stripped CloudConsoleCartographer shape: no userIdentity, the console's back end as user agent.
    const stripped = run([
      consoleIam('c2', 'CreateLoginProfile', {
        actor: { id: 'unknown', kind: 'unknown' },
        source: {
          userAgent: 'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64 java/1.8.0_402',
        },
      }),
      consoleIam('c3', 'UpdateLoginProfile', {
        actor: { id: 'unknown', kind: 'unknown' },
        source: { userAgent: EDGE },
      }),
    ]);
    // The console back end says console; a bare browser user agent does not (anyone can send one),
    // and a record without a caller cannot be the other-user pattern at full weight: medium.
    expect(stripped.map((f) => f.severity)).toEqual(['low', 'medium']);
    expect(stripped[0]!.identities).toEqual([]);
    // The same change with programmatic credentials from the CLI stays high (positive).
    const cli = run([
      consoleIam('c4', 'UpdateLoginProfile', {
        actor: { id: ALICE },
        credential: { kind: 'temporary_key', id: 'ASIA3' },
        source: { userAgent: 'aws-cli/2.15.30 Python/3.11.8' },
      }),
    ]);
    expect(sev(cli)).toEqual([['high', ['c4']]]);
  });

  it('Entra: SP credentials, certificates and secrets, FIC, redirect URI', () => {
    const f = run([
      entra('e1', 'Add service principal credentials'),
      entra(
        'e2',
        'Update application – Certificates and secrets management',
        ['KeyDescription=[KeyIdentifier=1,KeyType=Password]'],
        T0 + MIN,
      ),
      entra('e3', 'Update application', ['AppAddress=[https://evil.example/cb]'], T0 + 2 * MIN),
      entra(
        'e4',
        'Update application',
        ['FederatedIdentityCredentials=[{"Issuer":"https://token.actions.githubusercontent.com"}]'],
        T0 + 3 * MIN,
      ),
      entra('e5', 'Update application', ['DisplayName=Payroll Sync 2'], T0 + 4 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['e1']],
      ['medium', ['e2']],
      ['medium', ['e3']],
      ['medium', ['e4']],
    ]);
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
      ev({
        id: 'o1',
        provider: 'okta',
        format: 'okta',
        actor: { id: 'admin@example.com' },
        action: { name: 'system.api_token.create', service: 'okta', verb: 'privileged' },
      }),
      ev({
        id: 'o2',
        time: T0 + MIN,
        provider: 'okta',
        format: 'okta',
        actor: { id: 'admin@example.com' },
        action: { name: 'app.oauth2.client.read_client_secret', service: 'okta', verb: 'read' },
      }),
      ev({
        id: 'g1',
        time: T0 + 2 * MIN,
        provider: 'gcp',
        format: 'gcp-audit',
        actor: { id: 'eve@example.com' },
        action: {
          name: 'google.iam.admin.v1.CreateServiceAccountKey',
          service: 'iam.googleapis.com',
          verb: 'privileged',
        },
      }),
      ev({
        id: 'w1',
        time: T0 + 3 * MIN,
        provider: 'workspace',
        format: 'workspace-admin',
        actor: { id: 'admin@example.com' },
        action: { name: 'AUTHORIZE_API_CLIENT_ACCESS', service: 'admin', verb: 'privileged' },
      }),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['o1']],
      ['medium', ['o2']],
      ['medium', ['g1']],
      ['medium', ['w1']],
    ]);
  });

  it('GitHub PAT, OAuth token, SSH key, app install are medium; revocations are nothing', () => {
    const f = run([
      gh('h1', 'personal_access_token.access_granted', 0),
      gh('h2', 'oauth_access.create', 1),
      gh('h3', 'public_key.create', 2),
      gh('h4', 'integration_installation.create', 3),
      gh('h5', 'personal_access_token.access_revoked', 4),
      gh('h6', 'oauth_access.destroy', 5),
      gh('h7', 'personal_access_token.create', 6),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['h1', 'h7']],
      ['medium', ['h2']],
      ['medium', ['h3']],
      ['medium', ['h4']],
    ]);
  });

  it('hard negative: near-miss GitHub actions are not material (deletions, requests denied, installs removed)', () => {
    expect(
      run([
        gh('x1', 'public_key.delete', 0),
        gh('x2', 'integration_installation.destroy', 1),
        gh('x3', 'personal_access_token.request_denied', 2),
        gh('x4', 'oauth_access.update', 3),
        gh('x5', 'oauth_authorization.create', 4),
      ]),
    ).toEqual([]);
    // The same action names from another provider are not GitHub's material either.
    expect(
      run([
        ev({ id: 'y1', provider: 'okta', format: 'okta', action: { name: 'public_key.create', verb: 'privileged' } }),
      ]),
    ).toEqual([]);
  });

  it('GitHub hard negative: a PAT requested, granted and created in the browser for one’s own account is low (self-service lifecycle)', () => {
    const f = run(ghFixture('token-lifecycle-browser.json'));
    expect(sev(f)).toEqual([
      ['low', ['Lc1example-pat-request==', 'Lc1example-pat-granted==', 'Lc1example-pat-create==']],
    ]);
    expect(f[0]!.title).toBe('Personal access token created or granted for ci-deploy');
    expect(f[0]!.detail).toContain('made in the browser by the account holder for their own account');
    expect(decide(f).verdict).toBe('benign');
  });

  it('GitHub positive: an SSH key and a PAT made by a token from a script keep the kind’s severity', () => {
    const f = run(ghFixture('token-minted-by-token.json'));
    expect(sev(f)).toEqual([
      ['medium', ['Mt1example-sshkey==']],
      ['medium', ['Mt1example-pat-request==']],
    ]);
    expect(f[0]!.detail).toContain(
      'made with an OAuth or GitHub App token from python-requests/2.32.3, not in the browser',
    );
    expect(f[1]!.detail).toContain('made with a personal access token');
    expect(f[1]!.title).toBe('Personal access token created or granted for backup');
  });

  it('GitHub: a token granted in the browser for another user keeps the kind’s severity (an admin approving someone’s token)', () => {
    const f = run([
      ev({
        id: 'a1',
        provider: 'github',
        format: 'github-audit',
        actor: { id: 'octo-admin' },
        credential: { kind: 'session' },
        action: { name: 'personal_access_token.access_granted', service: 'github', verb: 'privileged' },
        target: { id: 'h1', name: 'sync', type: 'personal access token' },
        details: { targetUser: 'octo-dev' },
      }),
    ]);
    expect(sev(f)).toEqual([['medium', ['a1']]]);
    expect(f[0]!.detail).toContain('made in the browser by octo-admin for octo-dev');
  });

  it('severity per material kind is a setting', () => {
    const events = [
      gh('h1', 'personal_access_token.create', 0),
      iam('k1', 'CreateAccessKey', {}, T0 + MIN),
      iam('k2', 'CreateAccessKey', { targetUser: 'bob' }, T0 + 2 * MIN),
      entra('r1', 'Update user', ['StsRefreshTokensValidFrom=2026-03-02T09:00:00Z'], T0 + 3 * MIN),
    ];
    const f = run(events, {
      severities: { pat: 'low', 'access-key': 'high', 'refresh-tokens-revoked': 'low' },
      otherUserSeverity: 'medium',
    });
    expect(sev(f)).toEqual([
      ['low', ['h1']],
      ['high', ['k1']],
      ['medium', ['k2']],
      ['low', ['r1']],
    ]);
    // Kinds not named keep their defaults; a misspelt kind is refused.
    expect(newAuthMaterialSettings.parse({ severities: { pat: 'low' } }).severities['ssh-key']).toBe('medium');
    expect(newAuthMaterialSettings.safeParse({ severities: { PAT: 'low' } }).success).toBe(false);
    expect(newAuthMaterialSettings.safeParse({ severities: { pat: 'critical' } }).success).toBe(false);
  });

  it('medium material on its own is at most suspicious for the verdict (persistence never escalates alone)', () => {
    const f = run([
      gh('h1', 'personal_access_token.create', 0),
      gh('h2', 'public_key.create', 1),
      gh('h3', 'integration_installation.create', 2),
    ]);
    expect(f.every((x) => x.severity === 'medium')).toBe(true);
    expect(decide(f).verdict).toBe('suspicious');
  });

  it('failed attempts create nothing', () => {
    expect(
      run([
        ev({
          id: 'x',
          action: { name: 'CreateAccessKey', service: 'iam.amazonaws.com', verb: 'privileged' },
          outcome: { success: false, code: 'AccessDenied' },
        }),
      ]),
    ).toEqual([]);
  });

  it('Entra: a secret rotated in the portal next to the existing one is low; the same from PowerShell, or a first secret, stays medium', () => {
    const BROWSER =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    const PS = 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.1';
    const two = [
      'KeyDescription=[KeyIdentifier=k1,KeyType=Password,KeyUsage=Verify,DisplayName=2025][KeyIdentifier=k2,KeyType=Password,KeyUsage=Verify,DisplayName=2026]',
    ];
    const one = ['KeyDescription=[KeyIdentifier=k2,KeyType=Password,KeyUsage=Verify,DisplayName=sync]'];
    const op = 'Update application – Certificates and secrets management';
    const withUa = (e: TokenEvent, ua: string): TokenEvent => ({ ...e, source: { ...e.source, userAgent: ua } });
    const rotated = run([withUa(entra('r1', op, two), BROWSER)]);
    expect(sev(rotated)).toEqual([['low', ['r1']]]);
    expect(rotated[0]!.detail).toContain('rotation from the portal');
    expect(sev(run([withUa(entra('r2', op, two), PS)]))).toEqual([['medium', ['r2']]]);
    expect(sev(run([withUa(entra('r3', op, one), BROWSER)]))).toEqual([['medium', ['r3']]]);
  });
});
