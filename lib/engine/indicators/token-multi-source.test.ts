import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { tokenMultiSource } from './token-multi-source';
import { ev, T0, MIN } from '../../../test/support/events';
import { fakeIntel, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';
import { oktaSystem } from '../../sources/formats/okta-system';
import { entraSignin } from '../../sources/formats/entra-signin';

const intel = fakeIntel();
const defaults = tokenMultiSource.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => tokenMultiSource.evaluate(buildContext(events, { intel }), s);
const asia = (id: string) => ({ kind: 'temporary_key' as const, id });

const BOB = 'bob@contoso.com';
const entra = (o: Parameters<typeof ev>[0]) =>
  ev({
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: BOB, kind: 'human' },
    action: { name: 'Sign-in', verb: 'auth' },
    app: { id: 'app-outlook', name: 'Outlook' },
    ...o,
  });

describe('token-multi-source', () => {
  it('flags an AWS key used from home and then from a VPS as high (residential → hosting)', () => {
    const f = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
      ev({ id: 'a2', time: T0 + 10 * MIN, source: { ip: IP.HOSTING }, credential: asia('ASIA1') }),
      ev({ id: 'a3', time: T0 + 12 * MIN, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
      ev({ id: 'later', time: T0 + 5 * 60 * MIN, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      indicator: 'token-multi-source',
      severity: 'high',
      events: ['a1', 'a2', 'a3'],
      identities: ['arn:aws:iam::111122223333:user/alice'],
      tokens: ['ASIA1'],
      time: T0,
    });
    expect(f[0]!.detail).toContain('AS7922 Comcast Cable (residential, US)');
    expect(f[0]!.detail).toContain('AS14061 DigitalOcean (hosting, NL)');
    expect(f[0]!.detail).toContain('10 min between networks');
  });

  it('two person networks in one country are medium', () => {
    const f = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
      ev({ id: 'a2', time: T0 + 20 * MIN, source: { ip: IP.OFFICE }, credential: asia('ASIA1') }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['a1', 'a2']]]);
  });

  it('hard negative: same ASN, different IP (CGNAT / DHCP churn) is not flagged', () => {
    expect(
      run([
        ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
        ev({ id: 'a2', time: T0 + 5 * MIN, source: { ip: IP.HOME2 }, credential: asia('ASIA1') }),
        ev({ id: 'a3', time: T0 + 9 * MIN, source: { ip: IP.BOSTON }, credential: asia('ASIA1') }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: delay 0 — both networks in the same instant (Entra proxying) is not flagged unless allowed', () => {
    const events = [
      entra({ id: 's1', time: T0, source: { ip: IP.HOME }, credential: { kind: 'session', id: 'uti-1' } }),
      entra({ id: 's2', time: T0 + 20_000, source: { ip: IP.PARIS }, credential: { kind: 'session', id: 'uti-1' } }),
    ];
    expect(run(events)).toEqual([]);
    expect(run(events, { ...defaults, minDelaySeconds: 0 }).map((x) => x.events)).toEqual([['s1', 's2']]);
  });

  it('hard negative: uses more than 30 min apart are outside the window', () => {
    expect(
      run([
        ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA1') }),
        ev({ id: 'a2', time: T0 + 45 * MIN, source: { ip: IP.HOSTING }, credential: asia('ASIA1') }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: the provider’s own cloud, private IPs, service callers and console sessions are dropped', () => {
    expect(
      run([
        entra({ id: 's1', time: T0, source: { ip: IP.HOME }, credential: { kind: 'oauth_access_token', id: 'uti-9' } }),
        entra({
          id: 's2',
          time: T0 + 10 * MIN,
          source: { ip: IP.AZURE },
          credential: { kind: 'oauth_access_token', id: 'uti-9' },
        }),
        ev({ id: 'c1', time: T0, source: { ip: IP.HOME }, credential: { ...asia('ASIACONSOLE'), fromConsole: true } }),
        ev({
          id: 'c2',
          time: T0 + 10 * MIN,
          source: { ip: IP.HOSTING },
          credential: { ...asia('ASIACONSOLE'), fromConsole: true },
        }),
        ev({ id: 'p1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA2') }),
        ev({ id: 'p2', time: T0 + 10 * MIN, source: { ip: IP.PRIVATE }, credential: asia('ASIA2') }),
        ev({ id: 'p3', time: T0 + 11 * MIN, source: { caller: 'AWS Internal' }, credential: asia('ASIA2') }),
      ]),
    ).toEqual([]);
  });

  it('Entra: one sessionId across two tokens (sign-in → Graph) from another country is high; a different app is not joined', () => {
    const sid = 'sess-42';
    const events = [
      entra({
        id: 's1',
        time: T0,
        source: { ip: IP.HOME },
        credential: { kind: 'session', id: 'uti-a', sessionId: sid },
      }),
      entra({
        id: 's2',
        time: T0 + 15 * MIN,
        source: { ip: IP.PARIS },
        credential: { kind: 'oauth_refresh_token', id: 'uti-b', sessionId: sid },
      }),
    ];
    const f = run(events);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([['high', ['s1', 's2'], ['uti-a', 'uti-b']]]);
    expect(f[0]!.title).toBe('The same session was used from 2 different networks within 30 min');
    const otherApp = [
      events[0]!,
      entra({
        id: 's3',
        time: T0 + 15 * MIN,
        app: { id: 'app-teams' },
        source: { ip: IP.PARIS },
        credential: { kind: 'session', id: 'uti-c', sessionId: sid },
      }),
    ];
    expect(run(otherApp)).toEqual([]);
  });

  it('Okta: correlates on rootSessionId (credential.id), never on externalSessionId', () => {
    const okta = (o: Parameters<typeof ev>[0]) =>
      ev({
        provider: 'okta',
        format: 'okta',
        actor: { id: 'carol@example.com', kind: 'human' },
        action: { name: 'policy.evaluate_sign_on', verb: 'auth' },
        ...o,
      });
    // Login flow and post-login share an externalSessionId but each user has their own root session.
    expect(
      run([
        okta({
          id: 'o1',
          time: T0,
          source: { ip: IP.HOME },
          credential: { kind: 'session', id: 'root-1', sessionId: 'ext-1' },
        }),
        okta({
          id: 'o2',
          time: T0 + 5 * MIN,
          source: { ip: IP.PARIS },
          credential: { kind: 'session', id: 'root-2', sessionId: 'ext-1' },
        }),
      ]),
    ).toEqual([]);
    const f = run([
      okta({
        id: 'o1',
        time: T0,
        source: { ip: IP.HOME },
        credential: { kind: 'session', id: 'root-1', sessionId: 'ext-1' },
      }),
      okta({
        id: 'o2',
        time: T0 + 5 * MIN,
        source: { ip: IP.HOSTING2 },
        credential: { kind: 'session', id: 'root-1', sessionId: 'ext-9' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([['high', ['o1', 'o2'], ['root-1']]]);
  });

  it('merges overlapping windows into one episode and starts a new one after a quiet gap', () => {
    const f = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('K') }),
      ev({ id: 'a2', time: T0 + 10 * MIN, source: { ip: IP.HOSTING }, credential: asia('K') }),
      ev({ id: 'a3', time: T0 + 35 * MIN, source: { ip: IP.HOME }, credential: asia('K') }),
      ev({ id: 'b1', time: T0 + 300 * MIN, source: { ip: IP.HOME }, credential: asia('K') }),
      ev({ id: 'b2', time: T0 + 310 * MIN, source: { ip: IP.TOR }, credential: asia('K') }),
    ]);
    expect(f.map((x) => x.events)).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });
});

describe('token-multi-source: phones, Okta servers and the adversary-in-the-middle signature', () => {
  const SID = '0037d1c4-aaaa-4bbb-8ccc-000000000042';
  // Entra sign-in records as the SigninLogs / AADNonInteractiveUserSignInLogs documentation describes them.
  const signin = (id: string, t: number, ip: string, interactive: boolean, app = 'OfficeHome') =>
    entra({
      id,
      time: t,
      source: { ip },
      app: { id: `app-${app}`, name: app },
      action: { name: 'Sign-in', verb: 'auth', interactive },
      credential: { kind: interactive ? 'session' : 'oauth_refresh_token', id: `uti-${id}`, sessionId: SID },
    });

  it('AiTM: the interactive sign-in from one network, the session redeemed non-interactively from a VPS, is high', () => {
    const f = run([
      signin('i1', T0, IP.HOME, true),
      signin('n1', T0 + 8 * MIN, IP.HOSTING2, false, 'Microsoft Graph'),
      signin('n2', T0 + 9 * MIN, IP.HOSTING2, false, 'Outlook'),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', events: ['i1', 'n1', 'n2'] });
    expect(f[0]!.title).toContain(
      `interactive and non-interactive sign-ins of session ${SID} come from different ASNs`,
    );
    expect(f[0]!.detail).toContain('AS20473 Vultr (hosting, DE)');
    expect(f[0]!.detail).toContain('Microsoft Graph, Outlook');
  });

  it('AiTM between two fixed lines: high within the token window, medium hours later (a laptop carried home)', () => {
    expect(
      run([signin('i1', T0, IP.OFFICE, true), signin('n1', T0 + 10 * MIN, IP.HOME, false, 'Teams')]).map(
        (x) => x.severity,
      ),
    ).toEqual(['high']);
    expect(
      run([signin('i1', T0, IP.OFFICE, true), signin('n1', T0 + 5 * 60 * MIN, IP.HOME, false, 'Teams')]).map(
        (x) => x.severity,
      ),
    ).toEqual(['medium']);
  });

  it("hard negative: a phone's carrier and home Wi-Fi in one session is low, for a session and for a token", () => {
    const s = run([signin('i1', T0, IP.HOME, true), signin('n1', T0 + 6 * MIN, IP.MOBILE, false, 'Outlook')]);
    expect(s.map((x) => x.severity)).toEqual(['low']);
    expect(s[0]!.detail).toContain('a phone moving between its carrier and Wi-Fi');
    const t = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME }, credential: asia('ASIA9') }),
      ev({ id: 'a2', time: T0 + 5 * MIN, source: { ip: IP.MOBILE }, credential: asia('ASIA9') }),
    ]);
    expect(t.map((x) => x.severity)).toEqual(['low']);
  });

  it("hard negative: refreshes from Microsoft's own network, from the same ASN, or only interactive sign-ins are not the signature", () => {
    expect(run([signin('i1', T0, IP.HOME, true), signin('n1', T0 + 6 * MIN, IP.AZURE, false)])).toEqual([]);
    expect(run([signin('i1', T0, IP.HOME, true), signin('n1', T0 + 6 * MIN, IP.HOME2, false)])).toEqual([]);
    expect(run([signin('i1', T0, IP.HOME, true), signin('i2', T0 + 6 * 60 * MIN, IP.HOSTING2, true)])).toEqual([]);
  });

  it("Okta: the Admin Console's calls from Okta's servers are no second network for the admin's session", () => {
    const rec = (uuid: string, t: number, ip: string, ua: string, clientId?: string) => ({
      uuid,
      published: new Date(t).toISOString(),
      eventType: 'group.user_membership.add',
      version: '0',
      actor: { id: '00u1', type: 'User', alternateId: 'admin@example.com' },
      client: { id: clientId, ipAddress: ip, userAgent: { rawUserAgent: ua } },
      authenticationContext: { externalSessionId: '102sessionABCDEF', rootSessionId: '102sessionABCDEF' },
      outcome: { result: 'SUCCESS' },
    });
    const parse = (r: ReturnType<typeof rec>) =>
      (oktaSystem.parse(r, { ref: 't' }) as { ok: true; events: TokenEvent[] }).events[0]!;
    const browser = 'Mozilla/5.0 (Macintosh) Chrome/120.0 Safari/537.36';
    const consoleCalls = [
      parse(rec('o1', T0, IP.HOME, browser, 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405')),
      parse(rec('o2', T0 + 5 * MIN, IP.AWS, 'Okta-Integrations', 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405')),
      parse(rec('o3', T0 + 10 * MIN, IP.HOME, browser, 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405')),
    ];
    expect(run(consoleCalls)).toEqual([]);
    // The same session used by a browser on a VPS is still caught.
    const stolen = [...consoleCalls, parse(rec('o4', T0 + 12 * MIN, IP.HOSTING2, browser))];
    expect(run(stolen).map((x) => [x.severity, x.tokens])).toEqual([['high', ['102sessionABCDEF']]]);
  });
});

describe('token-multi-source: AiTM read from Entra sign-in records', () => {
  // Event Hub / diagnostic-settings sign-in records (SignInLogs, NonInteractiveUserSignInLogs) as Microsoft documents them.
  const record = (category: string, time: string, ip: string, app: string, appId: string, correlationId: string) => ({
    time,
    category,
    operationName: 'Sign-in activity',
    resultType: '0',
    callerIpAddress: ip,
    correlationId,
    properties: {
      id: `${correlationId}-${category}`,
      createdDateTime: time,
      userPrincipalName: 'alice@contoso.com',
      userId: 'user-1',
      appId,
      appDisplayName: app,
      ipAddress: ip,
      sessionId: 'sess-7f3a',
      isInteractive: category === 'SignInLogs',
      status: { errorCode: 0 },
      uniqueTokenIdentifier: `uti-${correlationId}`,
    },
  });
  const parse = (r: ReturnType<typeof record>): TokenEvent => {
    const res = entraSignin.parse(r, { ref: 't' });
    if (!res.ok) throw new Error(res.reason);
    return res.events[0]!;
  };

  it('an interactive sign-in from home and the same session redeemed from a VPS ten minutes later is high', () => {
    const events = [
      parse(
        record(
          'SignInLogs',
          '2025-03-01T09:00:00Z',
          IP.HOME,
          'OfficeHome',
          '4765445b-32c6-49b0-83e6-1d93765276ca',
          'c1',
        ),
      ),
      parse(
        record(
          'NonInteractiveUserSignInLogs',
          '2025-03-01T09:10:00Z',
          IP.HOSTING2,
          'Microsoft Office',
          'd3590ed6-52b3-4102-aeff-aad2292ab01c',
          'c2',
        ),
      ),
    ];
    expect(events.map((e) => e.action.interactive)).toEqual([true, false]);
    expect(run(events).map((x) => x.severity)).toEqual(['high']);
  });

  it('hard negative: the same records with the refresh from the home network are nothing', () => {
    const events = [
      parse(
        record(
          'SignInLogs',
          '2025-03-01T09:00:00Z',
          IP.HOME,
          'OfficeHome',
          '4765445b-32c6-49b0-83e6-1d93765276ca',
          'c1',
        ),
      ),
      parse(
        record(
          'NonInteractiveUserSignInLogs',
          '2025-03-01T09:10:00Z',
          IP.HOME2,
          'Microsoft Office',
          'd3590ed6-52b3-4102-aeff-aad2292ab01c',
          'c2',
        ),
      ),
    ];
    expect(run(events)).toEqual([]);
  });
});
