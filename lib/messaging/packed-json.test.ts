import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import { isPacked, pack, PackedJsonError, unpack } from './packed-json';

/** What runtime messaging does to a value: JSON out and back. */
const overJson = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));
/** The production path: packed, sent as JSON, unpacked. */
const sent = (v: unknown): unknown => unpack(overJson(pack(v)));

/** Records with optional keys in one order, sometimes another order: tables and their fallback. */
const row = fc.oneof(
  fc.record(
    {
      id: fc.string(),
      time: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()),
      ok: fc.boolean(),
      ip: fc.constantFrom('198.51.100.10', '203.0.113.9'),
      note: fc.option(fc.string(), { nil: null }),
      flagged: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      nested: fc.option(fc.record({ a: fc.integer(), b: fc.string() }), { nil: undefined }),
    },
    { requiredKeys: ['id'] },
  ),
  fc.record({ ip: fc.string(), id: fc.string() }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

describe('packed JSON for runtime messages', () => {
  it('gives back exactly what JSON gives back, keys in the same order', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.array(row, { maxLength: 40 }), fc.record({ rows: fc.array(row) })),
        (v) => {
          expect(JSON.stringify(sent(v))).toBe(JSON.stringify(v));
          expect(sent(v)).toEqual(overJson(v));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('drops and converts what JSON drops and converts', () => {
    const when = new Date(Date.UTC(2026, 11, 6));
    const v = {
      gone: undefined,
      fn: () => 1,
      when,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      list: [undefined, () => 1, 1],
      rows: Array.from({ length: 10 }, (_, i) => ({ i, gone: undefined, when })),
    };
    expect(sent(v)).toEqual(overJson(v));
    expect(JSON.stringify(sent(v))).toBe(JSON.stringify(v));
  });

  it('writes a big case in a fraction of its JSON', () => {
    const c = sampleCase();
    const first = c.snapshot.events[0]!;
    c.snapshot.events = Array.from({ length: 5_000 }, (_, i) => ({
      ...first,
      id: `ev-${i.toString(16).padStart(12, '0')}`,
      time: first.time + i * 60_000,
      ref: `bench-case.ndjson:${i + 1}`,
      action: i % 3 ? 'GetObject' : 'ListBuckets',
      ...(i % 10 === 9 ? { ip: '159.65.10.20', country: 'DE', asn: 14061, asOrg: 'DigitalOcean' } : {}),
    }));
    const json = JSON.stringify(c).length;
    const packed = JSON.stringify(pack(c)).length;
    expect(packed).toBeLessThan(json / 5);
    expect(sent(c)).toEqual(overJson(c));
  });

  it('refuses a malformed message with its own error, never another', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ packed: fc.constant(1), strings: fc.array(fc.string(), { maxLength: 3 }), root: fc.jsonValue() }),
        ),
        (junk) => {
          try {
            unpack(junk);
          } catch (e) {
            expect(e).toBeInstanceOf(PackedJsonError);
          }
        },
      ),
      { numRuns: 3_000 },
    );
    const ok = overJson(pack({ rows: Array.from({ length: 9 }, (_, i) => ({ i })) })) as {
      strings: string[];
      root: unknown[];
    };
    expect(() => unpack({ ...ok, strings: [] })).toThrow(/string index is out of range/);
    const table = (ok.root as unknown[][])[2] as unknown[];
    (table[3] as unknown[]).pop();
    expect(() => unpack(ok)).toThrow(/column has the wrong length/);
    expect(() => unpack({ packed: 1, strings: [], root: [9] })).toThrow(/unknown tag/);
    expect(isPacked({ ok: true })).toBe(false);
  });

  it('never lets a __proto__ key change a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "rows": []}') as unknown;
    const rows = JSON.parse(
      `[${Array.from({ length: 9 }, () => '{"__proto__": {"polluted": true}, "a": 1}').join(',')}]`,
    ) as unknown;
    for (const v of [hostile, rows]) {
      const back = sent(v);
      expect(JSON.stringify(back)).toBe(JSON.stringify(v));
      const objects = Array.isArray(back) ? back : [back];
      for (const o of objects) {
        expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
        expect((o as { polluted?: unknown }).polluted).toBeUndefined();
      }
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
