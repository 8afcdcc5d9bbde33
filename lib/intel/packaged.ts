/**
 * The intel the extension ships: the packed tables (./pack.ts) the build writes to
 * `intel/ipv4.bin` and `intel/ipv6.bin` inside the extension package (wxt.config.ts), read once
 * per background or import worker. Reading a file of the extension's own package is not a
 * network request; the reader is passed in so this stays free of browser APIs. Without the IPv6
 * file, IPv6 sources are judged on what the logs say; without the IPv4 file, loading fails.
 */
import type { IntelProvider } from './intel-provider';
import { OfflineIntel } from './offline-intel';
import { unpackIpv4Intel, unpackIpv6Intel } from './pack';

/** Where the build puts the packed tables, relative to the extension's root. */
export const PACKED_INTEL_PATH = '/intel/ipv4.bin';
export const PACKED_INTEL6_PATH = '/intel/ipv6.bin';

/** The tables as an IntelProvider; rejects with the reason when the IPv4 file is missing or not a pack. */
export async function loadPackedIntel(readFile: (path: string) => Promise<ArrayBuffer>): Promise<IntelProvider> {
  const [v4, v6] = await Promise.all([
    readFile(PACKED_INTEL_PATH),
    readFile(PACKED_INTEL6_PATH).then(
      (b) => unpackIpv6Intel(new Uint8Array(b)),
      () => undefined,
    ),
  ]);
  return new OfflineIntel({ ...unpackIpv4Intel(new Uint8Array(v4)), ...(v6 ? { v6 } : {}) });
}
