import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Ipv4RangeTable,
  Ipv4RangeTableBuilder,
  Ipv6RangeTable,
  Ipv6RangeTableBuilder,
  NO_VALUE,
} from './ip-range-table';

const MAX32 = 0xffffffff;

type Row = { s: number; e: number; v: number };

/** The rule the builders promise: greatest start, then narrowest, then last added. */
function oracle(rows: readonly Row[], x: number): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.s > x || r.e < x) return;
    const b = rows[best];
    if (!b || r.s > b.s || (r.s === b.s && (r.e < b.e || (r.e === b.e && i > best)))) best = i;
  });
  return best < 0 ? NO_VALUE : rows[best]!.v;
}

function build4(rows: readonly Row[]): Ipv4RangeTable {
  const b = new Ipv4RangeTableBuilder(4);
  for (const r of rows) b.add(r.s, r.e, r.v);
  return b.build();
}

function checkInvariants4(t: Ipv4RangeTable): void {
  for (let i = 0; i < t.size; i++) {
    expect(t.starts[i]!).toBeLessThanOrEqual(t.ends[i]!);
    if (i > 0) {
      expect(t.starts[i]!).toBeGreaterThan(t.ends[i - 1]!);
      // adjacent equal values are merged
      if (t.starts[i] === t.ends[i - 1]! + 1) expect(t.values[i]).not.toBe(t.values[i - 1]);
    }
  }
}

describe('Ipv4RangeTable', () => {
  it('finds the range holding an address, inclusive at both ends', () => {
    const t = build4([
      { s: 10, e: 20, v: 1 },
      { s: 30, e: 30, v: 2 },
      { s: 31, e: 40, v: 3 },
    ]);
    expect([9, 10, 15, 20, 21, 29, 30, 31, 40, 41].map((x) => t.lookup(x))).toEqual([
      NO_VALUE,
      1,
      1,
      1,
      NO_VALUE,
      NO_VALUE,
      2,
      3,
      3,
      NO_VALUE,
    ]);
  });

  it('handles the ends of the address space and an empty table', () => {
    const t = build4([
      { s: 0, e: 0, v: 7 },
      { s: MAX32 - 1, e: MAX32, v: 8 },
    ]);
    expect(t.lookup(0)).toBe(7);
    expect(t.lookup(MAX32)).toBe(8);
    expect(t.lookup(MAX32 - 2)).toBe(NO_VALUE);
    expect(build4([]).lookup(12345)).toBe(NO_VALUE);
    expect(build4([{ s: 0, e: MAX32, v: 5 }]).lookup(0x80000000)).toBe(5);
  });

  it('answers NO_VALUE for keys that are not unsigned 32-bit numbers', () => {
    const t = build4([{ s: 0, e: MAX32, v: 1 }]);
    for (const bad of [-1, MAX32 + 1, Number.NaN, Infinity]) expect(t.lookup(bad)).toBe(NO_VALUE);
  });

  it('refuses bad rows and counts them', () => {
    const b = new Ipv4RangeTableBuilder();
    expect(b.add(5, 4, 1)).toBe(false);
    expect(b.add(-1, 4, 1)).toBe(false);
    expect(b.add(0, MAX32 + 1, 1)).toBe(false);
    expect(b.add(0, 1, 1.5)).toBe(false);
    expect(b.add(0, 1, -1)).toBe(false);
    expect(b.add(0, 1, 9)).toBe(true);
    expect(b.rejected).toBe(5);
    expect(b.size).toBe(1);
  });

  it('lets the most specific of nested and overlapping rows win', () => {
    // the published country data nests a GeoFeed row inside a WHOIS row
    const t = build4([
      { s: 100, e: 200, v: 1 }, // DE /…
      { s: 150, e: 150, v: 2 }, // BE inside it
      { s: 180, e: 250, v: 3 }, // partial overlap: the later start wins where they meet
    ]);
    expect([100, 149, 150, 151, 179, 180, 200, 250, 251].map((x) => t.lookup(x))).toEqual([
      1,
      1,
      2,
      1,
      1,
      3,
      3,
      3,
      NO_VALUE,
    ]);
    checkInvariants4(t);
  });

  it('merges adjacent ranges with the same value', () => {
    const t = build4([
      { s: 0, e: 9, v: 1 },
      { s: 10, e: 19, v: 1 },
      { s: 20, e: 29, v: 2 },
    ]);
    expect(t.size).toBe(2);
  });

  it('accepts rows in any order (far from sorted falls back to a full sort)', () => {
    const rows: Row[] = Array.from({ length: 2000 }, (_, i) => ({ s: i * 10, e: i * 10 + 4, v: i + 1 }));
    const t = build4([...rows].reverse());
    for (const r of rows) {
      expect(t.lookup(r.s + 2)).toBe(r.v);
      expect(t.lookup(r.s + 7)).toBe(NO_VALUE);
    }
  });

  it('equals a linear scan of the rows on random tables (property)', () => {
    // Small key space so rows overlap and nest often; plus rows at the top of the space.
    const key = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: MAX32 - 300, max: MAX32 }));
    const row = fc.tuple(key, key, fc.integer({ min: 0, max: 5 })).map(([a, b, v]) => ({
      s: Math.min(a, b),
      e: Math.max(a, b),
      v,
    }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 60 }), (rows, probes) => {
        const t = build4(rows);
        checkInvariants4(t);
        const edges = rows.flatMap((r) => [r.s - 1, r.s, r.e, r.e + 1]).filter((x) => x >= 0 && x <= MAX32);
        for (const x of [...probes, ...edges]) expect(t.lookup(x)).toBe(oracle(rows, x));
      }),
      { numRuns: 400 },
    );
  });

  it('rejects mismatched columns', () => {
    expect(() => new Ipv4RangeTable(new Uint32Array(2), new Uint32Array(1), new Uint32Array(2))).toThrow(RangeError);
  });
});

