import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { unusualTime, unusualTimeSettings } from './unusual-time';
import { ev, series, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { parseSettings } from '../settings';
import { runEngine } from '../run';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const defaults = unusualTime.settings.parse({});
const fixed = { ...defaults, offHoursFallback: 'fixed' as const };
const run = (events: TokenEvent[], s = defaults) => unusualTime.evaluate(buildContext(events), s);

/** Four weeks of office hours before T0 (a Monday): weekdays at the given UTC hours. */
function officeWeeks(hours: number[], prefix = 'b'): TokenEvent[] {
  const out: TokenEvent[] = [];
  const start = T0 - 28 * DAY - 9 * HOUR; // Monday 00:00 UTC, four weeks back
  for (let d = 0; d < 28; d++) {
    const day = new Date(start + d * DAY).getUTCDay();
    if (day === 0 || day === 6) continue;
    for (const h of hours) out.push(ev({ id: `${prefix}${d}-${h}`, time: start + d * DAY + h * HOUR }));
  }
  return out;
}
const TUE = T0 - 9 * HOUR + DAY; // Tuesday 00:00 UTC
const MON = T0 - 9 * HOUR; // Monday 00:00 UTC

const CAROL = 'carol@example.com';
/** A cold identity (a handful of events, no history): judged by the fallback. */
const carol = (id: string, time: number, o: Parameters<typeof ev>[0] = {}) =>
  ev({ id, time, actor: { id: CAROL, kind: 'human' }, ...o });

/**
 * Colleagues: `people` other identities, each with one event at every given UTC hour (at :10) on
 * the first `days` weekdays of the week starting Monday MON.
 */
function office(
  people: number,
  days: number,
  hours = [8, 9, 10, 11, 12, 13, 14, 15, 16],
  o: Parameters<typeof ev>[0] = {},
): TokenEvent[] {
  const out: TokenEvent[] = [];
  for (let d = 0; d < days; d++) {
    for (let p = 0; p < people; p++) {
      for (const h of hours) {
        out.push(
          ev({
            id: `o${p}-${d}-${h}`,
            time: MON + d * DAY + h * HOUR + 10 * MIN,
            actor: { id: `user${p}@example.com`, kind: 'human' },
            ...o,
          }),
        );
      }
    }
  }
  return out;
}

describe('unusual-time', () => {
  it('an hour the identity has never used (Tue 03:00) is medium; consecutive events are one finding', () => {
    const f = run([
      ...officeWeeks([10, 14]),
      ev({ id: 'n1', time: TUE + 3 * HOUR }),
      ev({ id: 'n2', time: TUE + 3 * HOUR + 20 * MIN, credential: { kind: 'temporary_key', id: 'ASIA1' } }),
      ev({ id: 'ok', time: TUE + 10 * HOUR }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'unusual-time',
        severity: 'medium',
        events: ['n1', 'n2'],
        identities: [ALICE],
        tokens: ['ASIA1'],
        time: TUE + 3 * HOUR,
      }),
    ]);
    expect(f[0]!.detail).toContain('Tue 03:00 UTC: 0 of 40 prior events');
  });

  it('a rarely used hour is low', () => {
    const base = officeWeeks([9, 10, 11, 13, 14, 15, 16]); // 140 events
    base.push(ev({ id: 'once', time: T0 - 20 * DAY - 9 * HOUR + 3 * HOUR })); // one earlier night event (a Thursday)
    const f = run([...base, ev({ id: 'n1', time: TUE + 3 * HOUR })]);
    // The first night event is itself judged (never seen → medium); the second one, against a baseline holding one, is rare → low.
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['medium', ['once']],
      ['low', ['n1']],
    ]);
  });

  it('hard negative: a night-shift worker at 23:00 is normal for them', () => {
    const events = [...officeWeeks([21, 22, 23]), ev({ id: 'x', time: TUE + 23 * HOUR })];
    // With the fixed UTC window: only the cold-start nights of the first days (low, off-hours); nothing once the baseline is warm.
    const f = run(events, fixed);
    expect(f.every((x) => x.severity === 'low' && x.title.endsWith('off-hours'))).toBe(true);
    expect(f.flatMap((x) => x.events)).not.toContain('x');
    expect(f.flatMap((x) => x.events)).toHaveLength(30);
    // By default (population fallback) a lone worker has no one to be compared with: nothing at all.
    expect(run(events)).toEqual([]);
  });

  it('a usual-time event splits runs into separate findings', () => {
    const f = run([
      ...officeWeeks([10, 14]),
      ev({ id: 'n1', time: TUE + 3 * HOUR }),
      ev({ id: 'ok', time: TUE + 10 * HOUR }),
      ev({ id: 'n2', time: TUE + 22 * HOUR }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['n1'], ['n2']]);
  });

  it('fixed fallback: cold-start off-hours and weekend are low only', () => {
    const sat = T0 + 5 * DAY; // Saturday 09:00 UTC
    const f = run(
      [
        ev({ id: 'd1', time: T0 }),
        ev({ id: 'n1', time: T0 + 13 * HOUR }), // Mon 22:00
        ev({ id: 'd2', time: T0 + DAY }),
        ev({ id: 'w1', time: sat }),
      ],
      fixed,
    );
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['low', ['n1'], `${ALICE} active off-hours`],
      ['low', ['w1'], `${ALICE} active off-hours`],
    ]);
    expect(f[1]!.detail).toContain('weekend');
  });

  it('hard negative: cold-start rule does not judge workloads or service callers, nor failures', () => {
    const events = [
      ev({ id: 'w', time: T0 + 18 * HOUR, actor: { id: 'role/i-1', kind: 'workload' } }),
      ev({ id: 's', time: T0 + 18 * HOUR, actor: { id: 'ec2.amazonaws.com', kind: 'service' } }),
      ev({ id: 'f', time: T0 + 18 * HOUR, outcome: { success: false, code: 'AccessDenied' } }),
    ];
    expect(run(events, fixed)).toEqual([]);
    // Nor against the population, even a large one that never works at that hour.
    expect(run([...office(20, 3), ...events])).toEqual([]);
  });

  it('timezoneOffsetMinutes moves the fixed off-hours window to local time', () => {
    const events = [ev({ id: 'x', time: T0 + 16 * HOUR })]; // Tue 01:00 UTC = Tue 11:00 in Sydney (UTC+10)
    expect(run(events, fixed).map((x) => x.events)).toEqual([['x']]);
    expect(run(events, { ...fixed, timezoneOffsetMinutes: 600 })).toEqual([]);
  });

  it('defaults: population fallback, 100 events over 2 days, 1 %', () => {
    expect(defaults).toMatchObject({
      offHoursFallback: 'population',
      minPopulationEvents: 100,
      populationRareShare: 0.01,
      populationKinds: ['human'],
      minBaselineEvents: 30,
    });
  });

  it('population fallback: a European team starting 06:00 UTC (08:00 CET) is usual; 01:00 UTC is rare → low', () => {
    const events = [
      ...office(10, 5, [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), // 500 events, Mon–Fri 06:00–16:00 UTC
      carol('c1', MON + DAY + 6 * HOUR + 5 * MIN), // Tue 06:05 UTC
      carol('c2', MON + DAY + 16 * HOUR + 40 * MIN), // Tue 16:40 UTC: next to 15:00, smoothed ±1 h
      carol('c3', MON + 2 * DAY + HOUR), // Wed 01:00 UTC
    ];
    const f = run(events);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'unusual-time',
        severity: 'low',
        events: ['c3'],
        identities: [CAROL],
        title: `${CAROL} active at an hour the input's people rarely use`,
      }),
    ]);
    expect(f[0]!.detail).toContain(
      "Wed 01:00 UTC: 0 of 500 events of the input's other people fall in this weekday hour ±1 h (0.0 " +
        '%, threshold 1.0 %; cold start: 2 prior events over 1 day(s), baseline needs 30 over 5)',
    );
    // The fixed UTC window flags the 06:05 start too (and every colleague's cold-start 06:00 and 07:00).
    const byFixed = run(events, fixed).flatMap((x) => x.events);
    expect(byFixed).toEqual(expect.arrayContaining(['c1', 'c3', 'o0-0-6']));
    expect(byFixed).not.toContain('c2');
    expect(run(events, { ...defaults, offHoursFallback: 'off' })).toEqual([]);
  });

  it('hard negative: a Seattle team working 16:00–00:00 UTC is usual; 10:00 UTC (03:00 in Seattle) is rare', () => {
    const events = [
      ...office(8, 4, [16, 17, 18, 19, 20, 21, 22, 23]),
      carol('c1', MON + DAY + 23 * HOUR + 30 * MIN), // Tue 23:30 UTC
      carol('c2', MON + 2 * DAY + 15 * MIN), // Wed 00:15 UTC: next to 23:00
      carol('c3', MON + 2 * DAY + 10 * HOUR), // Wed 10:00 UTC
    ];
    expect(run(events).map((x) => [x.severity, x.events])).toEqual([['low', ['c3']]]);
  });

  it('hard negative: one lone Sunday event in a one-record file is not flagged', () => {
    expect(run([ev({ id: 'sun', time: T0 - DAY })])).toEqual([]); // Sunday 09:00 UTC
    expect(run([carol('sun', MON - 9 * HOUR)])).toEqual([]); // Sunday 15:00 UTC
  });

  it('population fallback needs ≥ minPopulationEvents other events over ≥ 2 distinct days', () => {
    const night = carol('n', MON + 2 * DAY + 3 * HOUR); // Wed 03:00
    // 100 events of two colleagues over two days, all at 10:00–10:49.
    const pop = (n: number, days: number) =>
      Array.from({ length: n }, (_, i) =>
        ev({
          id: `p${i}`,
          time: MON + (i % days) * DAY + 10 * HOUR + Math.floor(i / days) * MIN,
          actor: { id: `user${i % 2}@example.com`, kind: 'human' },
        }),
      );
    expect(run([...pop(100, 2), night]).map((x) => x.events)).toEqual([['n']]);
    expect(run([...pop(99, 2), night])).toEqual([]);
    expect(run([...pop(500, 1), night])).toEqual([]); // one day says nothing about the organisation's hours
    expect(run([...pop(99, 2), night], { ...defaults, minPopulationEvents: 99 }).map((x) => x.events)).toEqual([['n']]);
  });

  it('populationRareShare: ≤ 1 % of the population in the hour ±1 h is rare, more is not', () => {
    const day = office(10, 2, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]); // 200 events
    const nightOwl = (k: number) =>
      Array.from({ length: k }, (_, i) =>
        ev({ id: `owl${i}`, time: MON + DAY + 2 * HOUR + i * MIN, actor: { id: 'owl@example.com', kind: 'human' } }),
      ); // Tue 02:00, a neighbour of 03:00
    const c = carol('c', MON + 2 * DAY + 3 * HOUR + 20 * MIN); // Wed 03:20
    const judged = (k: number) => run([...day, ...nightOwl(k), c]).filter((x) => x.identities[0] === CAROL);
    expect(judged(2).map((x) => [x.severity, x.events])).toEqual([['low', ['c']]]); // 2 of 202 = 0.99 %
    expect(judged(2)[0]!.detail).toContain('2 of 202 events');
    expect(judged(3)).toEqual([]); // 3 of 203 = 1.5 %
  });

  it("a cold identity's own burst does not make its hour look usual (the population is everyone else)", () => {
    const burst = Array.from({ length: 10 }, (_, i) => carol(`b${i}`, MON + 2 * DAY + 3 * HOUR + i * 5 * MIN)); // Wed 03:00–03:45
    const f = run([...office(10, 2, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]), ...burst]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', burst.map((e) => e.id)]]);
    expect(f[0]!.detail).toContain('0 of 200 events');
  });

  it('the population is successful, timed events of people: night-time workloads, failures and untimed records do not count', () => {
    const cron = Array.from({ length: 300 }, (_, i) =>
      ev({
        id: `cron${i}`,
        time: MON + (i % 3) * DAY + 3 * HOUR + Math.floor(i / 3) * 10_000,
        actor: { id: 'role/i-1', kind: 'workload' },
      }),
    );
    const fed = Array.from({ length: 50 }, (_, i) =>
      ev({
        id: `fed${i}`,
        time: MON + (i % 2) * DAY + 3 * HOUR + i * MIN,
        actor: { id: 'ci-pool', kind: 'federated' },
      }),
    );
    const failures = Array.from({ length: 50 }, (_, i) =>
      ev({
        id: `fail${i}`,
        time: MON + (i % 2) * DAY + 3 * HOUR + i * MIN,
        actor: { id: 'spray@example.com', kind: 'human' },
        outcome: { success: false, code: 'AccessDenied' },
      }),
    );
    // Records without a time sit at 0 (Thu 1970-01-01 00:00 UTC): were they counted, weekday 00:00 would look usual.
    const untimed = Array.from({ length: 150 }, (_, i) => ({
      ...ev({ id: `u${i}`, time: 0, actor: { id: 'undated@example.com', kind: 'human' } }),
      timeKnown: false as const,
    }));
    const events = [
      ...office(10, 2, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
      ...cron,
      ...fed,
      ...failures,
      ...untimed,
      carol('c3', MON + 2 * DAY + 3 * HOUR + 30 * MIN), // Wed 03:30
      carol('c0', MON + 3 * DAY + 30 * MIN, { credential: { kind: 'session', id: 'sess-1' } }), // Thu 00:30
    ];
    const f = run(events).filter((x) => x.identities[0] === CAROL);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['low', ['c3']],
      ['low', ['c0']],
    ]);
    expect(f[0]!.detail).toContain('0 of 200 events');
    // populationKinds widens the population: the federated CI pool's 03:00 activity then makes 03:00 usual.
    const wide = run(events, { ...defaults, populationKinds: ['human', 'federated'] }).filter(
      (x) => x.identities[0] === CAROL,
    );
    expect(wide.map((x) => x.events)).toEqual([['c0']]);
  });

  it('weekends are judged against the population’s weekends', () => {
    const sat = MON + 5 * DAY + 11 * HOUR; // Saturday 11:00 UTC
    const weekdays = office(10, 5, [9, 10, 11, 12, 13]); // 250 events, Mon–Fri only
    expect(run([...weekdays, carol('s', sat)]).map((x) => x.events)).toEqual([['s']]);
    const saturdayShift = Array.from({ length: 6 }, (_, i) =>
      ev({ id: `sat${i}`, time: sat - HOUR + i * 10 * MIN, actor: { id: 'weekend@example.com', kind: 'human' } }),
    );
    expect(run([...weekdays, ...saturdayShift, carol('s', sat)]).filter((x) => x.identities[0] === CAROL)).toEqual([]);
  });

  it('a warm identity is judged by its own baseline, not the population', () => {
    // Alice works nights at 21–23 for four weeks; everyone else works days. Her 23:00 is usual for her.
    const f = run([
      ...office(10, 2, [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
      ...officeWeeks([21, 22, 23]),
      ev({ id: 'x', time: TUE + 23 * HOUR }),
    ]);
    expect(f.flatMap((x) => x.events)).not.toContain('x');
  });
});

