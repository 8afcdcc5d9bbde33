/**
 * Builds the workspace-audit replica into `outDir`: static pages, copied as they are (no bundling
 * needed: the rows are in the HTML). index.html is the token (OAuth) audit, login.html the login
 * audit. The e2e test serves them with Playwright `context.route()` on admin.google.com.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function buildReplica(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const page of ['index.html', 'login.html']) await copyFile(join(import.meta.dirname, page), join(outDir, page));
}
