/**
 * Compact, sorted IP range tables with binary-search lookup: the storage under the offline IP
 * intelligence (ASN and country per address range).
 *
 * Why typed arrays: the ASN and country data are ~400 k IPv4 and ~100–200 k IPv6 ranges, loaded
 * on every CLI run and kept in the extension's background. Parallel Uint32Arrays hold them in a
 * few MB and are searched without allocating.
 *
 * - IPv4 keys are the address as an unsigned 32-bit number. A 65 536-entry index on the top 16
 *   bits narrows each binary search to the ranges of one /16.
 * - IPv6 keys are the /64 prefix, i.e. the top 64 bits, as two Uint32 halves (hi, lo): no BigInt.
 *   Routing and registry data is almost never finer than /64 (in the shipped data 0.2 % of ASN
 *   rows and 4 % of country rows are); such a row is widened to the /64s it touches and a later,
 *   more specific row wins where they share a /64.
 * - Builders accept rows in any order and with overlaps (the published data has nested rows:
 *   a GeoFeed /29 inside a WHOIS /23). The result is disjoint: at each address the row with the
 *   greatest start wins, then the narrower one, then the one added last, i.e. the most specific.
 *   Adjacent ranges with the same value are merged.
 *
 * Pure: no I/O, no Node or browser API.
 */

/** Returned by `lookup` when no range covers the key. */
export const NO_VALUE = -1;

const MAX32 = 0xffffffff;

/** IPv4 table: disjoint ranges sorted by start; values are unsigned 32-bit (ASN, packed country…). */
export class Ipv4RangeTable {
  /** first row whose start has top-16 bits ≥ b, for b in 0..65536 */
  private readonly index: Uint32Array;

  constructor(
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    readonly values: Uint32Array,
  ) {
    if (starts.length !== ends.length || starts.length !== values.length) {
      throw new RangeError('Ipv4RangeTable: starts, ends and values must have the same length');
    }
    this.index = buildIndex16(starts);
  }

  get size(): number {
    return this.starts.length;
  }

  /** The value of the range that holds `ip` (an unsigned 32-bit number), or NO_VALUE. */
  lookup(ip: number): number {
    if (!(ip >= 0 && ip <= MAX32)) return NO_VALUE;
    ip = ip >>> 0;
    const b = ip >>> 16;
    const starts = this.starts;
    // The holder is the last row with start ≤ ip: at or after index[b]-1, before index[b+1].
    let lo = this.index[b]!;
    lo = lo > 0 ? lo - 1 : 0;
    let hi = this.index[b + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= ip) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi < 0 || ip > this.ends[hi]!) return NO_VALUE;
    return this.values[hi]!;
  }
}

/** IPv6 table on /64 prefixes: each key is (hi, lo) = the first and second 32 bits of the /64. */
export class Ipv6RangeTable {
  constructor(
    readonly startHi: Uint32Array,
    readonly startLo: Uint32Array,
    readonly endHi: Uint32Array,
    readonly endLo: Uint32Array,
    readonly values: Uint32Array,
  ) {
    const n = values.length;
    if (startHi.length !== n || startLo.length !== n || endHi.length !== n || endLo.length !== n) {
      throw new RangeError('Ipv6RangeTable: all columns must have the same length');
    }
  }

  get size(): number {
    return this.values.length;
  }

  /** The value of the range holding the /64 whose top bits are (hi, lo), or NO_VALUE. */
  lookup(hi: number, lo: number): number {
    if (!(hi >= 0 && hi <= MAX32 && lo >= 0 && lo <= MAX32)) return NO_VALUE;
    hi = hi >>> 0;
    lo = lo >>> 0;
    const sH = this.startHi;
    const sL = this.startLo;
    let a = 0;
    let b = sH.length - 1;
    while (a <= b) {
      const mid = (a + b) >>> 1;
      const mh = sH[mid]!;
      if (mh < hi || (mh === hi && sL[mid]! <= lo)) a = mid + 1;
      else b = mid - 1;
    }
    if (b < 0) return NO_VALUE;
    const eh = this.endHi[b]!;
    if (hi > eh || (hi === eh && lo > this.endLo[b]!)) return NO_VALUE;
    return this.values[b]!;
  }
}

