import { describe, expect, it } from 'vitest';
import { Ipv4RangeTableBuilder, Ipv6RangeTableBuilder, NO_VALUE } from './ip-range-table';
import {
  AsOrgNames,
  ipv6PrefixOfText,
  packCountry,
  parseAsnIpv4Num,
  parseAsnIpv6,
  parseCountryIpv4Num,
  parseCountryIpv6,
  unpackCountry,
} from './parse-ranges';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('country codes', () => {
  it('round-trips A–Z pairs and refuses anything else', () => {
    expect(unpackCountry(packCountry('US'))).toBe('US');
    expect(unpackCountry(packCountry('ZZ'))).toBe('ZZ');
    for (const bad of ['', 'U', 'usa', 'us', '1A', 'Ü1']) expect(packCountry(bad)).toBe(-1);
    expect(unpackCountry(-1)).toBeUndefined();
    expect(unpackCountry(0)).toBeUndefined();
  });
});

describe('parseAsnIpv4Num', () => {
  it('reads ranges, ASNs and org names (quoted, escaped, UTF-8, CRLF)', () => {
    const csv = [
      '16777216,16777471,13335,"Cloudflare, Inc."',
      '16778240,16779263,38803,Gtelecom Pty Ltd',
      '3400000000,3400000255,197695,"""Domain names registrar REG.RU"", Ltd"\r',
      '3400000256,3400000511,64512,Telefônica Brasil',
      '',
    ].join('\n');
    const b = new Ipv4RangeTableBuilder();
    const orgs = new AsOrgNames();
    expect(parseAsnIpv4Num(bytes(csv), b, orgs)).toEqual({ rows: 4, rejected: 0 });
    const t = b.build();
    expect(t.lookup(16777300)).toBe(13335);
    expect(t.lookup(16777472)).toBe(NO_VALUE);
    expect(t.lookup(3400000255)).toBe(197695);
    expect(orgs.get(13335)).toBe('Cloudflare, Inc.');
    expect(orgs.get(38803)).toBe('Gtelecom Pty Ltd');
    expect(orgs.get(197695)).toBe('"Domain names registrar REG.RU", Ltd');
    expect(orgs.get(64512)).toBe('Telefônica Brasil');
    expect(orgs.get(1)).toBeUndefined();
    expect(orgs.size).toBe(4);
  });

  it('keeps the first org seen per ASN and skips malformed lines without throwing', () => {
    const csv = [
      '1,2,100,First',
      '3,4,100,Second',
      'x,5,1,Bad start',
      '6,,1,Empty end',
      '7,8',
      '9,8,1,Start after end',
      '10,11,abc,Bad asn',
      '99999999999,1,1,Too big',
      '12,13,200',
    ].join('\n');
    const b = new Ipv4RangeTableBuilder();
    const orgs = new AsOrgNames();
    expect(parseAsnIpv4Num(bytes(csv), b, orgs)).toEqual({ rows: 3, rejected: 6 });
    expect(orgs.get(100)).toBe('First');
    expect(orgs.get(200)).toBe('');
    expect(b.build().lookup(12)).toBe(200);
  });
});

describe('parseCountryIpv4Num', () => {
  it('reads country rows and rejects bad codes', () => {
    const b = new Ipv4RangeTableBuilder();
    const csv = '16777216,16777471,AU\n16777472,16778239,CN\n16778240,16779263,au\n1,2,\n';
    expect(parseCountryIpv4Num(bytes(csv), b)).toEqual({ rows: 2, rejected: 2 });
    const t = b.build();
    expect(unpackCountry(t.lookup(16777216))).toBe('AU');
    expect(unpackCountry(t.lookup(16778239))).toBe('CN');
  });
});

