/**
 * The IPv4 intel tables (ASN ranges, country ranges, ASN names) as one compact binary file, for
 * the extension: the CLI reads the data packages' CSV files (load-node.ts), which a browser
 * extension cannot do, so the build packs them (wxt.config.ts) and the background unpacks them
 * without parsing a single line of text. IPv6 is left to the CLI (the extension then knows only
 * what an IPv6 address itself says).
 *
 * Layout, little-endian: "TTI4", u32 version, u32 asnRows, u32 countryRows, u32 orgCount,
 * then the ASN starts, ends, values (u32 each), the country starts, ends (u32), values (u16
 * packed country codes), then per org: u32 asn, u16 byte length, UTF-8 bytes. Pure.
 */
import { Ipv4RangeTable } from './ip-range-table';
import type { OfflineIntelData } from './offline-intel';

const MAGIC = 0x34495454; // "TTI4"
export const PACK_VERSION = 1;
const HEADER = 20;

export interface PackInput {
  asn4: Ipv4RangeTable;
  country4: Ipv4RangeTable;
  asOrgs: Iterable<[number, string]>;
}

export function packIpv4Intel(input: PackInput): Uint8Array {
  const utf8 = new TextEncoder();
  const orgs = [...input.asOrgs].map(([asn, name]) => [asn, utf8.encode(name).subarray(0, 0xffff)] as const);
  const a = input.asn4.size;
  const c = input.country4.size;
  const orgBytes = orgs.reduce((n, [, b]) => n + 6 + b.length, 0);
  const size = HEADER + a * 12 + c * 10 + orgBytes;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number) => {
    view.setUint32(p, v, true);
    p += 4;
  };
  u32(MAGIC);
  u32(PACK_VERSION);
  u32(a);
  u32(c);
  u32(orgs.length);
  for (const arr of [input.asn4.starts, input.asn4.ends, input.asn4.values, input.country4.starts, input.country4.ends]) for (const v of arr) u32(v);
  for (const v of input.country4.values) {
    if (v > 0xffff) throw new RangeError(`packIpv4Intel: country value ${v} does not fit 16 bits`);
    view.setUint16(p, v, true);
    p += 2;
  }
  for (const [asn, bytes] of orgs) {
    u32(asn);
    view.setUint16(p, bytes.length, true);
    p += 2;
    out.set(bytes, p);
    p += bytes.length;
  }
  return out;
}

/** The tables back; throws with a reason on anything that is not a whole file of this format. */
export function unpackIpv4Intel(bytes: Uint8Array): OfflineIntelData {
  if (bytes.byteLength < HEADER) throw new Error('intel pack: too short to be one');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  const u32 = () => {
    if (p + 4 > bytes.byteLength) throw new Error('intel pack: truncated');
    const v = view.getUint32(p, true);
    p += 4;
    return v;
  };
  if (u32() !== MAGIC) throw new Error('intel pack: not a Token Triage intel file');
  const version = u32();
  if (version !== PACK_VERSION) throw new Error(`intel pack: version ${version}, this build reads ${PACK_VERSION}`);
  const a = u32();
  const c = u32();
  const n = u32();
  if (HEADER + a * 12 + c * 10 + n * 6 > bytes.byteLength) throw new Error('intel pack: truncated');
  const arr = (rows: number) => {
    const out = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) out[i] = u32();
    return out;
  };
  const asn4 = new Ipv4RangeTable(arr(a), arr(a), arr(a));
  const cStarts = arr(c);
  const cEnds = arr(c);
  const cValues = new Uint32Array(c);
  for (let i = 0; i < c; i++) {
    cValues[i] = view.getUint16(p, true);
    p += 2;
  }
  const country4 = new Ipv4RangeTable(cStarts, cEnds, cValues);
  const utf8 = new TextDecoder();
  const names = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const asn = u32();
    if (p + 2 > bytes.byteLength) throw new Error('intel pack: truncated');
    const len = view.getUint16(p, true);
    p += 2;
    if (p + len > bytes.byteLength) throw new Error('intel pack: truncated');
    names.set(asn, utf8.decode(bytes.subarray(p, p + len)));
    p += len;
  }
  if (p !== bytes.byteLength) throw new Error('intel pack: trailing bytes');
  return { asn4, country4, asOrgs: names };
}
