/**
 * The intel tables (ASN ranges, country ranges, ASN names) as compact binary files, for the
 * extension: the CLI reads the data packages' CSV files (load-node.ts), which a browser extension
 * cannot do, so the build packs them (wxt.config.ts) and the background unpacks them without
 * parsing a single line of text. One file for IPv4, one for IPv6 (its /64 keys are two u32
 * columns each for start and end).
 *
 * Layout, little-endian: magic ("TTI4" or "TTI6"), u32 version, u32 asnRows, u32 countryRows,
 * u32 orgCount, then the ASN key columns and values (u32 each), the country key columns (u32)
 * and values (u16 packed country codes), then per org: u32 asn, u16 byte length, UTF-8 bytes.
 * Pure.
 */
import { Ipv4RangeTable, Ipv6RangeTable } from './ip-range-table';
import type { Ipv6Data, OfflineIntelData } from './offline-intel';

const MAGIC = 0x34495454; // "TTI4"
const MAGIC6 = 0x36495454; // "TTI6"
export const PACK_VERSION = 1;
const HEADER = 20;

/** The columns of a range table, keys first, values last. */
type Columns = readonly Uint32Array[];

function pack(magic: number, asn: Columns, country: Columns, asOrgs: Iterable<[number, string]>): Uint8Array {
  const utf8 = new TextEncoder();
  const orgs = [...asOrgs].map(([n, name]) => [n, utf8.encode(name).subarray(0, 0xffff)] as const);
  const a = asn[0]!.length;
  const c = country[0]!.length;
  const keyCols = country.length - 1;
  const size = HEADER + a * 4 * asn.length + c * (4 * keyCols + 2) + orgs.reduce((n, [, b]) => n + 6 + b.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number) => {
    view.setUint32(p, v, true);
    p += 4;
  };
  for (const v of [magic, PACK_VERSION, a, c, orgs.length]) u32(v);
  for (const col of [...asn, ...country.slice(0, keyCols)]) for (const v of col) u32(v);
  for (const v of country[keyCols]!) {
    if (v > 0xffff) throw new RangeError(`intel pack: country value ${v} does not fit 16 bits`);
    view.setUint16(p, v, true);
    p += 2;
  }
  for (const [n, bytes] of orgs) {
    u32(n);
    view.setUint16(p, bytes.length, true);
    p += 2;
    out.set(bytes, p);
    p += bytes.length;
  }
  return out;
}

/** The columns and names back; throws `intel pack: …` on anything that is not a whole file of this kind. */
function unpack(
  bytes: Uint8Array,
  magic: number,
  asnCols: number,
  countryKeyCols: number,
): { asn: Uint32Array[]; country: Uint32Array[]; names: Map<number, string> } {
  if (bytes.byteLength < HEADER) throw new Error('intel pack: too short to be one');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  const u32 = () => {
    if (p + 4 > bytes.byteLength) throw new Error('intel pack: truncated');
    const v = view.getUint32(p, true);
    p += 4;
    return v;
  };
  const m = u32();
  if (m !== magic)
    throw new Error(
      m === MAGIC || m === MAGIC6
        ? "intel pack: the other IP version's file"
        : 'intel pack: not a Token Triage intel file',
    );
  const version = u32();
  if (version !== PACK_VERSION) throw new Error(`intel pack: version ${version}, this build reads ${PACK_VERSION}`);
  const a = u32();
  const c = u32();
  const n = u32();
  if (HEADER + a * 4 * asnCols + c * (4 * countryKeyCols + 2) + n * 6 > bytes.byteLength)
    throw new Error('intel pack: truncated');
  const col = (rows: number) => {
    const out = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) out[i] = u32();
    return out;
  };
  const asn = Array.from({ length: asnCols }, () => col(a));
  const country = Array.from({ length: countryKeyCols }, () => col(c));
  const values = new Uint32Array(c);
  for (let i = 0; i < c; i++) {
    values[i] = view.getUint16(p, true);
    p += 2;
  }
  country.push(values);
  const utf8 = new TextDecoder();
  const names = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const asnNo = u32();
    if (p + 2 > bytes.byteLength) throw new Error('intel pack: truncated');
    const len = view.getUint16(p, true);
    p += 2;
    if (p + len > bytes.byteLength) throw new Error('intel pack: truncated');
    names.set(asnNo, utf8.decode(bytes.subarray(p, p + len)));
    p += len;
  }
  if (p !== bytes.byteLength) throw new Error('intel pack: trailing bytes');
  return { asn, country, names };
}

export interface PackInput {
  asn4: Ipv4RangeTable;
  country4: Ipv4RangeTable;
  asOrgs: Iterable<[number, string]>;
}

export function packIpv4Intel(input: PackInput): Uint8Array {
  const { asn4: t, country4: c } = input;
  return pack(MAGIC, [t.starts, t.ends, t.values], [c.starts, c.ends, c.values], input.asOrgs);
}

/** The IPv4 tables back (no IPv6: see unpackIpv6Intel). */
export function unpackIpv4Intel(bytes: Uint8Array): OfflineIntelData {
  const { asn, country, names } = unpack(bytes, MAGIC, 3, 2);
  return {
    asn4: new Ipv4RangeTable(asn[0]!, asn[1]!, asn[2]!),
    country4: new Ipv4RangeTable(country[0]!, country[1]!, country[2]!),
    asOrgs: names,
  };
}

export interface Pack6Input {
  asn: Ipv6RangeTable;
  country: Ipv6RangeTable;
  asOrgs: Iterable<[number, string]>;
}

export function packIpv6Intel(input: Pack6Input): Uint8Array {
  const cols = (t: Ipv6RangeTable) => [t.startHi, t.startLo, t.endHi, t.endLo, t.values];
  return pack(MAGIC6, cols(input.asn), cols(input.country), input.asOrgs);
}

export function unpackIpv6Intel(bytes: Uint8Array): Ipv6Data {
  const { asn, country, names } = unpack(bytes, MAGIC6, 5, 4);
  const table = (c: Uint32Array[]) => new Ipv6RangeTable(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!);
  return { asn: table(asn), country: table(country), asOrgs: names };
}
