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

  it('learns from events sharing one source and action part (the reader shares them) as from separate ones, in any order', () => {
    const times = [T0, T0 - 3 * HOUR, T0 + HOUR, T0 - 5 * HOUR];
    const shared = ev({ actor: { id: 'a' }, source: { ip: '1.2.3.4', userAgent: 'cli' } });
    const sharedEvents = times.map((time) => ({ ...shared, time }));
    const separate = times.map((time) => ev({ time, actor: { id: 'a' }, source: { ip: '1.2.3.4', userAgent: 'cli' } }));
    const one = new Baseline();
    const two = new Baseline();
    // The context hands one enrichment object per address.
    const net = { kind: 'hosting' as const, asn: 64500, country: 'de' };
    for (const e of sharedEvents) one.observe(e, net);
    for (const e of separate) two.observe(e, { ...net });
    expect(one.snapshot()).toEqual(two.snapshot());
    for (const dim of ['ip', 'ua'] as const) {
      expect(one.firstSeen('id:a', dim, dim === 'ip' ? '1.2.3.4' : 'cli')).toBe(T0 - 5 * HOUR);
    }
    expect(one.firstSeen('id:a', 'asn', '64500')).toBe(T0 - 5 * HOUR);
    expect(one.firstSeen('id:a', 'country', 'DE')).toBe(T0 - 5 * HOUR);
    expect(one.firstSeen('id:a', 'action', 'ListBuckets')).toBe(T0 - 5 * HOUR);
  });

  it('notes a shared source again when its network facts differ', () => {
    const shared = ev({ time: T0, actor: { id: 'a' }, source: { ip: '1.2.3.4' } });
    const b = new Baseline();
    b.observe(shared, { kind: 'residential', asn: 64500 });
    b.observe({ ...shared, time: T0 + HOUR }, { kind: 'vpn', asn: 64501 });
    expect(b.firstSeen('id:a', 'network', 'vpn')).toBe(T0 + HOUR);
    expect(b.firstSeen('id:a', 'asn', '64501')).toBe(T0 + HOUR);
  });
});
