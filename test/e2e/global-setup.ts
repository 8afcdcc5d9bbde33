/** Vitest globalSetup for the browser tests: builds the extension and every replica once per run, into a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAll } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the extension (`extension/`) and the replicas (one directory per reader id) were built. */
    buildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'token-triage-e2e-'));
  await buildAll(dir);
  project.provide('buildDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
