/**
 * Node-only loader for OfflineIntel. **The only file in lib/intel that touches the file system**
 * (and the only one importing `node:` modules); everything else in lib/intel is pure and runs in
 * the extension as it is.
 *
 * It reads the CSV files of the installed data packages (`@ip-location-db/asn`,
 * `@ip-location-db/geo-whois-asn-country`), resolved through the package manager like any
 * dependency, never downloaded. The CLI pays this on every run, so:
 * - IPv4 files are read in parallel and parsed by hand (parse-ranges.ts);
 * - IPv6 files are read only on the first IPv6 lookup, synchronously (IntelProvider.lookup is
 *   synchronous), unless `ipv6: 'eager'`.
 *
 * Data caveats (surface them in reports): the ASN data is CC BY 4.0 (RouteViews, DB-IP, NRO;
 * DB-IP asks for attribution), the country data CC0; the upstream README warns that the npm
 * releases carry known data bugs (overlapping rows are resolved most-specific-wins by the range
 * table builders).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Ipv4RangeTable, Ipv4RangeTableBuilder, Ipv6RangeTableBuilder } from '../intel/ip-range-table';
import { packIpv4Intel, packIpv6Intel, unpackIpv4Intel } from '../intel/pack';
import { OfflineIntel, type Ipv6Data, type OfflineIntelData, type OfflineIntelOptions } from '../intel/offline-intel';
import {
  AsOrgNames,
  parseAsnIpv4Num,
  parseAsnIpv6,
  parseCountryIpv4Num,
  parseCountryIpv6,
} from '../intel/parse-ranges';

const require = createRequire(import.meta.url);

const ASN_PKG = '@ip-location-db/asn';
const COUNTRY_PKG = '@ip-location-db/geo-whois-asn-country';
const CENTROID_PKG = 'world-countries';

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  try {
    const pkg = require(`${name}/package.json`) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'missing';
  }
}

/** Versions of the data packages behind OfflineIntel, for reports ("network data: …"). */
export const NETWORK_DATA_VERSION: Readonly<Record<string, string>> = Object.freeze({
  [ASN_PKG]: packageVersion(ASN_PKG),
  [COUNTRY_PKG]: packageVersion(COUNTRY_PKG),
  [CENTROID_PKG]: packageVersion(CENTROID_PKG),
});

/** Where each file was read from and what parsing it produced. */
export interface LoadReport {
  ipv4: { asnRows: number; countryRows: number; rejected: number; ms: number };
  ipv6?: { asnRows: number; countryRows: number; rejected: number; ms: number };
}

export interface LoadOptions extends OfflineIntelOptions {
  /** 'lazy' (default): on first IPv6 lookup; 'eager': now; 'off': IPv6 lookups are unknown. */
  ipv6?: 'lazy' | 'eager' | 'off';
  /** false: parse the CSV files even when the packed cache exists (and do not write it). Default true. */
  cache?: boolean;
  /** Receives parse statistics (IPv6 ones when IPv6 is actually loaded). */
  onReport?: (report: LoadReport) => void;
}

/** The IPv4 tables from the data packages' CSV files, with their parse statistics. */
async function readIpv4Tables(): Promise<{
  asn4: Ipv4RangeTable;
  country4: Ipv4RangeTable;
  asOrgs: AsOrgNames;
  asnRows: number;
  countryRows: number;
  rejected: number;
}> {
  const [asnBytes, countryBytes] = await Promise.all([
    readFile(join(packageDir(ASN_PKG), 'asn-ipv4-num.csv')),
    readFile(join(packageDir(COUNTRY_PKG), 'geo-whois-asn-country-ipv4-num.csv')),
  ]);
  const asOrgs = new AsOrgNames();
  const asnB = new Ipv4RangeTableBuilder(asnBytes.length / 40);
  const asnStats = parseAsnIpv4Num(asnBytes, asnB, asOrgs);
  const ccB = new Ipv4RangeTableBuilder(countryBytes.length / 22);
  const ccStats = parseCountryIpv4Num(countryBytes, ccB);
  return {
    asn4: asnB.build(),
    country4: ccB.build(),
    asOrgs,
    asnRows: asnStats.rows,
    countryRows: ccStats.rows,
    rejected: asnStats.rejected + ccStats.rejected,
  };
}

/**
 * Where packed tables (pack.ts) are cached: node_modules/.cache/token-triage, one file per data
 * version. The extension build ships them; the CLI reads the IPv4 one instead of parsing the CSV
 * (~0.1 s instead of ~0.4 s) and writes it when it is missing (best effort: a read-only install
 * just parses every time).
 */
export function intelCacheFile(kind: 'ipv4' | 'ipv6'): string {
  const version = Object.values(NETWORK_DATA_VERSION)
    .join('_')
    .replace(/[^\w.-]/g, '');
  return join(packageDir(ASN_PKG), '..', '..', '.cache', 'token-triage', `intel-${kind}-${version}.bin`);
}

