/**
 * Records of test/fixtures and the shared corpus for format tests, split by the product's own
 * container reader, and
 * `parseOneWith` / `parseAllWith`: detect, parse, check every event against the schema.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { RawRecord } from '../../lib/model/fields';
import { TokenEventSchema, type TokenEvent } from '../../lib/model/token-event';
import type { SourceFormat } from '../../lib/sources/source-format';
import { CORPUS } from './shared-material';
import { splitRecordsText } from '../../lib/sources/containers/read-records';

const ROOT = resolve(import.meta.dirname, '../..');
/** test/fixtures: one folder per source format (the registry meta-test holds them to the formats). */
export const FIXTURES = join(ROOT, 'test/fixtures');

/**
 * The records of a file, split by the product's own container reader
 * (lib/sources/containers/read-records.ts `splitRecordsText`: BOM, NDJSON lines and wrapper
 * lines, JSON arrays and wrappers, one pretty object, CSV with its column names), so a fixture
 * reaches a format's test exactly as the file reaches the format in the CLI and the extension.
 * A part the reader rejects fails the test that loads it.
 */
export function loadRecordsFile(file: string): RawRecord[] {
  const out: RawRecord[] = [];
  splitRecordsText(readFileSync(file, 'utf8'), basename(file), (item) => {
    if (!item.ok) throw new Error(`${file}: ${item.ref}: ${item.reason}`);
    out.push(item.value as RawRecord);
  });
  return out;
}

/** One fixture file (path under test/fixtures) as records. */
export const loadFixture = (rel: string): RawRecord[] => loadRecordsFile(join(FIXTURES, rel));

/** Every record of every file in a fixture folder (e.g. `entra-signin`). */
export function fixtureRecords(dir: string): RawRecord[] {
  return readdirSync(join(FIXTURES, dir)).flatMap((f) => loadFixture(`${dir}/${f}`));
}

/** A corpus file (path under the corpus) as records. */
export const corpusRecords = (rel: string): RawRecord[] => loadRecordsFile(join(CORPUS, rel));

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
