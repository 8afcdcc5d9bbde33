/**
 * A log's "source IP" field, kept as what it is. Valid IPs are normalized; leading-zero octets
 * from anonymisers (`035.249.253.232`) are read as decimal the way the log meant them; service
 * callers (`ec2.amazonaws.com`, `AWS Internal`) and placeholders (`<Attacker source IP>`) stay
 * as `caller`, never a crash and never an IP.
 */
import ipaddr from 'ipaddr.js';

export interface SourceAddress {
  ip?: string;
  caller?: string;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function readSourceAddress(raw: unknown): SourceAddress {
  if (typeof raw !== 'string') return {};
  let s = raw.trim();
  if (s === '') return {};
  // "1.2.3.4:5678", "[2001:db8::1]:443", and comma chains ("client, proxy") take the first hop.
  if (s.includes(',')) s = s.split(',')[0]!.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const dotted = DOTTED.exec(s);
  if (dotted) {
    const parts = dotted.slice(1).map(Number);
    if (parts.every((p) => p <= 255)) return { ip: parts.join('.') };
    return { caller: raw.trim() };
  }
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) {
    try {
      const addr = ipaddr.IPv6.parse(s);
      if (addr.isIPv4MappedAddress()) return { ip: addr.toIPv4Address().toString() };
      return { ip: addr.toString() };
    } catch {
      return { caller: raw.trim() };
    }
  }
  return { caller: raw.trim() };
}

/** Private, loopback, link-local, reserved, multicast, documentation: no geography or ASN to learn from. */
export function isNonRoutable(ip: string): boolean {
  try {
    const range = ipaddr.parse(ip).range();
    return range !== 'unicast';
  } catch {
    return true;
  }
}
