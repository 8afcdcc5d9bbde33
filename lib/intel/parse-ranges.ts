/**
 * Hand-written parsers for the `@ip-location-db` CSV files, straight from bytes into range-table
 * builders. They run on every CLI start (~1 M rows), so they walk a Uint8Array with local digit
 * loops and indexOf instead of a CSV library, and decode an organisation name only the first
 * time its ASN is seen.
 *
 * Formats (one row per line, inclusive ranges, no header):
 *   asn-ipv4-num.csv                    start,end,asn,org      (start/end: unsigned 32-bit)
 *   geo-whois-asn-country-ipv4-num.csv  start,end,CC
 *   asn-ipv6.csv                        start,end,asn,org      (start/end: IPv6 text)
 *   geo-whois-asn-country-ipv6.csv      start,end,CC
 * `org` may be quoted with "" escapes (`"Cloudflare, Inc."`). IPv6 uses the text files, not the
 * 128-bit decimal ones, so the /64 prefix falls out of the hex groups without BigInt.
 * A malformed line is skipped and counted, never thrown.
 *
 * Pure: bytes in, tables out (no I/O), so a browser build can feed it fetched package files.
 */
import type { Ipv4RangeTableBuilder, Ipv6RangeTableBuilder } from './ip-range-table';

export interface ParseStats {
  rows: number;
  rejected: number;
}

const COMMA = 44;
const NL = 10;
const CR = 13;
const QUOTE = 34;

const utf8 = new TextDecoder('utf-8');

/** Two-letter country code (A–Z) ↔ the unsigned value stored in a range table; -1 if invalid. */
export function packCountry(code: string): number {
  if (code.length !== 2) return -1;
  const a = code.charCodeAt(0);
  const b = code.charCodeAt(1);
  if (a < 65 || a > 90 || b < 65 || b > 90) return -1;
  return (a << 8) | b;
}

export function unpackCountry(v: number): string | undefined {
  if (!(v >= 0x4141 && v <= 0x5a5a)) return undefined;
  return String.fromCharCode((v >>> 8) & 0xff, v & 0xff);
}

function lineEnd(b: Uint8Array, p: number): number {
  const nl = b.indexOf(NL, p);
  return nl < 0 ? b.length : nl;
}

/** Content end of a line ending at `nl` (drops a '\r'). */
function trimCR(b: Uint8Array, p: number, nl: number): number {
  return nl > p && b[nl - 1] === CR ? nl - 1 : nl;
}

/** Calls `readLine` on every non-blank line (CR trimmed) and counts rows it took and lines it refused. */
function eachLine(b: Uint8Array, readLine: (start: number, end: number) => boolean): ParseStats {
  let rows = 0;
  let rejected = 0;
  for (let p = 0; p < b.length;) {
    const nl = lineEnd(b, p);
    const end = trimCR(b, p, nl);
    if (end > p) {
      if (readLine(p, end)) rows++;
      else rejected++;
    }
    p = nl + 1;
  }
  return { rows, rejected };
}

/**
 * ASN → organisation name, filled from CSV bytes without decoding them: the name's bytes are
 * copied into a pool and decoded (and unquoted) on first `get`. Decoding all ~90 k names at load
 * would cost more than parsing every range.
 */
export class AsOrgNames {
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  /** asn → offset * 1024 + byte length */
  private readonly raw = new Map<number, number>();
  private readonly names = new Map<number, string>();

  get size(): number {
    return this.raw.size + this.names.size;
  }

  has(asn: number): boolean {
    return this.raw.has(asn) || this.names.has(asn);
  }

  set(asn: number, name: string): void {
    this.raw.delete(asn);
    this.names.set(asn, name);
  }

  /** Keeps b[p..end) (a CSV field, possibly quoted) as the name of `asn`. */
  setBytes(asn: number, b: Uint8Array, p: number, end: number): void {
    const len = Math.min(Math.max(0, end - p), 1023);
    if (this.used + len > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.used + len));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    const pool = this.pool;
    const at = this.used;
    for (let i = 0; i < len; i++) pool[at + i] = b[p + i]!;
    this.used += len;
    this.names.delete(asn);
    this.raw.set(asn, at * 1024 + len);
  }

  /** Every ASN with its name (decodes all of them: for packing, not for lookups). */
  *entries(): IterableIterator<[number, string]> {
    for (const asn of [...this.raw.keys(), ...this.names.keys()]) yield [asn, this.get(asn)!];
  }

  get(asn: number): string | undefined {
    const name = this.names.get(asn);
    if (name !== undefined) return name;
    const packed = this.raw.get(asn);
    if (packed === undefined) return undefined;
    const at = Math.floor(packed / 1024);
    const s = decodeField(this.pool, at, at + (packed % 1024));
    this.raw.delete(asn);
    this.names.set(asn, s);
    return s;
  }
}