/** Collects IPv4 rows (any order, overlaps allowed) and builds a disjoint table. */
export class Ipv4RangeTableBuilder {
  private s: Uint32Array;
  private e: Uint32Array;
  private v: Uint32Array;
  private n = 0;
  /** Rows refused by `add` (start > end, out of range, bad value). */
  rejected = 0;

  constructor(expectedRows = 1024) {
    const c = Math.max(16, Math.ceil(expectedRows) | 0);
    this.s = new Uint32Array(c);
    this.e = new Uint32Array(c);
    this.v = new Uint32Array(c);
  }

  /** Adds [start, end] (inclusive, unsigned 32-bit) → value (unsigned 32-bit). False if refused. */
  add(start: number, end: number, value: number): boolean {
    if (!isU32(start) || !isU32(end) || !isU32(value) || start > end) {
      this.rejected++;
      return false;
    }
    if (this.n === this.s.length) {
      this.s = grow(this.s);
      this.e = grow(this.e);
      this.v = grow(this.v);
    }
    const i = this.n++;
    this.s[i] = start;
    this.e[i] = end;
    this.v[i] = value;
    return true;
  }

  get size(): number {
    return this.n;
  }

  /**
   * Disjoint table. Rows are ordered by (start asc, end desc, insertion asc) and swept with a
   * stack of open rows; the top of the stack owns each address, so the most specific row wins.
   */
  build(): Ipv4RangeTable {
    const { s: S, e: E, v: V, n } = this;
    // One pass: already in (start asc, end desc) order? how many rows start inside an earlier one?
    let inOrder = true;
    let nested = 0;
    let maxEnd = -1;
    for (let i = 0; i < n; i++) {
      const s = S[i]!;
      const e = E[i]!;
      if (i > 0 && (S[i - 1]! > s || (S[i - 1] === s && E[i - 1]! < e))) inOrder = false;
      if (s <= maxEnd) nested++;
      if (e > maxEnd) maxEnd = e;
    }
    const order = inOrder ? undefined : sortOrder(n, (a, b) => S[a]! - S[b]! || E[b]! - E[a]! || a - b);
    // Each row adds at most one segment, plus one per row that starts inside another.
    const cap = inOrder ? n + nested + 1 : 2 * n + 1;
    const oS = new Uint32Array(cap);
    const oE = new Uint32Array(cap);
    const oV = new Uint32Array(cap);
    let m = 0;
    const stack = new Uint32Array(n + 1);
    let sp = 0;
    let cur = 0; // first address not yet emitted (may reach 2^32)
    for (let k = 0; k < n; k++) {
      const r = order ? order[k]! : k;
      const rs = S[r]!;
      while (sp > 0) {
        const t = stack[sp - 1]!;
        const te = E[t]!;
        if (te >= rs) break;
        if (cur <= te) {
          m = emit4(oS, oE, oV, m, cur, te, V[t]!);
          cur = te + 1;
        }
        sp--;
      }
      if (sp > 0 && cur < rs) m = emit4(oS, oE, oV, m, cur, rs - 1, V[stack[sp - 1]!]!);
      cur = rs;
      stack[sp++] = r;
    }
    while (sp > 0) {
      const t = stack[--sp]!;
      const te = E[t]!;
      if (cur <= te) {
        m = emit4(oS, oE, oV, m, cur, te, V[t]!);
        cur = te + 1;
      }
    }
    return new Ipv4RangeTable(trimTo(oS, m), trimTo(oE, m), trimTo(oV, m));
  }
}

