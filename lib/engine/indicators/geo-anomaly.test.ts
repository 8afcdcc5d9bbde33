import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { geoAnomaly } from './geo-anomaly';
import { ev, series, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import { fakeIntel, INTEL_TABLE, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
/** Home broadband, Seattle (~3 900 km from New York); Microsoft's Amsterdam region (kind cloud). */
const SEATTLE = '71.231.1.1';
const AZURE_NL = '20.61.1.1';
const intel = fakeIntel({
  ...INTEL_TABLE,
  [SEATTLE]: { asn: 7922, asOrg: 'Comcast Cable', country: 'US', kind: 'residential', lat: 47.6, lon: -122.3 },
  [AZURE_NL]: {
    asn: 8075,
    asOrg: 'Microsoft Corporation',
    country: 'NL',
    kind: 'cloud',
    cloud: 'azure',
    lat: 52.37,
    lon: 4.9,
  },
});
const defaults = geoAnomaly.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => geoAnomaly.evaluate(buildContext(events, { intel }), s);
const BOB = 'bob@contoso.com';
const entra = (o: Parameters<typeof ev>[0]) =>
  ev({
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: BOB, kind: 'human' },
    action: { name: 'Sign-in', verb: 'auth', interactive: true },
    ...o,
  });

describe('geo-anomaly', () => {
  it('impossible travel New York → Paris in 2 h is high (cross-border)', () => {
    const f = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME } }),
      ev({
        id: 'a2',
        time: T0 + 2 * HOUR,
        source: { ip: IP.PARIS },
        credential: { kind: 'temporary_key', id: 'ASIA1' },
      }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'geo-anomaly',
        severity: 'high',
        events: ['a1', 'a2'],
        identities: [ALICE],
        tokens: ['ASIA1'],
        time: T0,
      }),
    ]);
    expect(f[0]!.title).toBe(`Impossible travel for ${ALICE}: US → FR in 120 min`);
    expect(f[0]!.detail).toMatch(/5\d{3} km in 120 min \(2\d{3} km\/h\)/);
  });

  it('same-country travel that is too fast is medium', () => {
    const f = run([
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME } }),
      ev({ id: 'a2', time: T0 + HOUR, source: { ip: SEATTLE } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['a1', 'a2']]]);
  });

  it('hard negative: a phone + laptop user (mobile gateway 130 km away; Boston 300 km) is not impossible travel', () => {
    expect(
      run([
        ev({ id: 'l1', time: T0, source: { ip: IP.HOME } }),
        ev({ id: 'p1', time: T0 + 2 * MIN, source: { ip: IP.MOBILE, userAgent: 'iPhone' } }),
        ev({ id: 'l2', time: T0 + 4 * MIN, source: { ip: IP.HOME } }),
        ev({ id: 'b1', time: T0 + 10 * MIN, source: { ip: IP.BOSTON } }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: VPN, Tor and satellite locations are skipped, and so are failures and private IPs', () => {
    expect(
      run([
        ev({ id: 'a1', time: T0, source: { ip: IP.HOME } }),
        ev({ id: 'v1', time: T0 + 10 * MIN, source: { ip: IP.VPN } }),
        ev({ id: 't1', time: T0 + 12 * MIN, source: { ip: IP.TOR } }),
        ev({ id: 's1', time: T0 + 14 * MIN, source: { ip: IP.SATELLITE } }),
        ev({
          id: 'f1',
          time: T0 + 16 * MIN,
          source: { ip: IP.PARIS },
          outcome: { success: false, code: 'AccessDenied' },
        }),
        ev({ id: 'p1', time: T0 + 18 * MIN, source: { ip: IP.PRIVATE } }),
        ev({ id: 'a2', time: T0 + 20 * MIN, source: { ip: IP.HOME } }),
      ]),
    ).toEqual([]);
  });

  it('Entra non-interactive sign-ins are not used for travel unless enabled', () => {
    const events = [
      entra({ id: 'i1', time: T0, source: { ip: IP.HOME } }),
      entra({
        id: 'n1',
        time: T0 + 30 * MIN,
        source: { ip: IP.PARIS },
        action: { name: 'Sign-in', verb: 'auth', interactive: false },
        details: { category: 'NonInteractiveUserSignInLogs' },
      }),
    ];
    expect(run(events)).toEqual([]);
    expect(run(events, { ...defaults, includeNonInteractiveEntra: true }).map((x) => [x.severity, x.events])).toEqual([
      ['high', ['i1', 'n1']],
    ]);
  });

  it('interactiveOnly uses only events marked interactive', () => {
    const events = [
      ev({ id: 'a1', time: T0, source: { ip: IP.HOME } }),
      ev({ id: 'a2', time: T0 + HOUR, source: { ip: IP.PARIS } }),
    ];
    expect(run(events, { ...defaults, interactiveOnly: true })).toEqual([]);
  });

  it('the log’s own coordinates win over intel', () => {
    // Intel says New York for both; Okta says the second sign-in came from Sydney.
    const f = run([
      ev({ id: 'o1', time: T0, source: { ip: IP.HOME } }),
      ev({ id: 'o2', time: T0 + HOUR, source: { ip: IP.HOME2, lat: -33.87, lon: 151.21, country: 'AU' } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['high', ['o1', 'o2']]]);
  });

  it('flip-flopping between the user and an attacker is one finding', () => {
    const f = run([
      ev({ id: 'u1', time: T0, source: { ip: IP.HOME } }),
      ev({ id: 'x1', time: T0 + HOUR, source: { ip: IP.LAGOS } }),
      ev({ id: 'u2', time: T0 + 2 * HOUR, source: { ip: IP.HOME } }),
      ev({ id: 'x2', time: T0 + 3 * HOUR, source: { ip: IP.LAGOS } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['high', ['u1', 'x1', 'u2', 'x2']]]);
    expect(f[0]!.detail).toContain('3 impossible hop(s)');
  });

  it('new country for a warm identity is medium and lists the events from it', () => {
    const f = run([
      ...series(12, T0, 12 * HOUR, (i) => ({ id: `h${i}`, source: { ip: IP.HOME } })),
      ev({ id: 'p1', time: T0 + 8 * DAY, source: { ip: IP.PARIS } }),
      ev({ id: 'p2', time: T0 + 8 * DAY + HOUR, source: { ip: IP.PARIS } }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['medium', ['p1', 'p2'], `${ALICE} active from a new country: FR`],
    ]);
  });

  it('hard negative → low: a new country after many events on only two days is judged on this view only', () => {
    // dftimewolf's project audit log shape: ~70 console calls on two days, then the same person abroad three weeks later.
    const twoDays = [
      ...series(35, T0, MIN, (i) => ({ id: `d1-${i}`, source: { ip: IP.HOME } })),
      ...series(35, T0 + 2 * DAY, MIN, (i) => ({ id: `d2-${i}`, source: { ip: IP.HOME } })),
    ];
    const f = run([...twoDays, ev({ id: 'p1', time: T0 + 21 * DAY, source: { ip: IP.PARIS } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['p1']]]);
    expect(f[0]!.detail).toContain('judged on this view only');
  });

  it('hard negative: cold start — a new country in a short input is not "new"', () => {
    expect(
      run([
        ev({ id: 'h1', time: T0, source: { ip: IP.HOME } }),
        ev({ id: 'p1', time: T0 + 2 * DAY, source: { ip: IP.PARIS } }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: a Microsoft (cloud) address then a residential one abroad 0–5 min later is not travel', () => {
    for (const gap of [0, MIN, 5 * MIN]) {
      expect(
        run([
          ev({ id: 'm1', time: T0, source: { ip: IP.AZURE } }),
          ev({ id: 'p1', time: T0 + gap, source: { ip: IP.PARIS } }),
        ]),
      ).toEqual([]);
    }
    // The Entra audit case: the user in Paris, the record's initiatedBy IP a Microsoft NL address.
    const audit = (id: string, ip: string, t: number) =>
      entra({
        id,
        time: t,
        format: 'entra-audit',
        class: 'account_change',
        source: { ip },
        action: { name: 'Update user', verb: 'privileged' },
      });
    expect(run([audit('e1', IP.PARIS, T0), audit('e2', AZURE_NL, T0), audit('e3', IP.PARIS, T0 + 2 * MIN)])).toEqual(
      [],
    );
  });

  it('cloud addresses are skipped only while skipKinds says so', () => {
    const events = [
      ev({ id: 'm1', time: T0, source: { ip: IP.AZURE } }),
      ev({ id: 'p1', time: T0 + 5 * MIN, source: { ip: IP.PARIS } }),
    ];
    const s = { ...defaults, skipKinds: defaults.skipKinds.filter((k) => k !== 'cloud') };
    expect(run(events, s).map((x) => [x.severity, x.events])).toEqual([['high', ['m1', 'p1']]]);
  });

  it('hard negative: a cloud address is not a new country for a warm identity', () => {
    expect(
      run([
        ...series(12, T0, 12 * HOUR, (i) => ({ id: `h${i}`, source: { ip: IP.HOME } })),
        ev({ id: 'z1', time: T0 + 8 * DAY, source: { ip: AZURE_NL } }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: two places at the same millisecond are not a travel hop (token-multi-source judges that)', () => {
    expect(
      run([ev({ id: 'a1', time: T0, source: { ip: IP.HOME } }), ev({ id: 'a2', time: T0, source: { ip: IP.PARIS } })]),
    ).toEqual([]);
    // One millisecond or one minute apart is a hop.
    expect(
      run([
        ev({ id: 'b1', time: T0, source: { ip: IP.HOME } }),
        ev({ id: 'b2', time: T0 + 1, source: { ip: IP.PARIS } }),
      ]).map((x) => [x.severity, x.events]),
    ).toEqual([['high', ['b1', 'b2']]]);
    const f = run([
      ev({ id: 'c1', time: T0, source: { ip: IP.HOME } }),
      ev({ id: 'c2', time: T0 + MIN, source: { ip: IP.PARIS } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['high', ['c1', 'c2']]]);
    expect(f[0]!.detail).toMatch(/5\d{3} km in 1 min \(3\d{5} km\/h\)/);
    expect(f[0]!.detail).toContain('vpn, tor, satellite, cloud, private, reserved addresses skipped');
  });
});
