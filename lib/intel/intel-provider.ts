/**
 * IP intelligence as the engine sees it: ip → ASN, organisation, country and a network kind.
 * Offline only (DESIGN.md, Security): implementations load data shipped in the package.
 */
export const NETWORK_KINDS = [
  'residential',
  'mobile',
  'hosting',
  'cloud',
  'vpn',
  'tor',
  'satellite',
  'private',
  'reserved',
  'unknown',
] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export interface IpIntel {
  asn?: number;
  asOrg?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  kind: NetworkKind;
  /** Which cloud provider, when kind is `cloud` (aws, azure, gcp, oracle, …). */
  cloud?: string;
  /** Approximate coordinates (country centroid when nothing finer is known). */
  lat?: number;
  lon?: number;
}

export interface IntelProvider {
  lookup(ip: string): IpIntel;
}

/** The provider used when no data is loaded: knows only what the address itself says. */
export const NO_INTEL: IntelProvider = { lookup: () => ({ kind: 'unknown' }) };