function decodeField(b: Uint8Array, p: number, end: number): string {
  if (p >= end) return '';
  if (b[p] === QUOTE) {
    let e = end;
    if (e - 1 > p && b[e - 1] === QUOTE) e--;
    const s = utf8.decode(b.subarray(p + 1, e));
    return s.includes('""') ? s.replaceAll('""', '"') : s;
  }
  return utf8.decode(b.subarray(p, end));
}

/** Country code at b[p..end) → packed value, or -1. */
function countryAt(b: Uint8Array, p: number, end: number): number {
  if (end - p !== 2) return -1;
  const x = b[p]!;
  const y = b[p + 1]!;
  if (x < 65 || x > 90 || y < 65 || y > 90) return -1;
  return (x << 8) | y;
}

// Scan state of the IPv4 readers (parsing is synchronous and never re-entered).
let f1 = 0; // first number
let f2 = 0; // second number
let rest = 0; // index of the third field
let sH = 0; // IPv6 start prefix, high and low halves
let sL = 0;

/** Reads `start,end,` from b[p..end); sets f1, f2, rest. False if malformed. */
function twoNumbers(b: Uint8Array, p: number, end: number): boolean {
  let q = p;
  let c = b[q]!;
  let x = 0;
  while (c >= 48 && c <= 57 && q < end) {
    x = x * 10 + (c - 48);
    c = b[++q]!;
  }
  if (q === p || q - p > 10 || c !== COMMA || q >= end) return false;
  const q1 = ++q;
  c = b[q]!;
  let y = 0;
  while (c >= 48 && c <= 57 && q < end) {
    y = y * 10 + (c - 48);
    c = b[++q]!;
  }
  if (q === q1 || q - q1 > 10 || c !== COMMA || q >= end) return false;
  f1 = x;
  f2 = y;
  rest = q + 1;
  return true;
}

/** Unsigned decimal of at most 10 digits at b[p..), ended by a comma or `end`; -1 if malformed. */
function asnAt(b: Uint8Array, p: number, end: number): number {
  let q = p;
  let c = b[q]!;
  let x = 0;
  while (c >= 48 && c <= 57 && q < end) {
    x = x * 10 + (c - 48);
    c = b[++q]!;
  }
  if (q === p || q - p > 10 || (q < end && c !== COMMA)) return -1;
  rest = q < end ? q + 1 : end;
  return x;
}

/** `start,end,asn,org` (IPv4 numeric) → builder (value = ASN); first org seen per ASN → orgs. */
export function parseAsnIpv4Num(b: Uint8Array, out: Ipv4RangeTableBuilder, orgs: AsOrgNames): ParseStats {
  return eachLine(b, (p, end) => {
    const asn = twoNumbers(b, p, end) ? asnAt(b, rest, end) : -1;
    if (asn < 0 || !out.add(f1, f2, asn)) return false;
    if (!orgs.has(asn)) orgs.setBytes(asn, b, rest, end);
    return true;
  });
}

/** `start,end,CC` (IPv4 numeric) → builder (value = packCountry(CC)). */
export function parseCountryIpv4Num(b: Uint8Array, out: Ipv4RangeTableBuilder): ParseStats {
  return eachLine(b, (p, end) => {
    const cc = twoNumbers(b, p, end) ? countryAt(b, rest, end) : -1;
    return cc >= 0 && out.add(f1, f2, cc);
  });
}

// ---- IPv6 ------------------------------------------------------------------------------------

/** Output of readV6: [hi, lo] of the /64 prefix, and the index just past the address. */
const v6out = new Uint32Array(2);
const groups = new Uint16Array(8);
/** Byte → hex digit value; -1 for ':', -2 for '.', -3 for ',', -4 for anything else. */
const HEX = (() => {
  const t = new Int8Array(256).fill(-4);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[97 + i] = 10 + i;
    t[65 + i] = 10 + i;
  }
  t[58] = -1;
  t[46] = -2;
  t[COMMA] = -3;
  return t;
})();

