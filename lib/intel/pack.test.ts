import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ipv4RangeTable } from './ip-range-table';
import { buildIpv4IntelPack, buildIpv6IntelPack, loadOfflineIntel } from '../node/load-intel';
import { loadPackedIntel, PACKED_INTEL6_PATH, PACKED_INTEL_PATH } from './packaged';
import { OfflineIntel } from './offline-intel';
import { packIpv4Intel, unpackIpv4Intel, unpackIpv6Intel } from './pack';
import { packCountry } from './parse-ranges';

const small = () => ({
  asn4: new Ipv4RangeTable(Uint32Array.of(10, 100), Uint32Array.of(20, 200), Uint32Array.of(14061, 7018)),
  country4: new Ipv4RangeTable(
    Uint32Array.of(10, 100),
    Uint32Array.of(20, 200),
    Uint32Array.of(packCountry('NL'), packCountry('US')),
  ),
  asOrgs: new Map([
    [14061, 'DigitalOcean, LLC'],
    [7018, 'AT&T Services, Inc. — ünïcode'],
  ]),
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
    expect(() => unpackIpv4Intel(new TextEncoder().encode('{"not":"intel"} padding padding'))).toThrow(
      /not a Token Triage intel file/,
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          unpackIpv4Intel(bytes);
        } catch (e) {
          expect((e as Error).message).toMatch(/^intel pack: /);
        }
      }),
    );
  });

  it('answers exactly as the CLI’s tables do, for the real data', async () => {
    const [cli, packed] = await Promise.all([loadOfflineIntel({ ipv6: 'off', cache: false }), buildIpv4IntelPack()]);
    const ext = new OfflineIntel(unpackIpv4Intel(packed));
    expect(packed.byteLength).toBeLessThan(16 * 1024 * 1024);
    const ips = [
      '159.89.14.201',
      '24.16.201.77',
      '8.8.8.8',
      '52.95.110.1',
      '185.220.101.1',
      '10.0.0.1',
      '203.0.113.66',
    ];
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
      }),
      { numRuns: 300 },
    );
    for (const ip of ips) expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
    expect(ext.lookup('159.89.14.201')).toMatchObject({ asn: 14061, kind: 'hosting' });
  }, 60_000);
});

describe('the packed IPv6 intel and the extension loader', () => {
  it('answers IPv6 exactly as the CLI’s tables do, for the real data', async () => {
    const [cli, v4, v6] = await Promise.all([
      loadOfflineIntel({ ipv6: 'eager', cache: false }),
      buildIpv4IntelPack(),
      buildIpv6IntelPack(),
    ]);
    const files: Record<string, Uint8Array> = { [PACKED_INTEL_PATH]: v4, [PACKED_INTEL6_PATH]: v6 };
    const read = async (path: string) => {
      const f = files[path];
      if (!f) throw new Error(`no ${path}`);
      return f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer;
    };
    const ext = await loadPackedIntel(read);
    const ips = [
      '2a03:b0c0:3:d0::1',
      '2606:4700:4700::1111',
      '2001:4860:4860::8888',
      '2a01:111:f400::1',
      '2001:db8::1',
    ];
    for (const ip of ips) expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(ext.lookup(ip)).toEqual(cli.lookup(ip));
      }),
      { numRuns: 200 },
    );
    expect(() => unpackIpv6Intel(v4)).toThrow(/other IP version/);

    // without the IPv6 file: IPv4 still answers, IPv6 is unknown; without the IPv4 file: refused
    delete files[PACKED_INTEL6_PATH];
    const v4only = await loadPackedIntel(read);
    expect(v4only.lookup('159.89.14.201')).toMatchObject({ asn: 14061 });
    expect(v4only.lookup('2a03:b0c0:3:d0::1')).toEqual({ kind: 'unknown' });
    delete files[PACKED_INTEL_PATH];
    await expect(loadPackedIntel(read)).rejects.toThrow(/ipv4/);
  }, 120_000);
});
