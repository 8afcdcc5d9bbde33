/**
 * The registry of console page readers. A meta-test (test/sites-registry.test.ts) checks that
 * every reader here has tests, a replica page and a row in docs/extension.md, that every reader's URLs match
 * no other reader, and that each content script loads its console's readers on its hosts.
 *
 * Readers are listed per console in ./consoles/<console>.ts (one line each): a content script
 * imports only its console's module, so it bundles only those readers (content-script budget:
 * 60 KB minified). SITE_READERS is the full registry, for the background and the tests; a
 * content script must never import this module.
 */
import type { ConsoleId, SiteReader } from './site-reader';
import { AWS_READERS } from './consoles/aws';
import { AZURE_READERS } from './consoles/azure';
import { GCP_READERS } from './consoles/gcp';
import { OKTA_READERS } from './consoles/okta';
import { WORKSPACE_READERS } from './consoles/workspace';
import { GITHUB_READERS } from './consoles/github';
import { selectedJson } from './readers/selected-json';

/** Each console's readers; `any` is the context-menu reader, which no content script loads. */
export const CONSOLE_READERS: Readonly<Record<ConsoleId, readonly SiteReader[]>> = {
  aws: AWS_READERS,
  azure: AZURE_READERS,
  gcp: GCP_READERS,
  okta: OKTA_READERS,
  workspace: WORKSPACE_READERS,
  github: GITHUB_READERS,
  any: [selectedJson],
};

export const SITE_READERS: readonly SiteReader[] = [
  ...AWS_READERS,
  ...AZURE_READERS,
  ...GCP_READERS,
  ...OKTA_READERS,
  ...WORKSPACE_READERS,
  ...GITHUB_READERS,
  selectedJson,
];

/** The readers of one console. */
export function readersFor(console: ConsoleId): readonly SiteReader[] {
  return CONSOLE_READERS[console];
}

/** The reader for a URL, if any. */
export function readerFor(url: URL): SiteReader | undefined {
  return SITE_READERS.find((r) => r.matchesUrl(url));
}

export type { ConsoleId, SiteReader, PageRow, PartialView, ReadResult } from './site-reader';
