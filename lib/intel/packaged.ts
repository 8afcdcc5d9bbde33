/**
 * The intel the extension ships: the packed IPv4 tables (./pack.ts) the build writes to
 * `intel/ipv4.bin` inside the extension package (wxt.config.ts), read once per background or
 * import worker. Reading a file of the extension's own package is not a network request; the
 * reader is passed in so this stays free of browser APIs.
 */
import type { IntelProvider } from './intel-provider';
import { OfflineIntel } from './offline-intel';
import { unpackIpv4Intel } from './pack';

/** Where the build puts the packed tables, relative to the extension's root. */
export const PACKED_INTEL_PATH = '/intel/ipv4.bin';

/** The tables as an IntelProvider; rejects with the reason when the file is missing or not a pack. */
export async function loadPackedIntel(readFile: (path: string) => Promise<ArrayBuffer>): Promise<IntelProvider> {
  return new OfflineIntel(unpackIpv4Intel(new Uint8Array(await readFile(PACKED_INTEL_PATH))));
}
