/**
 * The engine's whole report, byte for byte, on every corpus file, the demo files and the format
 * fixtures (issue 12: the engine's shape may change for speed and memory, its findings may not).
 * Each file is scanned as `token-triage scan --json FILE` scans it: the same Collector, the full
 * offline IP data, the report as JSON; the report is compared with its golden in
 * `__golden__/reports/`. A change that moves any finding, detail, count or rejection fails here
 * with the file's name; a change meant to move them updates the goldens (`npx vitest run
 * test/corpus/report-golden.test.ts -u`) and says why in its commit.
 *
 * The corpus part needs ../shared beside the checkout and is skipped when it is absent; the demo
 * and fixture part always runs. The reports carry no timing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../lib/analysis/analyse';
import { toScanJson } from '../../lib/export/scan-json';
import type { IntelProvider } from '../../lib/intel/intel-provider';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import { chunksOf } from '../../lib/sources/containers/read-records';
import { readFileInto } from '../../lib/sources/read-events';
import { CORPUS, HAS_CORPUS } from '../support/shared-material';
import { corpusFiles } from './corpus-support';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(import.meta.dirname, '__golden__', 'reports');

function repoFiles(): string[] {
  const out = readdirSync(join(ROOT, 'demo'))
    .filter((f) => /\.(json|ndjson)$/.test(f))
    .map((f) => join(ROOT, 'demo', f));
  // store/ holds the extension's backups, not logs.
  for (const f of readdirSync(join(ROOT, 'test', 'fixtures'), { recursive: true, withFileTypes: true })) {
    const path = join(f.parentPath, f.name);
    if (f.isFile() && !relative(ROOT, path).startsWith(join('test', 'fixtures', 'store'))) out.push(path);
  }
  return out.sort();
}

/** `scan --json FILE`, as cli/scan.ts runs it. */
async function reportOf(file: string, intel: IntelProvider): Promise<string> {
  const collector = new Collector({}, 'event');
  await readFileInto(collector.router, chunksOf(readFileSync(file)), basename(file));
  const { result } = collector.judge({ intel });
  return JSON.stringify(toScanJson(result, collector.router.stats, collector.rejected), null, 1) + '\n';
}

const goldenName = (rel: string): string => rel.replace(/[\\/]/g, '__') + '.json';

let intel: IntelProvider;
beforeAll(async () => {
  intel = await loadOfflineIntel();
}, 60_000);

describe('the report on every demo file and format fixture is unchanged', () => {
  for (const file of repoFiles()) {
    const rel = relative(ROOT, file);
    it(rel, async () => {
      await expect(await reportOf(file, intel)).toMatchFileSnapshot(join(GOLDEN, 'repo', goldenName(rel)));
    });
  }
});

describe.skipIf(!HAS_CORPUS)(`the report on every corpus file at ${CORPUS} is unchanged`, () => {
  for (const file of corpusFiles()) {
    const rel = relative(CORPUS, file);
    it(rel, async () => {
      await expect(await reportOf(file, intel)).toMatchFileSnapshot(join(GOLDEN, 'corpus', goldenName(rel)));
    });
  }
});
