/**
 * OfflineIntel: the IntelProvider built from the shipped data (DESIGN.md, Security: no network).
 * ip → ASN + org (range table), country (range table) → country reference point (geo.ts),
 * ASN + org → network kind / cloud (network-kind.ts).
 *
 * - Private, loopback, link-local, CGNAT and ULA addresses are `private`; every other special
 *   range ipaddr.js knows (documentation, benchmarking, multicast, reserved, Teredo…) is
 *   `reserved`. Neither gets an ASN or a country.
 * - IPv4 inside IPv6 (::ffff:a.b.c.d, 64:ff9b::/96 NAT64, 2002::/16 6to4) is looked up as the
 *   IPv4 address it carries.
 * - IPv6 is resolved per /64 (see ip-range-table.ts). Its tables may be supplied lazily: a
 *   function called on the first IPv6 lookup (load-node.ts uses that so IPv4-only runs do not pay
 *   for IPv6 parsing). If that function throws, IPv6 stays `unknown` and IPv4 keeps working.
 * - Anything that is not an address (`ec2.amazonaws.com`, '', `1.2.3`) is `unknown`; lookup never
 *   throws. Leading-zero octets read as decimal, as in lib/model/source-address.ts
 *   (`255.090.254.5` is 255.90.254.5, a reserved address).
 * - Results are frozen and shared (one object per ASN × country pair), and memoised per input
 *   string in a bounded cache (at most 2 × cacheSize entries): treat them as read-only.
 *
 * Pure: no I/O.
 */
import ipaddr from 'ipaddr.js';
import type { IntelProvider, IpIntel } from './intel-provider';
import { type Ipv4RangeTable, Ipv4RangeTableBuilder, type Ipv6RangeTable, NO_VALUE } from './ip-range-table';
import { classifyNetwork, type NetworkClass } from './network-kind';
import { countryCentroid } from './geo';
import { unpackCountry } from './parse-ranges';

/** ASN → organisation name (a Map or parse-ranges' AsOrgNames). */
export interface AsOrgLookup {
  get(asn: number): string | undefined;
}

export interface Ipv6Data {
  asn: Ipv6RangeTable;
  country: Ipv6RangeTable;
  /** ASN → org name for ASNs seen in the IPv6 data (IPv4 names win when both exist). */
  asOrgs: AsOrgLookup;
}

export interface OfflineIntelData {
  asn4: Ipv4RangeTable;
  country4: Ipv4RangeTable;
  /** ASN → organisation name. */
  asOrgs: AsOrgLookup;
  /** IPv6 tables, or a function producing them on the first IPv6 lookup. Absent: IPv6 → unknown. */
  v6?: Ipv6Data | (() => Ipv6Data);
}

export interface OfflineIntelOptions {
  /** Size of each of the memo's two generations (default 25 000; 0 disables it). */
  cacheSize?: number;
}

const UNKNOWN: IpIntel = Object.freeze({ kind: 'unknown' as const });
const PRIVATE: IpIntel = Object.freeze({ kind: 'private' as const });
const RESERVED: IpIntel = Object.freeze({ kind: 'reserved' as const });

/** ipaddr.js range names that mean "someone's internal network". */
const PRIVATE_RANGES = new Set([
  'private',
  'uniqueLocal',
  'loopback',
  'linkLocal',
  'carrierGradeNat',
  'deprecatedSiteLocal',
]);

const KIND_PRIVATE = 1;
const KIND_RESERVED = 2;

/**
 * ipaddr.js's own IPv4 special ranges as a range table (1 = private, 2 = reserved), so the hot
 * path does not build an ipaddr object per address. Read from `IPv4.prototype.SpecialRanges`, the
 * table `range()` itself uses; undefined if a future ipaddr.js moves it, and then every address
 * goes through `range()` (offline-intel.test.ts checks both agree).
 */
export const IPV4_SPECIAL: Ipv4RangeTable | undefined = (() => {
  try {
    const ranges = (ipaddr.IPv4.prototype as unknown as { SpecialRanges?: Record<string, unknown> }).SpecialRanges;
    if (!ranges || typeof ranges !== 'object') return undefined;
    const b = new Ipv4RangeTableBuilder(32);
    for (const [name, value] of Object.entries(ranges)) {
      const list: unknown[] = Array.isArray(value) && Array.isArray(value[0]) ? value : [value];
      for (const cidr of list) {
        if (!Array.isArray(cidr) || !(cidr[0] instanceof ipaddr.IPv4) || typeof cidr[1] !== 'number') return undefined;
        const [o0, o1, o2, o3] = cidr[0].octets;
        const bits = cidr[1];
        const size = 2 ** (32 - bits);
        const start = Math.floor((o0! * 2 ** 24 + o1! * 2 ** 16 + o2! * 2 ** 8 + o3!) / size) * size;
        b.add(start, start + size - 1, PRIVATE_RANGES.has(name) ? KIND_PRIVATE : KIND_RESERVED);
      }
    }
    return b.size > 0 ? b.build() : undefined;
  } catch {
    return undefined;
  }
})();

export class OfflineIntel implements IntelProvider {
  // Two-generation memo: hits are looked for in both; when `young` is full it becomes `old` and
  // the previous `old` is dropped. O(1) per lookup, at most 2 × cacheSize entries (a Map that
  // deletes its oldest key on every insert degrades: V8 rescans the deleted slots).
  private young = new Map<string, IpIntel>();
  private old = new Map<string, IpIntel>();
  private readonly cacheSize: number;
  private readonly classes = new Map<number, NetworkClass>();
  /** One shared frozen result per (ASN, country) pair: bounded by the pairs in the data. */
  private readonly joined = new Map<number, IpIntel>();
  private v6: Ipv6Data | undefined;
  private v6Source: (() => Ipv6Data) | undefined;
  private v6Failed = false;