describe('IPv6 text → /64 prefix', () => {
  it.each([
    ['::', [0, 0]],
    ['::1', [0, 0]],
    ['2001:db8::', [0x20010db8, 0]],
    ['2001:200:1bb::', [0x20010200, 0x01bb0000]],
    ['2001:4860:4860::8888', [0x20014860, 0x48600000]],
    ['2001:218:2000:51:ffff:ffff:ffff:ffff', [0x20010218, 0x20000051]],
    ['2001:db8:1:2:3:4:5:6', [0x20010db8, 0x00010002]],
    ['1:2:3::', [0x00010002, 0x00030000]],
    ['::2:3:4:5:6:7:8', [0x00000002, 0x00030004]],
    ['1::3:4:5:6:7:8', [0x00010000, 0x00030004]],
    ['::ffff:1.2.3.4', [0, 0]],
    ['64:ff9b::8.8.8.8', [0x0064ff9b, 0]],
    ['FFFF:FFFF:FFFF:FFFF::', [0xffffffff, 0xffffffff]],
  ] as const)('%s', (text, want) => {
    expect(ipv6PrefixOfText(text)).toEqual(want);
  });

  it.each([
    '',
    ':',
    ':::',
    '1:2',
    '1::2::3',
    '1:',
    ':1::',
    'g::',
    '12345::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '1.2.3.4.5',
  ])('refuses %j', (text) => {
    expect(ipv6PrefixOfText(text)).toBeUndefined();
  });
});

describe('parse IPv6 files', () => {
  it('reads ASN and country rows on /64 prefixes', () => {
    const asn = [
      '2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project',
      '2001:200:1ba::,2001:200:1ba:ffff:ffff:ffff:ffff:ffff,24047,"Internet Systems Consortium, Inc."',
      'not-an-address,2001::,1,x',
    ].join('\n');
    const ab = new Ipv6RangeTableBuilder();
    const orgs = new AsOrgNames();
    expect(parseAsnIpv6(bytes(asn), ab, orgs)).toEqual({ rows: 2, rejected: 1 });
    const at = ab.build();
    expect(at.lookup(0x20010200, 0x01b90000)).toBe(2500);
    expect(at.lookup(0x20010200, 0x01ba0000)).toBe(24047);
    expect(at.lookup(0x20010200, 0x01bb0000)).toBe(NO_VALUE);
    expect(orgs.get(24047)).toBe('Internet Systems Consortium, Inc.');

    const cb = new Ipv6RangeTableBuilder();
    const cc =
      '2001:200::,2001:218:2000:51:ffff:ffff:ffff:ffff,AU\n2001:218:2000:52::,2001:218:2000:52:ffff:ffff:ffff:ffff,JP\n';
    expect(parseCountryIpv6(bytes(cc), cb)).toEqual({ rows: 2, rejected: 0 });
    const ct = cb.build();
    expect(unpackCountry(ct.lookup(0x20010218, 0x20000052))).toBe('JP');
    expect(unpackCountry(ct.lookup(0x20010218, 0x20000051))).toBe('AU');
  });

  it('widens a row finer than /64 to its /64 and lets the later, narrower row win there', () => {
    const cc = ['2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,DE', '2001:db8:0:5::8000,2001:db8:0:5::8fff,BE'].join(
      '\n',
    );
    const b = new Ipv6RangeTableBuilder();
    parseCountryIpv6(bytes(cc), b);
    const t = b.build();
    expect(unpackCountry(t.lookup(0x20010db8, 5))).toBe('BE');
    expect(unpackCountry(t.lookup(0x20010db8, 4))).toBe('DE');
    expect(unpackCountry(t.lookup(0x20010db8, 6))).toBe('DE');
  });
});

describe('AsOrgNames', () => {
  it('grows its pool, truncates absurd names, and lets set() override', () => {
    const names = new AsOrgNames();
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 200; i++) {
      const b = bytes(`Org ${i} ${long}`);
      names.setBytes(i, b, 0, b.length);
    }
    expect(names.get(7)!.startsWith('Org 7 x')).toBe(true);
    expect(names.get(7)!.length).toBe(1023);
    names.set(7, 'Renamed');
    expect(names.get(7)).toBe('Renamed');
    expect(names.has(199)).toBe(true);
    expect(names.size).toBe(200);
  });
});