describe('unusual-time: a baseline must span days, not one busy morning', () => {
  it('treats 47 events within two hours of one day as a cold start, not as a weekly profile', () => {
    const morning = series(47, T0 - 3 * HOUR, 150_000, () => ({ actor: { id: 'charles@x', kind: 'human' } }));
    const later = ev({ time: T0 + 2 * HOUR, actor: { id: 'charles@x', kind: 'human' } });
    const ctx = buildContext([...morning, later]);
    expect(unusualTime.evaluate(ctx, unusualTimeSettings.parse({}))).toEqual([]);
    // The same events judged with a one-day baseline allowed: 2 h later is "never used".
    const loose = unusualTime.evaluate(ctx, unusualTimeSettings.parse({ minBaselineDays: 1 }));
    expect(loose.map((f) => [f.severity, f.events])).toEqual([['medium', [later.id]]]);
  });
});

describe('unusual-time: identities that work around the clock', () => {
  it('flags a 03:00 event for a nine-to-five identity, not for one active in every hour', () => {
    const day = (d: number, h: number) => T0 - 9 * HOUR - 14 * DAY + d * DAY + h * HOUR;
    const office = Array.from({ length: 60 }, (_, i) =>
      ev({
        time: day(Math.floor(i / 6) * 1 + (Math.floor(i / 6) >= 5 ? 2 : 0), 9 + (i % 6)),
        actor: { id: 'nine@x', kind: 'human' },
      }),
    );
    const allDay = Array.from({ length: 120 }, (_, i) =>
      ev({
        time: day(Math.floor(i / 24) + (Math.floor(i / 24) >= 5 ? 2 : 0), i % 24),
        actor: { id: 'ops@x', kind: 'human' },
      }),
    );
    const late = [
      ev({ time: T0 - 6 * HOUR, actor: { id: 'nine@x', kind: 'human' } }),
      ev({ time: T0 - 6 * HOUR + MIN, actor: { id: 'ops@x', kind: 'human' } }),
    ];
    const f = unusualTime.evaluate(buildContext([...office, ...allDay, ...late]), unusualTimeSettings.parse({}));
    expect(f.map((x) => [x.identities, x.events])).toEqual([[['nine@x'], [late[0]!.id]]]);
  });
});

