import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { normalizeScopes, oauthConsent, oauthConsentSettings } from './oauth-consent';
import type { SourceFormat } from '../../sources/source-format';
import { decide } from '../verdict';
import { entraAudit } from '../../sources/formats/entra-audit';
import { m365Audit } from '../../sources/formats/m365-audit';
import { loadFixture, parseOneWith } from '../../../test/support/fixture-records';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  oauthConsent.evaluate(buildContext(events), oauthConsentSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const USER = 'alice@contoso.com';
const consent = (id: string, app: NonNullable<TokenEvent['app']>, o: Parameters<typeof ev>[0] = {}) =>
  ev({
    id,
    time: T0,
    provider: 'entra',
    format: 'entra-audit',
    class: 'authorization_grant',
    actor: { id: USER },
    action: { name: 'Consent to application', service: 'Core Directory', verb: 'privileged' },
    app,
    ...o,
  });
const signin = (id: string, app: NonNullable<TokenEvent['app']>, o: Parameters<typeof ev>[0] = {}) =>
  ev({
    id,
    time: T0,
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: USER },
    action: { name: 'Sign-in', service: app.resource, verb: 'auth' },
    app,
    ...o,
  });
const prior = ev({
  id: 'p0',
  time: T0 - DAY,
  provider: 'entra',
  format: 'entra-signin',
  class: 'authentication',
  actor: { id: USER },
  action: { name: 'Sign-in', verb: 'auth' },
  app: { id: 'outlook' },
});

