/**
 * Reads the shared public corpus (../shared/corpus) in place — never copied into the project.
 * When the folder is absent the corpus suites say so and skip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TokenEvent } from '../../lib/model/token-event';
import { RecordRouter, type Rejection, readFileInto, type ReadStats } from '../../lib/sources/read-events';
import { chunksOf } from '../../lib/sources/containers/read-records';

import { CORPUS, HAS_CORPUS } from '../support/shared-material';
if (!HAS_CORPUS) console.warn(`corpus suite skipped: ${CORPUS} not found`);

export function corpusFiles(): string[] {
  if (!HAS_CORPUS) return [];
  const out: string[] = [];
  for (const dir of readdirSync(CORPUS, { withFileTypes: true })) {
    // sessions/ holds whole sessions, one folder each, with their own suite (test/sessions).
    if (!dir.isDirectory() || dir.name === 'sessions') continue;
    for (const f of readdirSync(join(CORPUS, dir.name), { withFileTypes: true })) {
      if (f.isFile() && !f.name.endsWith('.labels.ndjson')) out.push(join(CORPUS, dir.name, f.name));
    }
  }
  return out.sort();
}

export interface FileScan {
  file: string;
  events: TokenEvent[];
  /** Events per record line/index, in file order (a record may give several events or none). */
  byRef: Map<string, TokenEvent[]>;
  rejections: Rejection[];
  stats: ReadStats;
}

export async function scanFile(file: string): Promise<FileScan> {
  const events: TokenEvent[] = [];
  const byRef = new Map<string, TokenEvent[]>();
  const rejections: Rejection[] = [];
  const router = new RecordRouter({
    onEvent: (e) => {
      events.push(e);
      const ref = e.ref ?? '';
      const arr = byRef.get(ref);
      if (arr) arr.push(e);
      else byRef.set(ref, [e]);
    },
    onReject: (r) => rejections.push(r),
  });
  const name = relative(CORPUS, file);
  await readFileInto(router, chunksOf(readFileSync(file)), name);
  return { file: name, events, byRef, rejections, stats: router.stats };
}

export interface PantherLabel {
  rule_id: string;
  test_name: string;
  uses_mocks: boolean;
  t1550_001_candidate: boolean;
  t1550_001_strict: boolean;
  rule_expected_alert: boolean;
}

export function pantherLabels(eventsFile: string): PantherLabel[] {
  const labels = eventsFile.replace('.events.ndjson', '.labels.ndjson');
  return readFileSync(labels, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PantherLabel);
}