describe('unusual-time per tenant (settings tenants.<id>.unusualTime)', () => {
  // Tuesday 03:00 UTC: one cold identity in each of two AWS accounts.
  const AT = TUE + 3 * HOUR;
  const SYDNEY = '444455556666';
  const events = [
    ev({
      id: 'eu',
      time: AT,
      actor: { id: 'arn:aws:iam::111122223333:user/alice', kind: 'human', account: '111122223333' },
    }),
    ev({ id: 'au', time: AT, actor: { id: `arn:aws:iam::${SYDNEY}:user/bruce`, kind: 'human', account: SYDNEY } }),
  ];
  const hours = (timezoneOffsetMinutes: number) => ({
    unusualTime: { offHoursFallback: 'fixed', offHoursStart: 17, offHoursEnd: 9, timezoneOffsetMinutes },
  });
  const judged = (file: unknown) => {
    const parsed = parseSettings(file);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return runEngine(events, { settings: parsed.settings })
      .findings.filter((f) => f.indicator === 'unusual-time')
      .map((f) => f.events);
  };

  it('03:00 UTC is off-hours for a tenant working 09–17 UTC+0 and within hours for one at UTC+10 (13:00 local)', () => {
    expect(judged({ tenants: { '111122223333': hours(0), [SYDNEY]: hours(600) } })).toEqual([['eu']]);
    // Swapped clocks, swapped verdicts: the tenant's own hours decide, not the event's order.
    expect(judged({ tenants: { '111122223333': hours(600), [SYDNEY]: hours(0) } })).toEqual([['au']]);
  });

  it('a tenant may be keyed provider:account; a tenant without its own hours keeps the global ones', () => {
    expect(judged({ tenants: { 'aws:111122223333': hours(0) } })).toEqual([['eu']]);
    // Global fixed window 20:00–08:00: the tenant at UTC+10 is within its hours, the other one (global) is not.
    expect(
      judged({ indicators: { 'unusual-time': { offHoursFallback: 'fixed' } }, tenants: { [SYDNEY]: hours(600) } }),
    ).toEqual([['eu']]);
    // Only the fields a tenant gives are its own: the global fixed fallback with the tenant's clock.
    expect(
      judged({
        indicators: { 'unusual-time': { offHoursFallback: 'fixed' } },
        tenants: { '111122223333': { unusualTime: { timezoneOffsetMinutes: 600 } } },
      }),
    ).toEqual([['au']]);
  });

  it("the detail names the tenant's clock", () => {
    const parsed = parseSettings({
      tenants: {
        [SYDNEY]: {
          unusualTime: { offHoursFallback: 'fixed', offHoursStart: 12, offHoursEnd: 8, timezoneOffsetMinutes: 600 },
        },
      },
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const f = runEngine(events, { settings: parsed.settings }).findings.filter((x) => x.indicator === 'unusual-time');
    expect(f.map((x) => x.events)).toEqual([['au']]);
    expect(f[0]!.detail).toContain('Tue 13:00 (UTC+10): outside 08:00–12:00');
  });

  it('a tenant section is validated strictly: wrong hours and unknown fields are refused by path', () => {
    const r = parseSettings({
      tenants: { acme: { unusualTime: { offHoursStart: 25, lunch: 12 } }, other: { hours: {} } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tenants\.acme\.unusualTime\.offHoursStart: /),
        expect.stringMatching(/^tenants\.acme\.unusualTime: .*lunch/),
        expect.stringMatching(/^tenants\.other: .*hours/),
      ]),
    );
  });
});
