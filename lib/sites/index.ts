/**
 * The registry of console page readers. A meta-test checks that every reader here has tests, a
 * replica page and a README line, and that every reader's URLs match no other reader.
 * Readers are added one line each (keep this list sorted by console).
 */
import type { SiteReader } from './site-reader';

export const SITE_READERS: readonly SiteReader[] = [
];

/** The reader for a URL, if any. */
export function readerFor(url: URL): SiteReader | undefined {
  return SITE_READERS.find((r) => r.matchesUrl(url));
}

export type { SiteReader, PageRow, ReadResult } from './site-reader';