/**
 * IPv6 text at b[p..) up to a comma or `end` → top 64 bits into v6out. Returns the index of the
 * character that ended it (a comma or `end`), or -1 when the text is not an IPv6 address.
 */
function readV6(b: Uint8Array, p: number, end: number): number {
  let n = 0; // groups written
  let gap = -1; // index in `groups` where "::" stands
  let group = 0;
  let digits = 0;
  let dangling = false; // a single ':' not yet followed by a group
  let q = p;
  for (; q < end; q++) {
    const h = HEX[b[q]!]!;
    if (h >= 0) {
      if (++digits > 4) return -1;
      group = (group << 4) | h;
      dangling = false;
      continue;
    }
    if (h === -3) break; // ','
    if (h === -1) {
      // ':'
      if (b[q + 1] === 58 && q + 1 < end) {
        if (gap >= 0 || (digits === 0 && q !== p)) return -1;
        if (digits > 0) {
          if (n >= 8) return -1;
          groups[n++] = group;
        }
        gap = n;
        q++;
        dangling = false;
      } else {
        if (digits === 0 || n >= 8) return -1;
        groups[n++] = group;
        dangling = true;
      }
      group = 0;
      digits = 0;
      continue;
    }
    if (h === -2) {
      // '.': embedded IPv4 (::ffff:1.2.3.4) fills the last two groups, below the /64.
      while (q < end && b[q] !== COMMA) q++;
      if (n > 6) return -1;
      groups[n++] = 0;
      groups[n++] = 0;
      digits = 0;
      dangling = false;
      break;
    }
    return -1;
  }
  if (digits > 0) {
    if (n >= 8) return -1;
    groups[n++] = group;
  }
  if (dangling || (gap < 0 ? n !== 8 : n > 7)) return -1;
  // Expand: groups[0..gap) stay, groups[gap..n) move to the end, zeros between.
  if (gap >= 0 && gap < 4) {
    // Move groups[gap..n) to the end and zero the gap (only the first four matter).
    const shift = 8 - n;
    for (let k = 7; k >= gap; k--) groups[k] = k - shift >= gap ? groups[k - shift]! : 0;
  }
  v6out[0] = (groups[0]! << 16) | groups[1]!;
  v6out[1] = (groups[2]! << 16) | groups[3]!;
  return q;
}

/** Reads `start,end,` (IPv6 text) from b[p..end): start into sH/sL, end into v6out, `rest`. */
function twoPrefixes(b: Uint8Array, p: number, end: number): boolean {
  const q = readV6(b, p, end);
  if (q < 0 || q >= end) return false;
  sH = v6out[0]!;
  sL = v6out[1]!;
  const r = readV6(b, q + 1, end);
  if (r < 0 || r >= end) return false;
  rest = r + 1;
  return true;
}

/** `start,end,asn,org` (IPv6 text) → /64-prefix builder (value = ASN); orgs as for IPv4. */
export function parseAsnIpv6(b: Uint8Array, out: Ipv6RangeTableBuilder, orgs: AsOrgNames): ParseStats {
  return eachLine(b, (p, end) => {
    const asn = twoPrefixes(b, p, end) ? asnAt(b, rest, end) : -1;
    if (asn < 0 || !out.add(sH, sL, v6out[0]!, v6out[1]!, asn)) return false;
    if (!orgs.has(asn)) orgs.setBytes(asn, b, rest, end);
    return true;
  });
}

/** `start,end,CC` (IPv6 text) → /64-prefix builder (value = packCountry(CC)). */
export function parseCountryIpv6(b: Uint8Array, out: Ipv6RangeTableBuilder): ParseStats {
  return eachLine(b, (p, end) => {
    const cc = twoPrefixes(b, p, end) ? countryAt(b, rest, end) : -1;
    return cc >= 0 && out.add(sH, sL, v6out[0]!, v6out[1]!, cc);
  });
}

/** The /64 prefix of an IPv6 text address as [hi, lo], or undefined (for tests and tools). */
export function ipv6PrefixOfText(text: string): [number, number] | undefined {
  const b = new TextEncoder().encode(text);
  if (b.length === 0 || b.includes(COMMA)) return undefined;
  return readV6(b, 0, b.length) === b.length ? [v6out[0]!, v6out[1]!] : undefined;
}
