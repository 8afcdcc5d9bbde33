import { describe, expect, it } from 'vitest';
import { NETWORK_KINDS } from './intel-provider';
import { classifyNetwork, KNOWN_NETWORKS, knownNetwork } from './network-kind';

// The check of every listed ASN against the real data lives in load-node.test.ts (one shared load).

describe('KNOWN_NETWORKS', () => {
  it('lists each ASN once, with an org name and a valid kind', () => {
    const seen = new Set<number>();
    for (const n of KNOWN_NETWORKS) {
      expect(seen.has(n.asn), `AS${n.asn} listed twice`).toBe(false);
      seen.add(n.asn);
      expect(n.org.length).toBeGreaterThan(0);
      expect(NETWORK_KINDS).toContain(n.kind);
      if (n.kind === 'cloud') expect(n.cloud).toBeTruthy();
      else expect(n.cloud).toBeUndefined();
    }
  });

  it('does not list ASNs the brief guessed wrong', () => {
    // AS31173 is "MEDIANA-TREID" (Mullvad is 39351 "31173 Services AB"); AS6621 is HughesNet, not Gogo.
    expect(knownNetwork(31173)).toBeUndefined();
    expect(knownNetwork(6621)?.note).toBeUndefined();
    expect(knownNetwork(16591)).toBeUndefined(); // Google Fiber: residential, not GCP
  });
});

describe('classifyNetwork', () => {
  it.each([
    [16509, 'cloud', 'aws'],
    [14618, 'cloud', 'aws'],
    [8075, 'cloud', 'azure'],
    [15169, 'cloud', 'gcp'],
    [396982, 'cloud', 'gcp'],
    [31898, 'cloud', 'oracle'],
    [13335, 'cloud', 'cloudflare'],
    [36351, 'cloud', 'ibm'],
  ] as const)('AS%i → %s/%s', (asn, kind, cloud) => {
    expect(classifyNetwork(asn, 'whatever the log says')).toEqual(expect.objectContaining({ kind, cloud }));
  });

  it.each([
    [14061, 'hosting'],
    [24940, 'hosting'],
    [63949, 'hosting'], // Linode, although named Akamai
    [9009, 'hosting'],
    [39351, 'vpn'],
    [22616, 'vpn'],
    [396507, 'tor'],
    [60729, 'tor'], // Stiftung Erneuerbare Freiheit (185.220.101.x)
    [215125, 'tor'], // Church of Cyberology (192.42.116.x)
    [4224, 'tor'], // The Calyx Institute
    [401370, 'tor'], // Calyx Networks
    [198093, 'tor'], // DFRI
    [210558, 'hosting'], // 1337 Services: many exits, but a hosting company
    [53667, 'hosting'], // FranTech (BuyVM): the same
    [14593, 'satellite'],
    [22351, 'satellite'],
    [20057, 'mobile'], // AT&T Mobility, named "AT&T Enterprises, LLC" in the data
    [22394, 'mobile'], // Verizon Wireless, named "Verizon Business"
  ] as const)('AS%i → %s', (asn, kind) => {
    expect(classifyNetwork(asn, undefined).kind).toBe(kind);
  });

  it("a carrier's fixed-line ASN with the same data name stays residential", () => {
    expect(classifyNetwork(7018, 'AT&T Enterprises, LLC').kind).toBe('residential');
    expect(classifyNetwork(20057, 'AT&T Enterprises, LLC').kind).toBe('mobile');
  });

  it('adds notes that indicators use to soften a kind', () => {
    expect(classifyNetwork(36183, undefined).note).toBe('cdn-egress'); // Apple Private Relay egress
    expect(classifyNetwork(53813, undefined).note).toBe('corporate-proxy'); // Zscaler
    expect(classifyNetwork(22351, undefined).note).toBe('in-flight'); // Intelsat (in-flight Wi-Fi: an impossible-travel false positive)
  });

  it.each([
    ['EGIHosting', 'hosting'],
    ['Ace Data Centers, Inc.', 'hosting'],
    ['UAB Cherry Servers', 'hosting'],
    ['IOMART CLOUD SERVICES LIMITED', 'hosting'],
    ['Enterprise VPS Solutions LLC', 'hosting'],
    ['Colocation America Corporation', 'hosting'],
    ['T-Mobile USA, Inc.', 'mobile'],
    ['China Mobile Communications Corporation', 'mobile'],
    ['Telefonica Moviles El Salvador S.A. de C.V.', 'mobile'],
    ['ADVANCED WIRELESS NETWORK COMPANY LIMITED', 'mobile'],
    ['Comcast Cable Communications, LLC', 'residential'],
    ['Cable & Wireless Dominica', 'residential'], // not a mobile carrier by name
    ['Deutsche Telekom AG', 'residential'],
    ['Charter Communications', 'residential'],
    ['Exxon Mobil Corporation', 'unknown'], // "Mobil" is not "mobile"
    ['CITY OF ST. CLOUD', 'unknown'],
    ['Ford Motor Company', 'unknown'],
    ['', 'unknown'],
  ] as const)('org %j → %s', (org, kind) => {
    expect(classifyNetwork(4_200_000_000, org).kind).toBe(kind);
  });

  it('never throws on missing or odd input', () => {
    expect(classifyNetwork(undefined, undefined)).toEqual({ kind: 'unknown' });
    expect(classifyNetwork(Number.NaN, undefined)).toEqual({ kind: 'unknown' });
    expect(classifyNetwork(undefined, 123 as unknown as string)).toEqual({ kind: 'unknown' });
  });
});
