/**
 * Records of test/fixtures and the shared corpus for format tests, split the way the container
 * layer hands them over (BOM stripped, `{value|records:[…]}` unwrapped, NDJSON and CSV split), and
 * `parseOneWith` / `parseAllWith`: detect, parse, check every event against the schema.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { expect } from 'vitest';
import type { RawRecord } from '../../lib/model/fields';
import { TokenEventSchema, type TokenEvent } from '../../lib/model/token-event';
import type { SourceFormat } from '../../lib/sources/source-format';

const ROOT = resolve(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures');
/** The shared corpus beside the checkout; tests over it skip when it is absent. */
export const CORPUS = resolve(ROOT, '../shared/corpus');

/** One fixture file (path under test/fixtures) as records. */
export function loadFixture(rel: string): RawRecord[] {
  const text = readFileSync(join(FIX, rel), 'utf8').replace(/^\uFEFF/, '');
  if (rel.endsWith('.csv')) return Papa.parse<RawRecord>(text, { header: true, skipEmptyLines: 'greedy' }).data;
  if (rel.endsWith('.ndjson')) return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RawRecord);
  const doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) return doc as RawRecord[];
  const d = doc as Record<string, unknown>;
  return (Array.isArray(d.value) ? d.value : Array.isArray(d.records) ? d.records : [d]) as RawRecord[];
}

/** Every record of every file in a fixture folder (e.g. `entra-signin`). */
export function fixtureRecords(dir: string): RawRecord[] {
  return readdirSync(join(FIX, dir)).flatMap((f) => loadFixture(`${dir}/${f}`));
}

/** A corpus file (path under the corpus) holding one JSON array. */
export function corpusJson(rel: string): RawRecord[] {
  return JSON.parse(readFileSync(join(CORPUS, rel), 'utf8').replace(/^\uFEFF/, '')) as RawRecord[];
}

/** A corpus NDJSON file, one record a line. */
export function corpusNdjson(rel: string): RawRecord[] {
  return readFileSync(join(CORPUS, rel), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RawRecord);
}

/**
 * A file by its content, as the Okta, Workspace and GitHub tests name them (absolute path): CSV by
 * extension, a JSON array, one JSON object (`.json`, `.raw`), else NDJSON.
 */
export function loadRecordsFile(file: string): RawRecord[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.endsWith('.csv')) return Papa.parse<RawRecord>(text, { header: true, skipEmptyLines: 'greedy' }).data;
  const t = text.trim();
  if (t.startsWith('[')) return JSON.parse(t) as RawRecord[];
  if (file.endsWith('.json') || file.endsWith('.raw')) return [JSON.parse(t) as RawRecord];
  return t.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RawRecord);
}

/** `fmt` claims every record and reads each to schema-valid events; refs are `<name>:<line>`. */
export function parseAllWith(fmt: SourceFormat, recs: RawRecord[], name: string): TokenEvent[] {
  return recs.flatMap((r, i) => {
    expect(fmt.detect(r), `${name}:${i + 1} detect`).toBe(true);
    const res = fmt.parse(r, { ref: `${name}:${i + 1}` });
    if (!res.ok) throw new Error(`${name}:${i + 1}: ${res.reason}`);
    return res.events.map((e) => TokenEventSchema.parse(e));
  });
}

/** The SourceFormat contract on one record: detect answers a boolean; parse gives schema-valid events or a reason. */
export function expectContractHolds(fmt: SourceFormat, rec: RawRecord): void {
  expect(typeof fmt.detect(rec)).toBe('boolean');
  const res = fmt.parse(rec, { ref: 'fc' });
  if (res.ok) for (const e of res.events) TokenEventSchema.parse(e);
  else expect(res.reason.length).toBeGreaterThan(0);
}

/** `fmt` claims the record and reads it as exactly one schema-valid event. */
export function parseOneWith(fmt: SourceFormat, rec: RawRecord, ref = 'test#0'): TokenEvent {
  expect(fmt.detect(rec)).toBe(true);
  const res = fmt.parse(rec, { ref });
  if (!res.ok) throw new Error(res.reason);
  expect(res.events).toHaveLength(1);
  return TokenEventSchema.parse(res.events[0]);
}
