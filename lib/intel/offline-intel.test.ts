import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it, vi } from 'vitest';
import { Ipv4RangeTableBuilder, Ipv6RangeTableBuilder } from './ip-range-table';
import { IPV4_SPECIAL, type Ipv6Data, OfflineIntel, parseDottedQuad } from './offline-intel';
import { packCountry } from './parse-ranges';

const ip4 = (s: string): number => parseDottedQuad(s);

/** A tiny hand-made world: Google at 8.8.8.0/24 (US), a hoster at 5.0.0.0/8 (DE), no ASN at 7/8 (FR). */
function world(v6?: Ipv6Data | (() => Ipv6Data), cacheSize?: number): OfflineIntel {
  const asn = new Ipv4RangeTableBuilder();
  asn.add(ip4('8.8.8.0'), ip4('8.8.8.255'), 15169);
  asn.add(ip4('5.0.0.0'), ip4('5.255.255.255'), 4_200_000_001);
  const cc = new Ipv4RangeTableBuilder();
  cc.add(ip4('8.8.8.0'), ip4('8.8.8.255'), packCountry('US'));
  cc.add(ip4('5.0.0.0'), ip4('5.255.255.255'), packCountry('DE'));
  cc.add(ip4('7.0.0.0'), ip4('7.255.255.255'), packCountry('FR'));
  const asOrgs = new Map([
    [15169, 'Google LLC'],
    [4_200_000_001, 'Example Hosting GmbH'],
  ]);
  return new OfflineIntel({ asn4: asn.build(), country4: cc.build(), asOrgs, v6 }, { cacheSize });
}

function v6Data(): Ipv6Data {
  const asn = new Ipv6RangeTableBuilder();
  asn.add(0x20014860, 0, 0x20014860, 0xffffffff, 15169);
  const cc = new Ipv6RangeTableBuilder();
  cc.add(0x20014860, 0, 0x20014860, 0xffffffff, packCountry('US'));
  return { asn: asn.build(), country: cc.build(), asOrgs: new Map([[15169, 'Google LLC (v6)']]) };
}

describe('OfflineIntel.lookup', () => {
  const intel = world(v6Data);

  it('joins ASN, org, kind, cloud, country and the country reference point', () => {
    expect(intel.lookup('8.8.8.8')).toEqual({
      asn: 15169,
      asOrg: 'Google LLC',
      kind: 'cloud',
      cloud: 'gcp',
      country: 'US',
      lat: 38,
      lon: -97,
    });
    expect(intel.lookup('5.1.2.3')).toEqual(
      expect.objectContaining({ asn: 4_200_000_001, kind: 'hosting', country: 'DE' }),
    );
    expect(intel.lookup('7.1.2.3')).toEqual({ kind: 'unknown', country: 'FR', lat: 46, lon: 2 });
    expect(intel.lookup('9.9.9.9')).toEqual({ kind: 'unknown' });
  });

  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'], // CGNAT shared space
    ['127.0.0.1', 'private'],
    ['169.254.169.254', 'private'], // instance metadata: link-local
    ['fd00::1', 'private'],
    ['fe80::1', 'private'],
    ['::1', 'private'],
    ['203.0.113.5', 'reserved'], // TEST-NET-3
    ['198.51.100.7', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'], // benchmarking
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['ff02::1', 'reserved'],
  ] as const)('%s → %s, with no ASN or country', (ip, kind) => {
    expect(intel.lookup(ip)).toEqual({ kind });
  });

  it('looks up the IPv4 address carried inside IPv6', () => {
    for (const ip of ['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1']) {
      expect(intel.lookup(ip).asn, ip).toBe(15169);
    }
    expect(intel.lookup('::ffff:10.1.2.3').kind).toBe('private');
    expect(intel.lookup('64:ff9b:1::808:808').kind).toBe('reserved'); // local-use NAT64: embedding varies
  });

  it('resolves IPv6 per /64 with the IPv6 org names', () => {
    expect(intel.lookup('2001:4860:4860::8888')).toEqual(
      expect.objectContaining({ asn: 15169, asOrg: 'Google LLC', kind: 'cloud', country: 'US' }),
    );
    expect(intel.lookup('2001:4861::1')).toEqual({ kind: 'unknown' });
  });

  it.each([
    '',
    ' ',
    'ec2.amazonaws.com',
    'AWS Internal',
    '<Attacker source IP>',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.4:443',
    '[2001:db8::1]:443',
    '2001:db8::g',
    ':::',
    '1::2::3',
    'fe80::1%eth0',
    '\u0000',
    '８.８.８.８',
  ])('never throws on %j', (raw) => {
    expect(() => intel.lookup(raw)).not.toThrow();
  });

  it('reads leading-zero octets as decimal, like source-address.ts', () => {
    expect(intel.lookup('008.008.008.008').asn).toBe(15169);
    expect(intel.lookup('255.090.254.5').kind).toBe('reserved');
    expect(intel.lookup(' 8.8.8.8 ').asn).toBe(15169);
  });

  it('answers unknown for non-strings instead of throwing', () => {
    expect(intel.lookup(undefined as unknown as string)).toEqual({ kind: 'unknown' });
    expect(intel.lookup(42 as unknown as string)).toEqual({ kind: 'unknown' });
  });

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (s) => {
        const r = intel.lookup(s);
        expect(typeof r.kind).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('returns frozen results', () => {
    expect(Object.isFrozen(intel.lookup('8.8.8.8'))).toBe(true);
    expect(Object.isFrozen(intel.lookup('10.0.0.1'))).toBe(true);
  });
});

