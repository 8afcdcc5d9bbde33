import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { newSource } from './new-source';
import { ev, series, T0, DAY, HOUR, MIN } from '../../../test/support/events';
import { fakeIntel, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const KEY = 'AKIAEXAMPLEKEY000001';
const intel = fakeIntel();
const defaults = newSource.settings.parse({});

/** Alice's normal week: 12 events over 6 days from home with her long-term key. */
function warmHistory(prefix = 'h'): TokenEvent[] {
  return series(12, T0, 12 * HOUR, (i) => ({
    id: `${prefix}${i}`,
    source: { ip: IP.HOME },
    credential: { kind: 'long_term_key', id: KEY },
  }));
}
const AFTER = T0 + 7 * DAY;

function run(events: TokenEvent[], settings = defaults) {
  return newSource.evaluate(buildContext(events, { intel }), settings);
}

describe('new-source', () => {
  it('has defaults for every setting', () => {
    expect(defaults).toEqual({
      minHistoryEvents: 10,
      minHistoryHours: 120,
      minActiveDays: 3,
      checkTokens: true,
      successOnly: true,
      maxEvidence: 50,
    });
  });

  it('flags a new ASN and country for a warm identity and token as medium, one finding per network', () => {
    const f = run([
      ...warmHistory(),
      ev({ id: 'x1', time: AFTER, source: { ip: IP.HOSTING }, credential: { kind: 'long_term_key', id: KEY } }),
      ev({ id: 'x2', time: AFTER + MIN, source: { ip: IP.HOSTING_B }, credential: { kind: 'long_term_key', id: KEY } }),
      ev({
        id: 'x3',
        time: AFTER + 2 * MIN,
        source: { ip: IP.HOSTING },
        credential: { kind: 'long_term_key', id: KEY },
      }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      indicator: 'new-source',
      severity: 'medium',
      events: ['x1', 'x2'],
      identities: [ALICE],
      tokens: [KEY],
      time: AFTER,
    });
    expect(f[0]!.title).toContain('country');
    expect(f[0]!.detail).toContain('159.65.10.20');
    expect(f[0]!.detail).toContain('AS14061 DigitalOcean');
    expect(f[0]!.detail).toContain('NL');
  });

  it('hard negative → low: a new IP inside the same ASN (DHCP/CGNAT churn) is only low', () => {
    const f = run([
      ...warmHistory(),
      ev({ id: 'x1', time: AFTER, source: { ip: IP.HOME2 }, credential: { kind: 'long_term_key', id: KEY } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['x1']]]);
    expect(f[0]!.title).toContain('an IP address');
  });

  it('hard negative → low: many events on only two days are little history; the same move after a week of days stays medium', () => {
    // dftimewolf's project audit log: ~70 console calls on two days, then a new network three weeks later.
    const twoDays = [
      ...series(35, T0, MIN, (i) => ({ id: `d1-${i}`, source: { ip: IP.HOME } })),
      ...series(35, T0 + 2 * DAY, MIN, (i) => ({ id: `d2-${i}`, source: { ip: IP.HOME } })),
    ];
    const later = ev({ id: 'x1', time: T0 + 21 * DAY, source: { ip: IP.HOSTING } });
    const thin = run([...twoDays, later]);
    expect(thin.map((x) => [x.severity, x.events])).toEqual([['low', ['x1']]]);
    expect(thin[0]!.detail).toContain('judged on this view only');
    const week = run([...warmHistory(), ev({ id: 'x2', time: AFTER, source: { ip: IP.HOSTING } })]);
    expect(week.map((x) => x.severity)).toEqual(['medium']);
    expect(week[0]!.detail).not.toContain('judged on this view only');
  });

  it('hard negative: cold start — a one-file input with little history flags nothing', () => {
    const events = [
      ...series(3, T0, HOUR, (i) => ({ id: `c${i}`, source: { ip: IP.HOME } })),
      ev({ id: 'x1', time: T0 + 4 * HOUR, source: { ip: IP.HOSTING } }),
    ];
    expect(run(events)).toEqual([]);
  });

  it('hard negative: many events but a short span is still cold (minHistoryHours)', () => {
    const events = [
      ...series(30, T0, MIN, (i) => ({ id: `c${i}`, source: { ip: IP.HOME } })),
      ev({ id: 'x1', time: T0 + HOUR, source: { ip: IP.HOSTING } }),
    ];
    expect(run(events)).toEqual([]);
    expect(run(events, { ...defaults, minHistoryHours: 0 }).map((x) => x.events)).toEqual([['x1']]);
  });

  it('hard negative: events without IP (service caller), private IPs and failures are ignored', () => {
    const f = run([
      ...warmHistory(),
      ev({ id: 'n1', time: AFTER, source: { caller: 'ec2.amazonaws.com' } }),
      ev({ id: 'n2', time: AFTER + MIN, source: { ip: IP.PRIVATE } }),
      ev({
        id: 'n3',
        time: AFTER + 2 * MIN,
        source: { ip: IP.HOSTING },
        outcome: { success: false, code: 'AccessDenied' },
      }),
      ev({
        id: 'n4',
        time: AFTER + 3 * MIN,
        actor: { id: 'ec2.amazonaws.com', kind: 'service' },
        source: { ip: IP.HOSTING2 },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('keys on the token too: a key seen only at home, now at the office the user knows, is new for the token', () => {
    const events = [
      ...warmHistory(),
      // Alice reached the office before with another credential, so the identity knows OFFICE.
      ev({
        id: 'o1',
        time: T0 + HOUR,
        source: { ip: IP.OFFICE },
        credential: { kind: 'temporary_key', id: 'ASIAOTHER' },
      }),
      ev({ id: 'x1', time: AFTER, source: { ip: IP.OFFICE }, credential: { kind: 'long_term_key', id: KEY } }),
    ];
    const f = run(events);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([['medium', ['x1'], [KEY]]]);
    expect(f[0]!.detail).toContain(`token ${KEY} (new ASN, IP)`);
    expect(f[0]!.detail).not.toContain(`identity ${ALICE}`);
    expect(run(events, { ...defaults, checkTokens: false })).toEqual([]);
  });

  it('uses stored history: a value seen in the snapshot is not new', () => {
    const ctx = buildContext([ev({ id: 'x1', time: AFTER, source: { ip: IP.HOSTING } })], {
      intel,
      history: {
        version: 1,
        subjects: {
          ['id:' + ALICE]: {
            times: Array.from({ length: 12 }, (_, i) => T0 + i * 12 * HOUR),
            seen: { ip: { [IP.HOSTING]: T0 }, asn: { '14061': T0 }, country: { NL: T0 } },
          },
        },
      },
    });
    expect(newSource.evaluate(ctx, defaults)).toEqual([]);
  });

  it('caps evidence and says how many more', () => {
    const events = [
      ...warmHistory(),
      ...series(5, AFTER, MIN, (i) => ({ id: `x${i}`, source: { ip: `159.65.10.${30 + i}` } })),
    ];
    const table = {
      ...Object.fromEntries(
        events
          .filter((e) => e.id.startsWith('x'))
          .map((e) => [e.source.ip!, { asn: 14061, country: 'NL', kind: 'hosting' as const }]),
      ),
    };
    const ctx = buildContext(events, { intel: { lookup: (ip) => table[ip] ?? intel.lookup(ip) } });
    const f = newSource.evaluate(ctx, { ...defaults, maxEvidence: 2 });
    expect(f).toHaveLength(1);
    expect(f[0]!.events).toEqual(['x0', 'x1']);
    expect(f[0]!.detail).toContain('5 first-seen event(s) (and 3 more events).');
  });
});