// ---- IPv6 (64-bit keys as hi/lo) ------------------------------------------------------------

const TWO32 = 2 ** 32;
const hiOf = (k: bigint): number => Number(k >> 32n);
const loOf = (k: bigint): number => Number(k & 0xffffffffn);

type Row6 = { s: bigint; e: bigint; v: number };

function oracle6(rows: readonly Row6[], x: bigint): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.s > x || r.e < x) return;
    const b = rows[best];
    if (!b || r.s > b.s || (r.s === b.s && (r.e < b.e || (r.e === b.e && i > best)))) best = i;
  });
  return best < 0 ? NO_VALUE : rows[best]!.v;
}

function build6(rows: readonly Row6[]): Ipv6RangeTable {
  const b = new Ipv6RangeTableBuilder(4);
  for (const r of rows) b.add(hiOf(r.s), loOf(r.s), hiOf(r.e), loOf(r.e), r.v);
  return b.build();
}

const look6 = (t: Ipv6RangeTable, k: bigint): number => t.lookup(hiOf(k), loOf(k));

describe('Ipv6RangeTable', () => {
  it('compares the high half first, then the low half', () => {
    const t = build6([
      { s: 0x2001_0db8_0000_0000n, e: 0x2001_0db8_ffff_ffffn, v: 1 },
      { s: 0x2a00_1450_0000_0000n, e: 0x2a00_1450_0000_0000n, v: 2 },
    ]);
    expect(look6(t, 0x2001_0db8_1234_5678n)).toBe(1);
    expect(look6(t, 0x2001_0db9_0000_0000n)).toBe(NO_VALUE);
    expect(look6(t, 0x2a00_1450_0000_0000n)).toBe(2);
    expect(look6(t, 0x2a00_1450_0000_0001n)).toBe(NO_VALUE);
    expect(t.lookup(-1, 0)).toBe(NO_VALUE);
    expect(t.lookup(0, TWO32)).toBe(NO_VALUE);
  });

  it('carries across the 32-bit boundary and reaches the last key', () => {
    const max = 0xffff_ffff_ffff_ffffn;
    const t = build6([
      { s: 0x1_ffff_fff0n, e: 0x2_0000_0010n, v: 1 },
      { s: 0x1_ffff_ffffn, e: 0x2_0000_0000n, v: 2 }, // nested across the carry
      { s: max - 5n, e: max, v: 3 },
      { s: max, e: max, v: 4 },
    ]);
    expect(look6(t, 0x1_ffff_fffen)).toBe(1);
    expect(look6(t, 0x1_ffff_ffffn)).toBe(2);
    expect(look6(t, 0x2_0000_0000n)).toBe(2);
    expect(look6(t, 0x2_0000_0001n)).toBe(1);
    expect(look6(t, max - 1n)).toBe(3);
    expect(look6(t, max)).toBe(4);
  });

  it('refuses start > end', () => {
    const b = new Ipv6RangeTableBuilder();
    expect(b.add(1, 0, 0, MAX32, 1)).toBe(false);
    expect(b.add(0, 5, 0, 4, 1)).toBe(false);
    expect(b.rejected).toBe(2);
  });

  it('equals a linear scan of the rows on random tables (property)', () => {
    const near = (base: bigint) => fc.integer({ min: -200, max: 200 }).map((d) => base + BigInt(d));
    const key = fc
      .oneof(near(0n), near(0x1_0000_0000n), near(0x2001_0db8_0000_0000n), near(0xffff_ffff_ffff_ff00n))
      .map((k) => (k < 0n ? 0n : k > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : k));
    const row = fc.tuple(key, key, fc.integer({ min: 0, max: 4 })).map(([a, b, v]) => ({
      s: a < b ? a : b,
      e: a < b ? b : a,
      v,
    }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(key, { minLength: 1, maxLength: 40 }), (rows, probes) => {
        const t = build6(rows);
        const edges = rows.flatMap((r) => [r.s - 1n, r.s, r.e, r.e + 1n]).filter((x) => x >= 0n && x < 1n << 64n);
        for (const x of [...probes, ...edges]) expect(look6(t, x)).toBe(oracle6(rows, x));
      }),
      { numRuns: 300 },
    );
  });
});