/** Collects IPv6 /64-prefix rows (any order, overlaps allowed) and builds a disjoint table. */
export class Ipv6RangeTableBuilder {
  private sH: Uint32Array;
  private sL: Uint32Array;
  private eH: Uint32Array;
  private eL: Uint32Array;
  private v: Uint32Array;
  private n = 0;
  rejected = 0;

  constructor(expectedRows = 1024) {
    const c = Math.max(16, Math.ceil(expectedRows) | 0);
    this.sH = new Uint32Array(c);
    this.sL = new Uint32Array(c);
    this.eH = new Uint32Array(c);
    this.eL = new Uint32Array(c);
    this.v = new Uint32Array(c);
  }

  /** Adds [(startHi,startLo), (endHi,endLo)] inclusive → value. False if refused. */
  add(startHi: number, startLo: number, endHi: number, endLo: number, value: number): boolean {
    if (
      !isU32(startHi) ||
      !isU32(startLo) ||
      !isU32(endHi) ||
      !isU32(endLo) ||
      !isU32(value) ||
      startHi > endHi ||
      (startHi === endHi && startLo > endLo)
    ) {
      this.rejected++;
      return false;
    }
    if (this.n === this.v.length) {
      this.sH = grow(this.sH);
      this.sL = grow(this.sL);
      this.eH = grow(this.eH);
      this.eL = grow(this.eL);
      this.v = grow(this.v);
    }
    const i = this.n++;
    this.sH[i] = startHi;
    this.sL[i] = startLo;
    this.eH[i] = endHi;
    this.eL[i] = endLo;
    this.v[i] = value;
    return true;
  }

  get size(): number {
    return this.n;
  }

  /** As Ipv4RangeTableBuilder.build, on 64-bit keys held as (hi, lo) pairs. */
  build(): Ipv6RangeTable {
    const { sH, sL, eH, eL, v: V, n } = this;
    let inOrder = true;
    let nested = 0;
    let maxH = -1;
    let maxL = -1;
    for (let i = 0; i < n; i++) {
      const h = sH[i]!;
      const l = sL[i]!;
      if (i > 0) {
        const ph = sH[i - 1]!;
        const pl = sL[i - 1]!;
        if (
          ph > h ||
          (ph === h && (pl > l || (pl === l && (eH[i - 1]! < eH[i]! || (eH[i - 1] === eH[i] && eL[i - 1]! < eL[i]!)))))
        ) {
          inOrder = false;
        }
      }
      if (h < maxH || (h === maxH && l <= maxL)) nested++;
      if (eH[i]! > maxH || (eH[i] === maxH && eL[i]! > maxL)) {
        maxH = eH[i]!;
        maxL = eL[i]!;
      }
    }
    const order = inOrder
      ? undefined
      : sortOrder(n, (a, b) => sH[a]! - sH[b]! || sL[a]! - sL[b]! || eH[b]! - eH[a]! || eL[b]! - eL[a]! || a - b);
    const cap = inOrder ? n + nested + 1 : 2 * n + 1;
    const oSH = new Uint32Array(cap);
    const oSL = new Uint32Array(cap);
    const oEH = new Uint32Array(cap);
    const oEL = new Uint32Array(cap);
    const oV = new Uint32Array(cap);
    const o: Out6 = { sH: oSH, sL: oSL, eH: oEH, eL: oEL, v: oV, m: 0 };
    const stack = new Uint32Array(n + 1);
    let sp = 0;
    let cH = 0; // cursor: first key not yet emitted
    let cL = 0;
    let done = false; // the cursor ran past the largest key
    for (let k = 0; k <= n; k++) {
      // k === n: a sentinel row past every key closes what is still open
      const r = k < n ? (order ? order[k]! : k) : -1;
      const rH = r < 0 ? Infinity : sH[r]!;
      const rL = r < 0 ? Infinity : sL[r]!;
      while (sp > 0) {
        const t = stack[sp - 1]!;
        const tH = eH[t]!;
        const tL = eL[t]!;
        if (tH > rH || (tH === rH && tL >= rL)) break;
        sp--;
        if (done || cH > tH || (cH === tH && cL > tL)) continue;
        emit6(o, cH, cL, tH, tL, V[t]!);
        if (tL !== MAX32) {
          cH = tH;
          cL = tL + 1;
        } else if (tH !== MAX32) {
          cH = tH + 1;
          cL = 0;
        } else done = true;
      }
      if (r < 0) break;
      if (sp > 0 && (cH < rH || (cH === rH && cL < rL))) {
        const pH = rL === 0 ? rH - 1 : rH;
        const pL = rL === 0 ? MAX32 : rL - 1;
        emit6(o, cH, cL, pH, pL, V[stack[sp - 1]!]!);
      }
      cH = rH;
      cL = rL;
      stack[sp++] = r;
    }
    const m = o.m;
    return new Ipv6RangeTable(trimTo(oSH, m), trimTo(oSL, m), trimTo(oEH, m), trimTo(oEL, m), trimTo(oV, m));
  }
}

