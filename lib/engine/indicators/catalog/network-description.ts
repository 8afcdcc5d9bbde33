/**
 * A source network in one phrase for titles and details — `AS14061 DigitalOcean, hosting, NL`:
 * the AS number and organisation (or the organisation alone), the network kind, the country.
 * Shared by new-source and multi-account so a network reads the same in both.
 */
import type { IpIntel } from '../../../intel/intel-provider';

export function describeNetwork(net: IpIntel): string {
  const parts: string[] = [];
  if (net.asn !== undefined) parts.push(`AS${net.asn}${net.asOrg ? ' ' + net.asOrg : ''}`);
  else if (net.asOrg) parts.push(net.asOrg);
  parts.push(net.kind);
  if (net.country) parts.push(net.country);
  return parts.join(', ');
}
