import { describe, expect, it } from 'vitest';
import { describeNetwork } from './network-description';

describe('describeNetwork', () => {
  it('names the AS number and organisation, the kind and the country', () => {
    expect(describeNetwork({ asn: 14061, asOrg: 'DigitalOcean', kind: 'hosting', country: 'NL' })).toBe(
      'AS14061 DigitalOcean, hosting, NL',
    );
  });

  it('falls back to the organisation alone, and leaves out what is unknown', () => {
    expect(describeNetwork({ asOrg: 'Mullvad', kind: 'vpn' })).toBe('Mullvad, vpn');
    expect(describeNetwork({ asn: 7922, kind: 'residential' })).toBe('AS7922, residential');
    expect(describeNetwork({ kind: 'unknown' })).toBe('unknown');
  });
});