describe('special ranges agree with ipaddr.js', () => {
  const intel = world();

  it('reads the special-range table from ipaddr.js itself', () => {
    expect(IPV4_SPECIAL).toBeDefined();
    expect(IPV4_SPECIAL!.size).toBeGreaterThan(10);
  });

  it('private/reserved/other match ipaddr.js range() for random IPv4 (property)', () => {
    const privateRanges = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const text = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        const range = ipaddr.parse(text).range();
        const want = range === 'unicast' ? 'unknown' : privateRanges.has(range) ? 'private' : 'reserved';
        const kind = intel.lookupIpv4(n).kind;
        expect(kind === 'private' || kind === 'reserved' ? kind : 'unknown').toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with range() at the edges of every special range', () => {
    const t = IPV4_SPECIAL!;
    const privateRanges = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat']);
    for (let i = 0; i < t.size; i++) {
      for (const n of [t.starts[i]! - 1, t.starts[i]!, t.ends[i]!, t.ends[i]! + 1]) {
        if (n < 0 || n > 0xffffffff) continue;
        const text = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        const range = ipaddr.parse(text).range();
        const want = range === 'unicast' ? 'unknown' : privateRanges.has(range) ? 'private' : 'reserved';
        const kind = intel.lookupIpv4(n).kind;
        expect(kind === 'private' || kind === 'reserved' ? kind : 'unknown', text).toBe(want);
      }
    }
  });
});

describe('IPv6 data supply', () => {
  it('calls a lazy IPv6 loader once, on the first IPv6 lookup only', () => {
    const load = vi.fn(v6Data);
    const intel = world(load);
    intel.lookup('8.8.8.8');
    intel.lookup('10.0.0.1');
    intel.lookup('::ffff:8.8.8.8');
    expect(load).not.toHaveBeenCalled();
    expect(intel.ipv6Loaded).toBe(false);
    intel.lookup('2001:4860::1');
    intel.lookup('2001:4860::2');
    expect(load).toHaveBeenCalledTimes(1);
    expect(intel.ipv6Loaded).toBe(true);
  });

  it('keeps working when the IPv6 loader fails: IPv6 is unknown, IPv4 unaffected', () => {
    const load = vi.fn((): Ipv6Data => {
      throw new Error('file vanished');
    });
    const intel = world(load);
    expect(intel.lookup('2001:4860::1')).toEqual({ kind: 'unknown' });
    expect(intel.lookup('2001:4860::2')).toEqual({ kind: 'unknown' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(intel.lookup('8.8.8.8').asn).toBe(15169);
  });

  it('without IPv6 data, global IPv6 is unknown', () => {
    expect(world().lookup('2001:4860::1')).toEqual({ kind: 'unknown' });
  });
});

describe('memo cache', () => {
  it('returns the same object for a repeated address and stays bounded', () => {
    const intel = world(undefined, 3);
    const a = intel.lookup('8.8.8.8');
    expect(intel.lookup('8.8.8.8')).toBe(a);
    const gens = intel as unknown as { young: Map<string, unknown>; old: Map<string, unknown> };
    for (let i = 1; i <= 20; i++) {
      intel.lookup(`8.8.8.${i}`);
      expect(gens.young.size + gens.old.size).toBeLessThanOrEqual(6);
    }
    expect(gens.young.has('8.8.8.8') || gens.old.has('8.8.8.8')).toBe(false); // aged out
    expect(intel.lookup('8.8.8.20')).toBe(intel.lookup('8.8.8.20')); // recent: still memoised
  });

  it('can be turned off', () => {
    const intel = world(undefined, 0);
    expect(intel.lookup('8.8.8.8')).toEqual(intel.lookup('8.8.8.8'));
    const gens = intel as unknown as { young: Map<string, unknown>; old: Map<string, unknown> };
    expect(gens.young.size + gens.old.size).toBe(0);
  });
});

describe('parseDottedQuad', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['8.8.8.8', 0x08080808],
    ['035.249.253.232', ((35 << 24) | (249 << 16) | (253 << 8) | 232) >>> 0],
  ] as const)('%s', (s, n) => {
    expect(parseDottedQuad(s)).toBe(n);
  });

  it.each(['', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '256.0.0.0', '1.2.3.0004', '1.2.3.-4', '1.2.3.4 ', 'a.b.c.d'])(
    'refuses %j',
    (s) => {
      expect(parseDottedQuad(s)).toBe(-1);
    },
  );
});
