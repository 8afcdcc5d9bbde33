/**
 * Builds the gcp-logs-explorer replica into `outDir`: a static page (no bundling needed: the rows are in
 * the HTML, like the console's server-rendered or hydrated DOM), copied as it is. The e2e test
 * serves `outDir/index.html` with Playwright `context.route()` on the console's real hostname.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function buildReplica(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await copyFile(join(import.meta.dirname, 'index.html'), join(outDir, 'index.html'));
}
