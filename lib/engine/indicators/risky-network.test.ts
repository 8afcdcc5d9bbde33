import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { riskyNetwork } from './risky-network';
import { ev, series, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import { fakeIntel, IP, INTEL_TABLE } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';
import { githubAudit } from '../../sources/formats/github-audit';
import { parseOneWith } from '../../../test/support/fixture-records';
import { DEFAULT_RISKY_COUNTRIES } from '../../intel/risky-countries';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const intel = fakeIntel();
const defaults = riskyNetwork.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => riskyNetwork.evaluate(buildContext(events, { intel }), s);
const warm = () => series(12, T0, 12 * HOUR, (i) => ({ id: `h${i}`, source: { ip: IP.HOME } }));
const AFTER = T0 + 7 * DAY;

describe('risky-network', () => {
  it('Tor is high even on a single event', () => {
    const f = run([
      ev({ id: 't1', time: T0, source: { ip: IP.TOR }, credential: { kind: 'temporary_key', id: 'ASIA1' } }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'risky-network',
        severity: 'high',
        events: ['t1'],
        identities: [ALICE],
        tokens: ['ASIA1'],
        time: T0,
      }),
    ]);
    expect(f[0]!.title).toBe(`${ALICE} accessed from a Tor exit node`);
    expect(f[0]!.detail).toContain('185.220.101.5 AS60729');
  });

  it('a VPS for a warm identity that never used hosting is medium; a burst is one finding', () => {
    const f = run([
      ...warm(),
      ev({ id: 'x1', time: AFTER, source: { ip: IP.HOSTING } }),
      ev({
        id: 'x2',
        time: AFTER + 5 * MIN,
        source: { ip: IP.HOSTING2 },
        outcome: { success: false, code: 'AccessDenied' },
      }),
      ev({ id: 'x3', time: AFTER + 10 * MIN, source: { ip: IP.HOSTING } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['x1', 'x2', 'x3']]]);
    expect(f[0]!.detail).toContain('3 event(s) (1 failed)');
    expect(f[0]!.detail).toContain('AS14061 DigitalOcean (NL)');
  });

  it('cold start: a VPN with no history to compare is only low', () => {
    const f = run([ev({ id: 'v1', time: T0, source: { ip: IP.VPN } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['v1']]]);
  });

  it('hard negative: a VPN-heavy user (VPN in stored history) is not flagged', () => {
    const ctx = buildContext(
      [
        ev({ id: 'v1', time: AFTER, source: { ip: IP.VPN } }),
        ev({ id: 'v2', time: AFTER + HOUR, source: { ip: IP.VPN } }),
      ],
      {
        intel,
        history: {
          version: 1,
          subjects: {
            ['id:' + ALICE]: {
              times: Array.from({ length: 40 }, (_, i) => T0 + i * 4 * HOUR),
              seen: { network: { vpn: T0, residential: T0 } },
            },
          },
        },
      },
    );
    expect(riskyNetwork.evaluate(ctx, defaults)).toEqual([]);
  });

  it('hard negative: a VPN-heavy user inside one long input is flagged once, then the kind is usual', () => {
    const events = series(10, T0, DAY, (i) => ({ id: `v${i}`, source: { ip: IP.VPN } }));
    expect(run(events).map((x) => [x.severity, x.events])).toEqual([['low', ['v0']]]);
  });

  it('Okta isProxy on an address intel does not know becomes an anonymizer finding', () => {
    const f = run([
      ev({
        id: 'o1',
        provider: 'okta',
        format: 'okta',
        time: T0,
        actor: { id: 'carol@example.com', kind: 'human' },
        action: { name: 'user.session.start', verb: 'auth' },
        source: { ip: '8.8.4.4', isProxy: true, asn: 9009, asOrg: 'M247' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['o1']]]);
    expect(f[0]!.detail).toContain('Okta isProxy');
  });

  it('Apple iCloud Private Relay is informational', () => {
    const table = {
      ...INTEL_TABLE,
      '172.225.1.1': { asn: 36183, asOrg: 'Akamai iCloud Private Relay', kind: 'vpn' as const, country: 'US' },
    };
    const f = riskyNetwork.evaluate(
      buildContext([ev({ id: 'r1', time: T0, source: { ip: '172.225.1.1' } })], { intel: fakeIntel(table) }),
      defaults,
    );
    expect(f.map((x) => [x.severity, x.events])).toEqual([['info', ['r1']]]);
  });

  it('hard negative: cloud addresses, service principals on VPSs, service callers and private IPs', () => {
    expect(
      run([
        ev({ id: 'n1', time: T0, source: { ip: IP.AWS } }),
        ev({
          id: 'n2',
          time: T0,
          actor: { id: 'sp-integration', kind: 'service_principal' },
          source: { ip: IP.HOSTING },
        }),
        ev({ id: 'n3', time: T0, actor: { id: 'role/i-1', kind: 'workload' }, source: { ip: IP.AWS } }),
        ev({ id: 'n4', time: T0, source: { caller: 'cloudformation.amazonaws.com' } }),
        ev({ id: 'n5', time: T0, source: { ip: IP.PRIVATE } }),
      ]),
    ).toEqual([]);
  });

  describe('high-risk countries', () => {
    const RU_IP = '95.173.1.1';
    const table = {
      ...INTEL_TABLE,
      [RU_IP]: { asn: 12389, asOrg: 'Rostelecom', country: 'RU', kind: 'residential' as const },
    };
    const runRu = (events: TokenEvent[], s = defaults) =>
      riskyNetwork.evaluate(buildContext(events, { intel: fakeIntel(table) }), s);

    it('defaults: the OFAC comprehensively sanctioned jurisdictions plus Russia and Belarus; codes are checked and upper-cased', () => {
      expect(defaults.riskyCountries).toEqual(['CU', 'IR', 'KP', 'RU', 'BY']);
      expect(defaults.riskyCountries).toEqual([...DEFAULT_RISKY_COUNTRIES]);
      expect(defaults.riskyCountrySeverity).toBe('medium');
      expect(riskyNetwork.settings.parse({ riskyCountries: ['sy', 'MM'] }).riskyCountries).toEqual(['SY', 'MM']);
      expect(riskyNetwork.settings.safeParse({ riskyCountries: ['XX'] }).success).toBe(false);
      expect(riskyNetwork.settings.safeParse({ riskyCountries: ['Russia'] }).success).toBe(false);
    });

    it('a residential address the data places in Russia, on a warm identity, is medium and names the country', () => {
      const f = runRu([
        ...warm(),
        ev({ id: 'r1', time: AFTER, source: { ip: RU_IP } }),
        ev({ id: 'r2', time: AFTER + 10 * MIN, source: { ip: RU_IP } }),
      ]);
      expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['r1', 'r2']]]);
      expect(f[0]!.title).toBe(`${ALICE} active from a high-risk country: Russia (RU)`);
      expect(f[0]!.detail).toContain('2 successful event(s) from Russia (RU) via 95.173.1.1 AS12389 Rostelecom');
      expect(f[0]!.detail).toContain('otherwise this identity acts from United States (US)');
      expect(f[0]!.detail).toContain('no earlier activity from there');
    });

    it('the log’s own country counts: a GitHub audit record from Iran (actor_location, no address data)', () => {
      const e = parseOneWith(githubAudit, {
        action: 'repo.download_zip',
        actor: 'octo-dev',
        created_at: 1717232400000,
        actor_ip: '203.0.113.9',
        actor_location: { country_code: 'IR' },
        user_agent: 'curl/8.4.0',
        hashed_token: 'h',
        programmatic_access_type: 'OAuth access token',
      });
      const f = run([e]);
      expect(f.map((x) => [x.severity, x.title])).toEqual([
        ['medium', 'octo-dev active from a high-risk country: Iran (IR)'],
      ]);
      // Okta writes the country by name.
      const okta = ev({
        id: 'o1',
        provider: 'okta',
        format: 'okta',
        actor: { id: 'carol@example.com', kind: 'human' },
        action: { name: 'user.session.start', verb: 'auth' },
        source: { ip: '8.8.4.4', country: 'North Korea' },
      });
      expect(run([okta]).map((x) => x.title)).toEqual([
        'carol@example.com active from a high-risk country: North Korea (KP)',
      ]);
    });

    it('raises a Tor exit in a listed country to its own finding next to the Tor one', () => {
      const t = {
        ...table,
        '185.220.101.6': { asn: 60729, asOrg: 'Stiftung Erneuerbare Freiheit', country: 'BY', kind: 'tor' as const },
      };
      const f = riskyNetwork.evaluate(
        buildContext([ev({ id: 't1', time: T0, source: { ip: '185.220.101.6' } })], { intel: fakeIntel(t) }),
        defaults,
      );
      expect(f.map((x) => [x.severity, x.title])).toEqual([
        ['high', `${ALICE} accessed from a Tor exit node`],
        ['medium', `${ALICE} active from a high-risk country: Belarus (BY)`],
      ]);
    });

    it('hard negative: failures from a listed country, countries off the list, and an emptied list are not flagged', () => {
      expect(
        runRu([ev({ id: 'f1', time: T0, source: { ip: RU_IP }, outcome: { success: false, code: 'AccessDenied' } })]),
      ).toEqual([]);
      expect(
        run([
          ev({ id: 'u1', time: T0, source: { ip: IP.PARIS } }),
          ev({ id: 'u2', time: T0, source: { ip: IP.LAGOS } }),
          ev({ id: 'u3', time: T0, source: { ip: '8.8.4.4', country: 'UA' } }),
        ]),
      ).toEqual([]);
      expect(
        runRu([ev({ id: 'r1', time: T0, source: { ip: RU_IP } })], riskyNetwork.settings.parse({ riskyCountries: [] })),
      ).toEqual([]);
    });

    it('the severity floor is a setting', () => {
      const f = runRu(
        [ev({ id: 'r1', time: T0, source: { ip: RU_IP } })],
        riskyNetwork.settings.parse({ riskyCountrySeverity: 'high' }),
      );
      expect(f.map((x) => x.severity)).toEqual(['high']);
    });
  });
});