// ---------------------------------------------------------------------------------------------

/** Appends segment [s, e] → v, merging it into the previous one when adjacent and equal. */
function emit4(oS: Uint32Array, oE: Uint32Array, oV: Uint32Array, m: number, s: number, e: number, v: number): number {
  if (m > 0 && oV[m - 1] === v && oE[m - 1]! + 1 === s) {
    oE[m - 1] = e;
    return m;
  }
  oS[m] = s;
  oE[m] = e;
  oV[m] = v;
  return m + 1;
}

interface Out6 {
  sH: Uint32Array;
  sL: Uint32Array;
  eH: Uint32Array;
  eL: Uint32Array;
  v: Uint32Array;
  m: number;
}

function emit6(o: Out6, aH: number, aL: number, bH: number, bL: number, v: number): void {
  const k = o.m - 1;
  if (k >= 0 && o.v[k] === v) {
    // adjacent to the previous segment? (its end + 1 === this start)
    const pH = o.eH[k]!;
    const pL = o.eL[k]!;
    if (pL === MAX32 ? pH + 1 === aH && aL === 0 : pH === aH && pL + 1 === aL) {
      o.eH[k] = bH;
      o.eL[k] = bL;
      return;
    }
  }
  const m = o.m++;
  o.sH[m] = aH;
  o.sL[m] = aL;
  o.eH[m] = bH;
  o.eL[m] = bL;
  o.v[m] = v;
}

function isU32(n: number): boolean {
  return n >>> 0 === n;
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

function buildIndex16(starts: Uint32Array): Uint32Array {
  const index = new Uint32Array(65537);
  let row = 0;
  const n = starts.length;
  for (let b = 0; b <= 65536; b++) {
    while (row < n && starts[row]! >>> 16 < b) row++;
    index[b] = row;
  }
  return index;
}

/** The first m entries: a view when little would be wasted, else a compact copy. */
function trimTo(a: Uint32Array, m: number): Uint32Array {
  return a.length - m <= 4096 + (m >>> 4) ? a.subarray(0, m) : a.slice(0, m);
}

/**
 * Row order under `compare`, for rows not already in it. The data is nearly sorted (a handful of
 * misplaced rows), so an insertion sort fixes it in ~O(n); input far from sorted falls back to
 * Array.prototype.sort.
 */
function sortOrder(n: number, compare: (a: number, b: number) => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let moves = 0;
  const limit = 8 * n + 1024;
  for (let i = 1; i < n; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= 0 && compare(order[j]!, x) > 0) {
      order[j + 1] = order[j]!;
      j--;
      if (++moves > limit) return Uint32Array.from(Array.from({ length: n }, (_, k) => k).sort(compare));
    }
    order[j + 1] = x;
  }
  return order;
}
