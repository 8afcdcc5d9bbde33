import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { multiAccount } from './multi-account';
import { ev, series, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import { fakeIntel, IP, INTEL_TABLE } from '../../../test/support/fake-intel';
import { githubAudit } from '../../sources/formats/github-audit';
import { parseOneWith } from '../../../test/support/fixture-records';
import type { TokenEvent } from '../../model/token-event';
import type { HistorySnapshot } from '../../baseline/history';

const intel = fakeIntel();
const defaults = multiAccount.settings.parse({});
const run = (events: TokenEvent[], s = defaults, history?: HistorySnapshot) =>
  multiAccount.evaluate(buildContext(events, { intel, history }), s);
const user = (n: string) => ({ id: `${n}@contoso.com`, kind: 'human' as const });
const at = (id: string, who: string, t: number, ip: string, o: Parameters<typeof ev>[0] = {}) =>
  ev({ id, time: t, actor: user(who), source: { ip }, ...o });

describe('multi-account', () => {
  it('three accounts newly used from one VPS address is high; the ASN pivot does not repeat it', () => {
    const f = run([
      at('m1', 'ann', T0, IP.HOSTING, { credential: { kind: 'session', id: 's-ann' } }),
      at('m2', 'ben', T0 + 5 * MIN, IP.HOSTING),
      at('m3', 'cat', T0 + 20 * MIN, IP.HOSTING),
      at('m4', 'ann', T0 + 25 * MIN, IP.HOSTING),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'multi-account',
        severity: 'high',
        events: ['m1', 'm2', 'm3', 'm4'],
        identities: ['ann@contoso.com', 'ben@contoso.com', 'cat@contoso.com'],
        tokens: ['s-ann'],
        time: T0,
      }),
    ]);
    expect(f[0]!.title).toBe('3 accounts used from the same address 159.65.10.20');
    expect(f[0]!.detail).toContain('AS14061 DigitalOcean, hosting, NL');
  });

  it('the same hosting ASN from several addresses is medium', () => {
    const f = run([
      at('a1', 'ann', T0, IP.HOSTING),
      at('a2', 'ben', T0 + MIN, IP.HOSTING_B),
      at('a3', 'cat', T0 + 2 * MIN, IP.HOSTING),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['medium', ['a1', 'a2', 'a3'], '3 accounts used from the same hosting AS14061 DigitalOcean'],
    ]);
  });

  it('hard negative: the office NAT shared by five people (cold input, ordinary network)', () => {
    expect(run(['a', 'b', 'c', 'd', 'e'].map((u, i) => at(`o${i}`, u, T0 + i * MIN, IP.OFFICE)))).toEqual([]);
  });

  it('warm accounts all appearing from the same new residential address is medium', () => {
    const events: TokenEvent[] = [];
    for (const u of ['ann', 'ben', 'cat'])
      events.push(
        ...series(12, T0 - 6 * DAY, 12 * HOUR, (i) => ({ id: `${u}${i}`, actor: user(u), source: { ip: IP.OFFICE } })),
      );
    events.push(
      at('p1', 'ann', T0, IP.PARIS),
      at('p2', 'ben', T0 + 10 * MIN, IP.PARIS),
      at('p3', 'cat', T0 + 15 * MIN, IP.PARIS),
    );
    expect(run(events).map((x) => [x.severity, x.events])).toEqual([['medium', ['p1', 'p2', 'p3']]]);
  });

  it('hard negative: a corporate VPN every account already uses (stored history)', () => {
    const seen = { ip: { [IP.VPN]: T0 - 10 * DAY }, asn: { '60068': T0 - 10 * DAY }, network: { vpn: T0 - 10 * DAY } };
    const history: HistorySnapshot = {
      version: 1,
      subjects: Object.fromEntries(
        ['ann', 'ben', 'cat'].map((u) => [`id:${u}@contoso.com`, { times: [T0 - 10 * DAY], seen }]),
      ),
    };
    expect(
      run(
        [at('v1', 'ann', T0, IP.VPN), at('v2', 'ben', T0 + MIN, IP.VPN), at('v3', 'cat', T0 + 2 * MIN, IP.VPN)],
        defaults,
        history,
      ),
    ).toEqual([]);
  });

  it('hard negative: cloud provider callers, private addresses, service actors, accounts spread over hours', () => {
    expect(
      run([
        at('c1', 'ann', T0, IP.AZURE),
        at('c2', 'ben', T0, IP.AZURE),
        at('c3', 'cat', T0, IP.AZURE),
        at('p1', 'ann', T0, IP.PRIVATE),
        at('p2', 'ben', T0, IP.PRIVATE),
        at('p3', 'cat', T0, IP.PRIVATE),
        ev({ id: 's1', time: T0, actor: { id: 'svc-a', kind: 'service' }, source: { ip: IP.HOSTING2 } }),
        ev({ id: 's2', time: T0, actor: { id: 'svc-b', kind: 'service' }, source: { ip: IP.HOSTING2 } }),
        ev({ id: 's3', time: T0, actor: { id: 'svc-c', kind: 'service' }, source: { ip: IP.HOSTING2 } }),
        at('h1', 'ann', T0, IP.TOR),
        at('h2', 'ben', T0 + 2 * HOUR, IP.TOR),
        at('h3', 'cat', T0 + 4 * HOUR, IP.TOR),
      ]),
    ).toEqual([]);
  });

  it('one device hash across three accounts is medium', () => {
    const dev = (id: string, who: string, t: number) =>
      ev({
        id,
        time: t,
        provider: 'okta',
        actor: user(who),
        credential: { kind: 'session', id: `root-${who}`, deviceId: 'dt-abc' },
      });
    const f = run([dev('d1', 'ann', T0), dev('d2', 'ben', T0 + MIN), dev('d3', 'cat', T0 + 2 * MIN)]);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([
      ['medium', ['d1', 'd2', 'd3'], ['root-ann', 'root-ben', 'root-cat']],
    ]);
  });

  it('the same app consented by three users is low; admin consent for all is not counted', () => {
    const consent = (id: string, who: string, t: number, admin = false) =>
      ev({
        id,
        time: t,
        provider: 'entra',
        class: 'authorization_grant',
        actor: user(who),
        action: { name: 'Consent to application', verb: 'privileged' },
        app: { id: 'app-evil', name: 'Mail Helper', adminConsent: admin },
      });
    const f = run([
      consent('k1', 'ann', T0),
      consent('k2', 'ben', T0 + 3 * HOUR),
      consent('k3', 'cat', T0 + 20 * HOUR),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['low', ['k1', 'k2', 'k3'], '3 accounts consented to the same application Mail Helper'],
    ]);
    expect(
      run([consent('k1', 'ann', T0), consent('k2', 'ben', T0 + HOUR), consent('k3', 'cat', T0 + 2 * HOUR, true)]),
    ).toEqual([]);
  });

  it('a password spray from one address (≥ 10 accounts in 30 min) is medium; 9 is not', () => {
    const fail = (i: number) =>
      ev({
        id: `f${String(i).padStart(2, '0')}`,
        time: T0 + i * MIN,
        provider: 'entra',
        class: 'authentication',
        actor: user(`u${i}`),
        action: { name: 'Sign-in', verb: 'auth' },
        source: { ip: IP.HOSTING2 },
        outcome: { success: false, code: '50126' },
      });
    const ten = Array.from({ length: 10 }, (_, i) => fail(i));
    const f = run(ten);
    expect(f.map((x) => [x.severity, x.events.length, x.title])).toEqual([
      ['medium', 10, 'Password spray: 10 accounts failed to sign in from 45.77.1.2'],
    ]);
    expect(run(ten.slice(0, 9))).toEqual([]);
  });

  describe('high-risk countries', () => {
    // Three ordinary (residential) networks in Russia and one in Ukraine, unknown to the fake intel's defaults.
    const RU1 = '95.173.1.1';
    const RU2 = '95.173.9.9';
    const RU3 = '5.228.1.1';
    const UA1 = '93.72.1.1';
    const table = {
      ...INTEL_TABLE,
      [RU1]: { asn: 12389, asOrg: 'Rostelecom', country: 'RU', kind: 'residential' as const },
      [RU2]: { asn: 12389, asOrg: 'Rostelecom', country: 'RU', kind: 'residential' as const },
      [RU3]: { asn: 42610, asOrg: 'Rostelecom Moscow', country: 'RU', kind: 'residential' as const },
      [UA1]: { asn: 15895, asOrg: 'Kyivstar', country: 'UA', kind: 'residential' as const },
    };
    const runT = (events: TokenEvent[], s = defaults, history?: HistorySnapshot) =>
      multiAccount.evaluate(buildContext(events, { intel: fakeIntel(table), history }), s);

    it('three cold accounts from different Russian networks within the hour: one country finding, naming the country', () => {
      const f = runT([
        at('r1', 'ann', T0, RU1),
        at('r2', 'ben', T0 + 10 * MIN, RU3),
        at('r3', 'cat', T0 + 20 * MIN, RU2),
      ]);
      expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
        ['medium', ['r1', 'r2', 'r3'], '3 accounts active from the high-risk country Russia (RU)'],
      ]);
      expect(f[0]!.detail).toContain('3 identities, each new to Russia (RU), from 3 address(es) within 20 min');
    });

    it('a listed country makes an ordinary address count without history: one Russian address for three cold accounts', () => {
      const f = runT([at('r1', 'ann', T0, RU1), at('r2', 'ben', T0 + MIN, RU1), at('r3', 'cat', T0 + 2 * MIN, RU1)]);
      // The IP pivot carries it; the one-address country episode is not repeated.
      expect(f.map((x) => [x.severity, x.title])).toEqual([
        ['medium', '3 accounts used from the same address 95.173.1.1'],
      ]);
    });

    it('GitHub records with the country from the log and no address still pivot on the country', () => {
      const gh = (who: string, i: number) =>
        parseOneWith(githubAudit, {
          action: 'git.clone',
          actor: who,
          created_at: T0 + i * MIN,
          actor_location: { country_code: 'KP' },
          hashed_token: `h-${who}`,
          programmatic_access_type: 'OAuth access token',
        });
      const f = runT([gh('ann', 0), gh('ben', 1), gh('cat', 2)]);
      expect(f.map((x) => [x.severity, x.title])).toEqual([
        ['medium', '3 accounts active from the high-risk country North Korea (KP)'],
      ]);
      expect(f[0]!.detail).toContain('from no address(es)');
    });

    it('hard negative: an unlisted country the same way, accounts already at home there, failures only', () => {
      const cold = runT([at('u1', 'ann', T0, UA1), at('u2', 'ben', T0 + MIN, RU3), at('u3', 'cat', T0 + 2 * MIN, UA1)]);
      expect(cold).toEqual([]);
      const seen = { country: { RU: T0 - 10 * DAY }, ip: {}, asn: {} };
      const history: HistorySnapshot = {
        version: 1,
        subjects: Object.fromEntries(
          ['ann', 'ben', 'cat'].map((u) => [
            `id:${u}@contoso.com`,
            { times: Array.from({ length: 20 }, (_, i) => T0 - 10 * DAY + i * HOUR), seen },
          ]),
        ),
      };
      const home = runT(
        [at('r1', 'ann', T0, RU1), at('r2', 'ben', T0 + 10 * MIN, RU3), at('r3', 'cat', T0 + 20 * MIN, RU2)],
        defaults,
        history,
      );
      expect(home.filter((x) => x.title.includes('high-risk country'))).toEqual([]);
      const fails = [
        at('r1', 'ann', T0, RU1),
        at('r2', 'ben', T0 + 10 * MIN, RU3),
        at('r3', 'cat', T0 + 20 * MIN, RU2),
      ].map((e) => ({ ...e, outcome: { success: false, code: 'AccessDenied' } }));
      expect(runT(fails)).toEqual([]);
      expect(
        runT(
          [at('r1', 'ann', T0, RU1), at('r2', 'ben', T0 + 10 * MIN, RU3), at('r3', 'cat', T0 + 20 * MIN, RU2)],
          multiAccount.settings.parse({ riskyCountries: [] }),
        ),
      ).toEqual([]);
    });
  });
});
