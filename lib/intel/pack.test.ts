import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ipv4RangeTable } from './ip-range-table';
import { buildIpv4IntelPack, loadOfflineIntel } from './load-node';
import { OfflineIntel } from './offline-intel';
import { packIpv4Intel, unpackIpv4Intel } from './pack';
import { packCountry } from './parse-ranges';

const small = () => ({
  asn4: new Ipv4RangeTable(Uint32Array.of(10, 100), Uint32Array.of(20, 200), Uint32Array.of(14061, 7018)),
  country4: new Ipv4RangeTable(Uint32Array.of(10, 100), Uint32Array.of(20, 200), Uint32Array.of(packCountry('NL'), packCountry('US'))),
  asOrgs: new Map([[14061, 'DigitalOcean, LLC'], [7018, 'AT&T Services, Inc. — ünïcode']]),
});

describe('the packed IPv4 intel', () => {
  it('round-trips tables and names', () => {
    const back = unpackIpv4Intel(packIpv4Intel(small()));
    expect([...back.asn4.starts]).toEqual([10, 100]);
    expect(back.asn4.lookup(15)).toBe(14061);
    expect(back.country4.lookup(150)).toBe(packCountry('US'));
    expect(back.asOrgs.get(7018)).toBe('AT&T Services, Inc. — ünïcode');
  });

  it('refuses anything else with a reason, never a crash', () => {
    const good = packIpv4Intel(small());
    expect(() => unpackIpv4Intel(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    expect(() => unpackIpv4Intel(new TextEncoder().encode('{"not":"intel"} padding padding'))).toThrow(/not a Token Triage intel file/);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        unpackIpv4Intel(bytes);
      } catch (e) {
        expect((e as Error).message).toMatch(/^intel pack: /);
      }
    }));
  });

  it('answers exactly as the CLI’s tables do, for the real data', async () => {
    const [cli, packed] = await Promise.all([loadOfflineIntel({ ipv6: 'off' }), buildIpv4IntelPack()]);
    const ext = new OfflineIntel(unpackIpv4Intel(packed));
    expect(packed.byteLength).toBeLessThan(16 * 1024 * 1024);
    const ips = ['159.89.14.201', '24.16.201.77', '8.8.8.8', '52.95.110.1', '185.220.101.1', '10.0.0.1', '203.0.113.66'];
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
    }), { numRuns: 300 });
    for (const ip of ips) expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
    expect(ext.lookup('159.89.14.201')).toMatchObject({ asn: 14061, kind: 'hosting' });
  }, 60_000);
});
