import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { intelCacheFile, type LoadReport, loadOfflineIntel, NETWORK_DATA_VERSION } from './load-intel';
import { KNOWN_NETWORKS } from '../intel/network-kind';
import type { OfflineIntel } from '../intel/offline-intel';

// One shared load of the real data for the whole file (it takes a few hundred ms).
let intel: OfflineIntel;
let report: LoadReport | undefined;

beforeAll(async () => {
  intel = await loadOfflineIntel({ ipv6: 'eager', cache: false, onReport: (r) => (report = r) });
});

describe('loadOfflineIntel (real data packages)', () => {
  it('parses every row of the shipped files', () => {
    expect(report?.ipv4.asnRows).toBeGreaterThan(300_000);
    expect(report?.ipv4.countryRows).toBeGreaterThan(300_000);
    expect(report?.ipv4.rejected).toBe(0);
    expect(report?.ipv6?.asnRows).toBeGreaterThan(50_000);
    expect(report?.ipv6?.countryRows).toBeGreaterThan(100_000);
    expect(report?.ipv6?.rejected).toBe(0);
    expect(intel.ipv6Loaded).toBe(true);
  });

  it('reads the packed cache when it is there (written on a first run), with the same answers', async () => {
    await loadOfflineIntel({ ipv6: 'off' }); // writes the cache if missing
    expect(existsSync(intelCacheFile('ipv4'))).toBe(true);
    let fromCache: LoadReport | undefined;
    const cached = await loadOfflineIntel({ ipv6: 'off', onReport: (r) => (fromCache = r) });
    expect(fromCache?.ipv4.rejected).toBe(0);
    for (const ip of ['8.8.8.8', '159.89.14.201', '24.16.201.77', '185.220.101.5', '52.95.110.1'])
      expect(cached.lookup(ip)).toEqual(intel.lookup(ip));
  });

  it('8.8.8.8 → AS15169 Google, US, cloud/gcp', () => {
    expect(intel.lookup('8.8.8.8')).toEqual(
      expect.objectContaining({ asn: 15169, asOrg: 'Google LLC', country: 'US', kind: 'cloud', cloud: 'gcp' }),
    );
    expect(intel.lookup('8.8.8.8').lat).toBeTypeOf('number');
  });

  it('1.1.1.1 → AS13335 Cloudflare', () => {
    expect(intel.lookup('1.1.1.1')).toEqual(
      expect.objectContaining({ asn: 13335, kind: 'cloud', cloud: 'cloudflare' }),
    );
  });

  it('52.95.110.1 → AWS', () => {
    expect(intel.lookup('52.95.110.1')).toEqual(expect.objectContaining({ asn: 16509, kind: 'cloud', cloud: 'aws' }));
  });

  it('2001:4860:4860::8888 → Google', () => {
    expect(intel.lookup('2001:4860:4860::8888')).toEqual(
      expect.objectContaining({ asn: 15169, country: 'US', kind: 'cloud', cloud: 'gcp' }),
    );
  });

  it('a few more well-known networks', () => {
    expect(intel.lookup('2606:4700:4700::1111').asn).toBe(13335);
    expect(intel.lookup('::ffff:8.8.4.4').asn).toBe(15169);
    expect(intel.lookup('4.2.2.2').kind).not.toBe('cloud'); // Level 3 / Lumen: transit
  });

  it('private and documentation addresses carry no ASN', () => {
    expect(intel.lookup('10.0.0.1')).toEqual({ kind: 'private' });
    expect(intel.lookup('203.0.113.5')).toEqual({ kind: 'reserved' });
    expect(intel.lookup('2001:db8::5')).toEqual({ kind: 'reserved' });
  });

  it('invalid inputs do not throw', () => {
    for (const raw of ['255.090.254.5', 'ec2.amazonaws.com', '', 'AWS Internal', '1.2.3', '::g']) {
      expect(() => intel.lookup(raw), raw).not.toThrow();
    }
    expect(intel.lookup('ec2.amazonaws.com')).toEqual({ kind: 'unknown' });
    expect(intel.lookup('')).toEqual({ kind: 'unknown' });
  });

  it('every ASN in KNOWN_NETWORKS carries the org name the data gives it', () => {
    const wrong = KNOWN_NETWORKS.filter((n) => intel.asOrgName(n.asn) !== n.org).map(
      (n) => `AS${n.asn}: listed "${n.org}", data "${intel.asOrgName(n.asn) ?? '(absent)'}"`,
    );
    expect(wrong).toEqual([]);
  });

  it('reports the data package versions', () => {
    expect(NETWORK_DATA_VERSION['@ip-location-db/asn']).toMatch(/^\d+\.\d+\.\d+/);
    expect(NETWORK_DATA_VERSION['@ip-location-db/geo-whois-asn-country']).toMatch(/^\d+\.\d+\.\d+/);
    expect(NETWORK_DATA_VERSION['world-countries']).toMatch(/^\d+\.\d+\.\d+/);
  });
});
