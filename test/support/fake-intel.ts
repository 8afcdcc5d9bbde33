/**
 * A tiny IntelProvider for indicator tests: a fixed map of IP → IpIntel. Unknown IPs come back
 * as `{ kind: 'unknown' }`, like the real provider with no data. All addresses are public,
 * routable IPs (documentation ranges are non-routable and never reach intel); the facts are
 * invented for the tests and say nothing about who really holds those addresses.
 */
import type { IntelProvider, IpIntel } from '../../lib/intel/intel-provider';

/** Named test addresses, so tests read as a story ("from HOSTING", "from TOR"). */
export const IP = {
  /** Alice's home broadband, New York. */
  HOME: '73.15.20.10',
  /** Another address of the same ISP (CGNAT / DHCP churn): same ASN, different IP. */
  HOME2: '73.15.99.7',
  /** A phone on a US mobile carrier, Philadelphia gateway (~130 km from HOME). */
  MOBILE: '172.56.10.20',
  /** Corporate office egress, New York. */
  OFFICE: '64.124.10.10',
  /** VPS provider, Amsterdam. */
  HOSTING: '159.65.10.20',
  /** A second address at the same VPS provider. */
  HOSTING_B: '159.65.77.1',
  /** Another VPS provider, Frankfurt. */
  HOSTING2: '45.77.1.2',
  /** Commercial VPN exit, London. */
  VPN: '89.187.1.1',
  /** Tor exit, Germany. */
  TOR: '185.220.101.5',
  /** In-flight satellite Wi-Fi. */
  SATELLITE: '66.82.1.1',
  /** AWS us-east-1. */
  AWS: '3.80.1.1',
  AWS2: '3.80.9.9',
  /** Azure / Microsoft. */
  AZURE: '20.190.1.1',
  /** Google Cloud. */
  GCP: '34.70.1.1',
  /** Home broadband, Paris. */
  PARIS: '90.1.1.1',
  /** Mobile carrier, Lagos. */
  LAGOS: '102.89.1.1',
  /** Home broadband, Boston (~300 km from New York). */
  BOSTON: '24.60.1.1',
  /** A private address (VPC / corporate LAN). */
  PRIVATE: '10.0.0.5',
} as const;

const NYC = { lat: 40.71, lon: -74.0 };

export const INTEL_TABLE: Record<string, IpIntel> = {
  [IP.HOME]: { asn: 7922, asOrg: 'Comcast Cable', country: 'US', kind: 'residential', ...NYC },
  [IP.HOME2]: { asn: 7922, asOrg: 'Comcast Cable', country: 'US', kind: 'residential', ...NYC },
  [IP.MOBILE]: { asn: 21928, asOrg: 'T-Mobile USA', country: 'US', kind: 'mobile', lat: 39.95, lon: -75.16 },
  [IP.OFFICE]: { asn: 6461, asOrg: 'Zayo Bandwidth', country: 'US', kind: 'residential', ...NYC },
  [IP.HOSTING]: { asn: 14061, asOrg: 'DigitalOcean', country: 'NL', kind: 'hosting', lat: 52.37, lon: 4.9 },
  [IP.HOSTING_B]: { asn: 14061, asOrg: 'DigitalOcean', country: 'NL', kind: 'hosting', lat: 52.37, lon: 4.9 },
  [IP.HOSTING2]: { asn: 20473, asOrg: 'Vultr', country: 'DE', kind: 'hosting', lat: 50.11, lon: 8.68 },
  [IP.VPN]: { asn: 60068, asOrg: 'Datacamp Limited', country: 'GB', kind: 'vpn', lat: 51.5, lon: -0.12 },
  [IP.TOR]: { asn: 60729, asOrg: 'Tor exit relay', country: 'DE', kind: 'tor', lat: 51.0, lon: 10.0 },
  [IP.SATELLITE]: { asn: 22351, asOrg: 'Intelsat', country: 'US', kind: 'satellite', lat: 38.0, lon: -97.0 },
  [IP.AWS]: { asn: 14618, asOrg: 'Amazon.com', country: 'US', kind: 'cloud', cloud: 'aws', lat: 39.04, lon: -77.49 },
  [IP.AWS2]: { asn: 14618, asOrg: 'Amazon.com', country: 'US', kind: 'cloud', cloud: 'aws', lat: 39.04, lon: -77.49 },
  [IP.AZURE]: {
    asn: 8075,
    asOrg: 'Microsoft Corporation',
    country: 'US',
    kind: 'cloud',
    cloud: 'azure',
    lat: 47.6,
    lon: -122.3,
  },
  [IP.GCP]: { asn: 396982, asOrg: 'Google Cloud', country: 'US', kind: 'cloud', cloud: 'gcp', lat: 41.26, lon: -95.86 },
  [IP.PARIS]: { asn: 3215, asOrg: 'Orange', country: 'FR', kind: 'residential', lat: 48.85, lon: 2.35 },
  [IP.LAGOS]: { asn: 29465, asOrg: 'MTN Nigeria', country: 'NG', kind: 'mobile', lat: 6.52, lon: 3.38 },
  [IP.BOSTON]: { asn: 7922, asOrg: 'Comcast Cable', country: 'US', kind: 'residential', lat: 42.36, lon: -71.06 },
};

/** A provider over `table` (defaults to INTEL_TABLE); unknown addresses are `{ kind: 'unknown' }`. */
export function fakeIntel(table: Record<string, IpIntel> = INTEL_TABLE): IntelProvider {
  return { lookup: (ip) => table[ip] ?? { kind: 'unknown' } };
}