/** The IPv4 tables from the cache, or undefined (absent, or not a pack of this build). */
function readCachedIpv4(): OfflineIntelData | undefined {
  try {
    return unpackIpv4Intel(readFileSync(intelCacheFile('ipv4')));
  } catch {
    return undefined;
  }
}

function writeCache(kind: 'ipv4' | 'ipv6', bytes: Uint8Array): void {
  try {
    const file = intelCacheFile(kind);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, bytes);
    renameSync(`${file}.${process.pid}.tmp`, file); // never a half-written cache
  } catch {
    // read-only install: parse next time too
  }
}

/** The IPv4 tables packed for the extension (pack.ts), built from the installed data packages. */
export async function buildIpv4IntelPack(): Promise<Uint8Array> {
  const t = await readIpv4Tables();
  return packIpv4Intel({ asn4: t.asn4, country4: t.country4, asOrgs: t.asOrgs.entries() });
}

/** The IPv6 tables from the CSV bytes, with their parse statistics. */
function ipv6Tables(
  a: Uint8Array,
  c: Uint8Array,
): { data: Ipv6Data & { asOrgs: AsOrgNames }; asnRows: number; countryRows: number; rejected: number } {
  const asOrgs = new AsOrgNames();
  const aB = new Ipv6RangeTableBuilder(a.length / 60);
  const aStats = parseAsnIpv6(a, aB, asOrgs);
  const cB = new Ipv6RangeTableBuilder(c.length / 55);
  const cStats = parseCountryIpv6(c, cB);
  return {
    data: { asn: aB.build(), country: cB.build(), asOrgs },
    asnRows: aStats.rows,
    countryRows: cStats.rows,
    rejected: aStats.rejected + cStats.rejected,
  };
}

const ipv6Files = () =>
  [join(packageDir(ASN_PKG), 'asn-ipv6.csv'), join(packageDir(COUNTRY_PKG), 'geo-whois-asn-country-ipv6.csv')] as const;

/** The IPv6 tables packed for the extension. */
export async function buildIpv6IntelPack(): Promise<Uint8Array> {
  const [a, c] = await Promise.all(ipv6Files().map((f) => readFile(f)));
  const { data } = ipv6Tables(a!, c!);
  return packIpv6Intel({ asn: data.asn, country: data.country, asOrgs: data.asOrgs.entries() });
}

/** Reads the installed data packages and builds an OfflineIntel. Rejects when a package is missing. */
export async function loadOfflineIntel(opts: LoadOptions = {}): Promise<OfflineIntel> {
  const t0 = performance.now();
  const mode = opts.ipv6 ?? 'lazy';
  const v6Files = ipv6Files();
  // Eager: the IPv6 files are read while IPv4 is parsed.
  const v6Read = mode === 'eager' ? Promise.all([readFile(v6Files[0]), readFile(v6Files[1])]) : undefined;
  v6Read?.catch(() => undefined); // awaited below; no unhandled rejection if IPv4 fails first
  const useCache = opts.cache !== false;
  const cached = useCache ? readCachedIpv4() : undefined;
  let ipv4: {
    asn4: Ipv4RangeTable;
    country4: Ipv4RangeTable;
    asOrgs: OfflineIntelData['asOrgs'];
    asnRows: number;
    countryRows: number;
    rejected: number;
  };
  if (cached) ipv4 = { ...cached, asnRows: cached.asn4.size, countryRows: cached.country4.size, rejected: 0 };
  else {
    const parsed = await readIpv4Tables();
    if (useCache)
      writeCache(
        'ipv4',
        packIpv4Intel({ asn4: parsed.asn4, country4: parsed.country4, asOrgs: parsed.asOrgs.entries() }),
      );
    ipv4 = parsed;
  }
  const { asn4, country4, asOrgs, asnRows, countryRows, rejected } = ipv4;
  const report: LoadReport = { ipv4: { asnRows, countryRows, rejected, ms: performance.now() - t0 } };

  const buildV6 = (a: Uint8Array, c: Uint8Array, t1: number): Ipv6Data => {
    const t = ipv6Tables(a, c);
    report.ipv6 = { asnRows: t.asnRows, countryRows: t.countryRows, rejected: t.rejected, ms: performance.now() - t1 };
    opts.onReport?.(report);
    return t.data;
  };
  // Lazy: IntelProvider.lookup is synchronous, so the first IPv6 lookup reads synchronously.
  const loadV6 = (): Ipv6Data => {
    const t1 = performance.now();
    return buildV6(readFileSync(v6Files[0]), readFileSync(v6Files[1]), t1);
  };

  let v6: Ipv6Data | (() => Ipv6Data) | undefined;
  if (v6Read) {
    const [a, c] = await v6Read;
    v6 = buildV6(a, c, performance.now());
  } else if (mode === 'lazy') {
    v6 = loadV6;
    opts.onReport?.(report);
  } else opts.onReport?.(report);
  return new OfflineIntel({ asn4, country4, asOrgs, v6 }, opts);
}