  constructor(
    private readonly data: OfflineIntelData,
    opts: OfflineIntelOptions = {},
  ) {
    this.cacheSize = Math.max(0, opts.cacheSize ?? 25_000);
    if (typeof data.v6 === 'function') this.v6Source = data.v6;
    else this.v6 = data.v6;
  }

  /** True once IPv6 tables are in memory. */
  get ipv6Loaded(): boolean {
    return this.v6 !== undefined;
  }

  /** Organisation name of an ASN as the data gives it. */
  asOrgName(asn: number): string | undefined {
    return this.data.asOrgs.get(asn) ?? this.v6?.asOrgs.get(asn);
  }

  lookup(ip: string): IpIntel {
    if (typeof ip !== 'string') return UNKNOWN;
    const hit = this.young.get(ip) ?? this.old.get(ip);
    if (hit) return hit;
    let out: IpIntel;
    try {
      out = this.resolve(ip);
    } catch {
      out = UNKNOWN;
    }
    if (this.cacheSize > 0) {
      if (this.young.size >= this.cacheSize) {
        this.old = this.young;
        this.young = new Map();
      }
      this.young.set(ip, out);
    }
    return out;
  }

  /** Uncached lookup of an IPv4 address given as an unsigned 32-bit number. */
  lookupIpv4(n: number): IpIntel {
    if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) return UNKNOWN;
    if (IPV4_SPECIAL) {
      const special = IPV4_SPECIAL.lookup(n);
      if (special !== NO_VALUE) return special === KIND_PRIVATE ? PRIVATE : RESERVED;
    } else {
      const range = new ipaddr.IPv4([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).range();
      if (range !== 'unicast') return PRIVATE_RANGES.has(range) ? PRIVATE : RESERVED;
    }
    return this.build(this.data.asn4.lookup(n), this.data.country4.lookup(n));
  }

  private resolve(raw: string): IpIntel {
    const s = raw.trim();
    const v4 = parseDottedQuad(s);
    if (v4 >= 0) return this.lookupIpv4(v4);
    if (!s.includes(':') || !ipaddr.IPv6.isValid(s)) return UNKNOWN;
    const addr = ipaddr.IPv6.parse(s);
    const p = addr.parts;
    const embedded = (): number => ((p[6]! << 16) | p[7]!) >>> 0;
    const range = addr.range();
    switch (range) {
      case 'unicast':
        return this.lookupIpv6Prefix(((p[0]! << 16) | p[1]!) >>> 0, ((p[2]! << 16) | p[3]!) >>> 0);
      case 'ipv4Mapped':
      case 'rfc6145':
        return this.lookupIpv4(embedded());
      case 'rfc6052':
        // Only the well-known /96 (64:ff9b::a.b.c.d); the /48 local-use prefix embeds elsewhere.
        return p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 ? this.lookupIpv4(embedded()) : RESERVED;
      case '6to4':
        return this.lookupIpv4(((p[1]! << 16) | p[2]!) >>> 0);
      default:
        return PRIVATE_RANGES.has(range) ? PRIVATE : RESERVED;
    }
  }

  private lookupIpv6Prefix(hi: number, lo: number): IpIntel {
    const v6 = this.ipv6();
    if (!v6) return UNKNOWN;
    return this.build(v6.asn.lookup(hi, lo), v6.country.lookup(hi, lo));
  }

  private ipv6(): Ipv6Data | undefined {
    if (!this.v6 && this.v6Source && !this.v6Failed) {
      try {
        this.v6 = this.v6Source();
      } catch {
        this.v6Failed = true; // IPv6 stays unknown; IPv4 keeps working
      }
      this.v6Source = undefined;
    }
    return this.v6;
  }

  private build(asn: number, country: number): IpIntel {
    const key = (asn === NO_VALUE ? 0 : asn) * 0x10000 + (country === NO_VALUE ? 0 : country);
    let hit = this.joined.get(key);
    if (!hit) {
      hit = this.join(asn, country);
      this.joined.set(key, hit);
    }
    return hit;
  }

  private join(asn: number, country: number): IpIntel {
    const out: IpIntel = { kind: 'unknown' };
    if (asn !== NO_VALUE && asn !== 0) {
      out.asn = asn;
      const org = this.asOrgName(asn);
      if (org) out.asOrg = org;
      const cls = this.classOf(asn, org);
      out.kind = cls.kind;
      if (cls.cloud) out.cloud = cls.cloud;
    }
    if (country !== NO_VALUE) {
      const cc = unpackCountry(country);
      if (cc) {
        out.country = cc;
        const at = countryCentroid(cc);
        if (at) {
          out.lat = at.lat;
          out.lon = at.lon;
        }
      }
    }
    return Object.freeze(out);
  }

  private classOf(asn: number, org: string | undefined): NetworkClass {
    let cls = this.classes.get(asn);
    if (!cls) {
      cls = classifyNetwork(asn, org);
      this.classes.set(asn, cls);
    }
    return cls;
  }
}

/**
 * `a.b.c.d` with 1–3 decimal digits per octet, each ≤ 255 → unsigned 32-bit number; else -1.
 * Leading zeros are decimal, as lib/model/source-address.ts reads anonymised logs.
 */
export function parseDottedQuad(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}