describe('oauth-consent', () => {
  it('defaults', () => {
    expect(oauthConsentSettings.parse({})).toEqual({
      trustedAppIds: [],
      minPriorEvents: 1,
      checkDeviceCode: true,
      checkRopc: true,
      checkFociToDirectory: true,
      maxEvidence: 50,
    });
  });

  it('normalizes scope lists', () => {
    expect(
      normalizeScopes([
        'Mail.Read offline_access',
        'https://www.googleapis.com/auth/drive',
        'https://mail.google.com/',
        'https://graph.microsoft.com/Files.Read.All',
      ]),
    ).toEqual(['Mail.Read', 'offline_access', 'drive', 'mail.google.com', 'Files.Read.All']);
  });

  it('first consent with offline_access + Mail.Read is medium (Sentinel offline-access consent rule); a plain first consent is low', () => {
    const f = run([
      consent('c1', {
        id: 'app-evil',
        name: 'Secure Mail Viewer',
        scopes: ['User.Read', 'Mail.Read', 'offline_access'],
      }),
      consent('c2', { id: 'app-cal', name: 'Team Calendar', scopes: ['Calendars.Read'] }, { time: T0 + MIN }),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['c1']],
      ['low', ['c2']],
    ]);
    expect(f[0]!.title).toBe(`${USER} authorized Secure Mail Viewer`);
    expect(f[0]!.detail).toContain('offline_access with Mail.Read');
    expect(f[0]!.detail).toContain('first consent by this user to this app');
  });

  it('a repeat consent to a known app with plain scopes is info', () => {
    const app = { id: 'app-cal', name: 'Team Calendar', scopes: ['Calendars.Read'] };
    const f = run([signin('s0', { id: 'app-cal' }, { time: T0 - DAY }), consent('c1', app)]);
    expect(sev(f)).toEqual([['info', ['c1']]]);
  });

  it('high-risk scopes are high; admin consent for all users raises medium to high', () => {
    const f = run([
      consent('h1', { id: 'a1', name: 'Dir Tool', scopes: ['Directory.ReadWrite.All'] }),
      consent(
        'h2',
        { id: 'a2', name: 'Files Sync', scopes: ['Files.ReadWrite.All'], adminConsent: true, allUsers: true },
        { time: T0 + MIN },
      ),
      consent(
        'h3',
        { id: 'a3', name: 'Sign-in only', scopes: ['User.Read', 'openid'], adminConsent: true, allUsers: true },
        { time: T0 + 2 * MIN },
      ),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['h1']],
      ['high', ['h2']],
      ['low', ['h3']],
    ]);
    expect(f[1]!.detail).toContain('granted for all users (tenant-wide)');
  });

  it('trusted apps stay info; blocked consent is low', () => {
    const f = run(
      [
        consent('t1', { id: 'APP-OK', name: 'Approved', scopes: ['Mail.ReadWrite'] }),
        consent(
          'b1',
          { id: 'a9', name: 'Risky', scopes: ['Mail.Read'] },
          {
            time: T0 + MIN,
            outcome: { success: false, reason: 'Microsoft.online.Security.userConsentBlockedForRiskyAppsExceptions' },
          },
        ),
      ],
      { trustedAppIds: ['app-ok'] },
    );
    expect(sev(f)).toEqual([
      ['info', ['t1']],
      ['low', ['b1']],
    ]);
    expect(f[1]!.title).toBe(`Consent to Risky by ${USER} was blocked`);
  });

  it('hard negative: the GWS Gmail add-on with low-privilege scopes stays info even the first time', () => {
    const f = run([
      ev({
        id: 'g1',
        provider: 'workspace',
        format: 'workspace-token',
        class: 'authorization_grant',
        actor: { id: 'carol@example.com' },
        action: { name: 'authorize', service: 'token', verb: 'write' },
        app: {
          id: '1234-abc.apps.googleusercontent.com',
          name: 'Some Add-on',
          scopes: [
            'https://www.googleapis.com/auth/gmail.addons.current.message.readonly',
            'https://www.googleapis.com/auth/gmail.addons.execute',
            'https://www.googleapis.com/auth/script.external_request',
            'https://www.googleapis.com/auth/userinfo.email',
          ],
        },
      }),
    ]);
    expect(sev(f)).toEqual([['info', ['g1']]]);
  });

  it('GWS admin.directory scopes and GitHub admin:org are high; Okta consent grant is read', () => {
    const f = run([
      ev({
        id: 'w1',
        provider: 'workspace',
        format: 'workspace-token',
        actor: { id: 'carol@example.com' },
        action: { name: 'authorize', service: 'token', verb: 'write' },
        app: {
          id: 'x.apps.googleusercontent.com',
          name: 'Dir Sync',
          scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
        },
      }),
      ev({
        id: 'gh1',
        time: T0 + MIN,
        provider: 'github',
        format: 'github-audit',
        actor: { id: 'octo' },
        action: { name: 'oauth_authorization.create', service: 'github', verb: 'write' },
        app: { id: '991', name: 'CI helper', scopes: ['repo', 'admin:org'] },
      }),
      ev({
        id: 'ok1',
        time: T0 + 2 * MIN,
        provider: 'okta',
        format: 'okta',
        actor: { id: 'bob@example.com' },
        action: { name: 'app.oauth2.as.consent.grant', service: 'okta', verb: 'write' },
        app: { id: '0oa9', name: 'Partner App', scopes: ['openid', 'profile'] },
      }),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['w1']],
      ['high', ['gh1']],
      ['info', ['ok1']],
    ]);
  });

  it('hard negative: ADIbizaUX non-interactive sign-in with broad admin scopes is not a consent', () => {
    const f = run([
      prior,
      signin(
        'az1',
        {
          id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
          name: 'ADIbizaUX',
          resource: 'Microsoft Graph',
          scopes: ['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All'],
        },
        {
          action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth', interactive: false },
          credential: { kind: 'oauth_refresh_token', incomingType: 'refreshToken' },
        },
      ),
    ]);
    expect(f).toEqual([]);
  });

  it('device code with a FOCI client is high; device code otherwise medium; ROPC low', () => {
    const f = run([
      signin('d1', {
        id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        name: 'Microsoft Azure CLI',
        resource: 'Microsoft Graph',
        protocol: 'deviceCode',
      }),
      signin(
        'd2',
        { id: 'some-app', name: 'Kiosk', resource: 'Office 365 Exchange Online', protocol: 'none' },
        { time: T0 + MIN, details: { originalTransferMethod: 'deviceCodeFlow' } },
      ),
      signin(
        'r1',
        { id: 'legacy', name: 'Old Mailer', resource: 'Office 365 Exchange Online', protocol: 'ropc' },
        { time: T0 + 2 * MIN },
      ),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['d1']],
      ['medium', ['d2']],
      ['low', ['r1']],
    ]);
    expect(f[0]!.detail).toContain('with first-party client Microsoft Azure CLI');
  });

  it('FOCI client (VS Code) to Graph: medium the first time for a known identity, low after', () => {
    const vscode = {
      id: 'aebc6443-996d-45c2-90f0-388ff96faa56',
      name: 'Visual Studio Code',
      resource: 'Microsoft Graph',
    };
    const f = run([prior, signin('v1', vscode), signin('v2', vscode, { time: T0 + MIN })]);
    expect(sev(f)).toEqual([['medium', ['v1', 'v2']]]);
    expect(f[0]!.title).toBe(`${USER} used first-party client Visual Studio Code against the directory`);
    const other = run([prior, signin('v3', { ...vscode, resource: 'Azure Resource Manager' })]);
    expect(other).toEqual([]);
  });

  it(
    'VS Code to Microsoft Graph (Panther Azure.Audit.VSCodeOAuthPhishing) is medium even on a cold ' +
      'start; low for an identity that used VS Code before',
    () => {
      const vscode = {
        id: 'aebc6443-996d-45c2-90f0-388ff96faa56',
        name: 'Visual Studio Code',
        resource: 'Microsoft Graph',
      };
      const cold = run([signin('v1', vscode)]);
      expect(sev(cold)).toEqual([['medium', ['v1']]]);
      expect(cold[0]!.detail).toContain('no earlier use of Visual Studio Code');
      const dev = ev({
        id: 'p1',
        time: T0 - DAY,
        provider: 'entra',
        format: 'entra-signin',
        class: 'authentication',
        actor: { id: USER },
        action: { name: 'Sign-in', service: 'Azure DevOps', verb: 'auth' },
        app: { id: vscode.id, resource: 'Azure DevOps' },
      });
      expect(sev(run([dev, signin('v2', vscode)]))).toEqual([['low', ['v2']]]);
      // Another FOCI client on a cold start keeps the old rule: low until the history is warm.
      expect(
        sev(
          run([
            signin('c1', {
              id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
              name: 'Microsoft Azure CLI',
              resource: 'Microsoft Graph',
            }),
          ]),
        ),
      ).toEqual([['low', ['c1']]]);
    },
  );
});

