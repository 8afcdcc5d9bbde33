import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { unusualTime } from './unusual-time';
import { ev, T0, MIN, HOUR, DAY } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const defaults = unusualTime.settings.parse({});
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

describe('unusual-time', () => {
  it('an hour the identity has never used (Tue 03:00) is medium; consecutive events are one finding', () => {
    const f = run([
      ...officeWeeks([10, 14]),
      ev({ id: 'n1', time: TUE + 3 * HOUR }),
      ev({ id: 'n2', time: TUE + 3 * HOUR + 20 * MIN, credential: { kind: 'temporary_key', id: 'ASIA1' } }),
      ev({ id: 'ok', time: TUE + 10 * HOUR }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({ indicator: 'unusual-time', severity: 'medium', events: ['n1', 'n2'], identities: [ALICE], tokens: ['ASIA1'], time: TUE + 3 * HOUR }),
    ]);
    expect(f[0]!.detail).toContain('Tue 03:00 UTC: 0 of 40 prior events');
  });

  it('a rarely used hour is low', () => {
    const base = officeWeeks([9, 10, 11, 13, 14, 15, 16]); // 140 events
    base.push(ev({ id: 'once', time: T0 - 20 * DAY - 9 * HOUR + 3 * HOUR })); // one earlier night event (a Thursday)
    const f = run([...base, ev({ id: 'n1', time: TUE + 3 * HOUR })]);
    // The first night event is itself judged (never seen → medium); the second one, against a baseline holding one, is rare → low.
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['once']], ['low', ['n1']]]);
  });

  it('hard negative: a night-shift worker at 23:00 is normal for them', () => {
    const f = run([...officeWeeks([21, 22, 23]), ev({ id: 'x', time: TUE + 23 * HOUR })]);
    // Only the cold-start nights of the first days (low, off-hours); nothing once the baseline is warm.
    expect(f.every((x) => x.severity === 'low' && x.title.endsWith('off-hours'))).toBe(true);
    expect(f.flatMap((x) => x.events)).not.toContain('x');
    expect(f.flatMap((x) => x.events)).toHaveLength(30);
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

  it('cold start: off-hours and weekend fall back to low only', () => {
    const sat = T0 + 5 * DAY; // Saturday 09:00 UTC
    const f = run([
      ev({ id: 'd1', time: T0 }),
      ev({ id: 'n1', time: T0 + 13 * HOUR }), // Mon 22:00
      ev({ id: 'd2', time: T0 + DAY }),
      ev({ id: 'w1', time: sat }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.title])).toEqual([
      ['low', ['n1'], `${ALICE} active off-hours`],
      ['low', ['w1'], `${ALICE} active off-hours`],
    ]);
    expect(f[1]!.detail).toContain('weekend');
  });

  it('hard negative: cold-start rule does not judge workloads or service callers, nor failures', () => {
    expect(run([
      ev({ id: 'w', time: T0 + 18 * HOUR, actor: { id: 'role/i-1', kind: 'workload' } }),
      ev({ id: 's', time: T0 + 18 * HOUR, actor: { id: 'ec2.amazonaws.com', kind: 'service' } }),
      ev({ id: 'f', time: T0 + 18 * HOUR, outcome: { success: false, code: 'AccessDenied' } }),
    ])).toEqual([]);
  });

  it('timezoneOffsetMinutes moves the off-hours window to local time', () => {
    const events = [ev({ id: 'x', time: T0 + 16 * HOUR })]; // Tue 01:00 UTC = Tue 11:00 in Sydney (UTC+10)
    expect(run(events).map((x) => x.events)).toEqual([['x']]);
    expect(run(events, { ...defaults, timezoneOffsetMinutes: 600 })).toEqual([]);
  });
});
