import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ev, HOUR, T0 } from '../../test/support/events';
import { Baseline } from './baseline';

describe('Baseline', () => {
  it('answers countBefore like a naive count, whatever order the queries come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: -10, max: 510 }), { maxLength: 60 }),
        (offsets, queries) => {
          const b = new Baseline();
          const sorted = [...offsets].sort((x, y) => x - y);
          for (const o of sorted) b.observe(ev({ time: T0 + o, actor: { id: 'a' } }));
          for (const q of queries) {
            expect(b.countBefore('id:a', T0 + q)).toBe(sorted.filter((o) => o < q).length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays right when events arrive out of order and when history is seeded from a snapshot', () => {
    const b = new Baseline({
      version: 1,
      subjects: { 'id:a': { times: [T0 - 2 * HOUR], seen: { ip: { '1.2.3.4': T0 - 2 * HOUR } } } },
    });
    b.observe(ev({ time: T0 + HOUR, actor: { id: 'a' }, source: { ip: '5.6.7.8' } }));
    expect(b.countBefore('id:a', T0 + 2 * HOUR)).toBe(2);
    b.observe(ev({ time: T0, actor: { id: 'a' }, source: { ip: '5.6.7.8' } }));
    expect(b.countBefore('id:a', T0 + 2 * HOUR)).toBe(3);
    expect(b.countBefore('id:a', T0)).toBe(1);
    expect(b.firstSeen('id:a', 'ip', '5.6.7.8')).toBe(T0);
    expect(b.firstSeen('id:a', 'ip', '1.2.3.4')).toBe(T0 - 2 * HOUR);
    expect(b.firstActivity('id:a')).toBe(T0 - 2 * HOUR);
    expect(b.timesBefore('id:a', T0 + 1)).toEqual([T0 - 2 * HOUR, T0]);
  });

  it('learns identities and tokens separately, and round-trips through a snapshot', () => {
    const b = new Baseline();
    b.observe(
      ev({
        time: T0,
        actor: { id: 'a' },
        credential: { kind: 'long_term_key', id: 'AKIA1' },
        source: { ip: '1.2.3.4', userAgent: 'cli' },
      }),
    );
    expect(b.firstSeen('tok:AKIA1', 'ip', '1.2.3.4')).toBe(T0);
    expect(b.firstSeen('id:a', 'ua', 'cli')).toBe(T0);
    expect(b.firstSeen('id:b', 'ip', '1.2.3.4')).toBeUndefined();
    const copy = new Baseline(b.snapshot());
    expect(copy.snapshot()).toEqual(b.snapshot());
  });
});