describe('oauth-consent: application-permission chain (read from the fixtures)', () => {
  const parse = (fmt: SourceFormat, rel: string) => loadFixture(rel).map((r) => parseOneWith(fmt, r));
  const grants = parse(entraAudit, 'entra-audit/app-permission-chain-auditlogs.json');
  const reads = parse(m365Audit, 'm365-audit/app-mail-read-chain.json');
  const chainOf = (f: ReturnType<typeof run>) => f.filter((x) => x.title.startsWith('Application permission chain'));

  it("grant for all users from PowerShell, an application permission, a secret, then the app reads mail: one high chain finding in the consoles' words", () => {
    const f = run([...grants, ...reads]);
    const [chain, ...more] = chainOf(f);
    expect(more).toEqual([]);
    expect(chain!.severity).toBe('high');
    expect(chain!.events).toHaveLength(7);
    expect(chain!.detail).toContain(
      "App 'Contoso Mail Archiver' (appId 7e1f2a3b-0000-4000-8000-0000000000a1) was granted Mail.ReadWrite, " +
        'Files.ReadWrite.All for all users and as an application permission by admin@contoso.example ' +
        'from PowerShell',
    );
    expect(chain!.detail).toContain('a client secret or certificate was added 5 min later by admin@contoso.example');
    expect(chain!.detail).toContain('the app then read 312 mail items in 3 mailboxes');
    expect(chain!.detail).toContain('via REST (Graph) and downloaded or opened 1 file from 20.163.45.18');
    expect(chain!.identities).toEqual(expect.arrayContaining(['admin@contoso.example', 'ceo@contoso.example']));
    // Each link on its own: the grant is high (risky mail scopes for all users), and says it came from PowerShell.
    const grant = f.find((x) => x.title === 'admin@contoso.example authorized Contoso Mail Archiver')!;
    expect(grant.severity).toBe('high');
    expect(grant.detail).toContain('made from PowerShell');
  });

  it('grant + secret without reads is still a chain; reads before the grant are not part of it', () => {
    expect(chainOf(run(grants))).toHaveLength(1);
    const early = reads.map((e) => ({ ...e, time: e.time - 2 * DAY }));
    const f = chainOf(run([grants[0]!, grants[1]!, ...early]));
    expect(f).toEqual([]);
  });

  it('the chain with reads counts as behaviour and escalates; grant + secret alone stays persistence (suspicious)', () => {
    const full = run([...grants, ...reads]);
    expect(chainOf(full)[0]!.ground).toBe('behaviour');
    expect(decide(full).verdict).toBe('escalate');
    const noReads = run(grants);
    expect(chainOf(noReads)[0]!.ground).toBeUndefined();
    expect(decide(noReads).verdict).toBe('suspicious');
  });

  it('a trusted app never forms a chain', () => {
    expect(chainOf(run([...grants, ...reads], { trustedAppIds: ['7e1f2a3b-0000-4000-8000-0000000000a1'] }))).toEqual(
      [],
    );
  });

  it(
    'hard negatives: User.Read for all users from the portal, a user consenting for themselves, ' +
      'a rotation by the owner, the owner reading mail in Outlook',
    () => {
      const neg = [
        ...parse(entraAudit, 'entra-audit/portal-consents-negative-auditlogs.json'),
        ...parse(m365Audit, 'm365-audit/own-outlook-mail-read-negative.json'),
      ];
      const f = run(neg);
      expect(chainOf(f)).toEqual([]);
      expect(f.map((x) => [x.title, x.severity])).toEqual([
        ['admin@contoso.example authorized Payroll Portal', 'low'],
        ['bob@contoso.example authorized Team Calendar Widget', 'info'],
      ]);
    },
  );
});
