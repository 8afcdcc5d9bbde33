/**
 * One oversized field, chosen by whoever wrote the log, must never block a case or an export
 * (issue "Trust", item 1: a 2,100-character user agent made openCase throw). Every string field
 * of a real record of every source is blown up in turn, read through the same path as a page
 * or an import, opened as a case for every subject, and rendered in every export format.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseRecords } from '../analysis/analyse';
import { CaseSchema, type CaseSubject } from '../model/case';
import { openCase } from '../playbook/open-case';
import { containmentPlan } from '../playbook/containment';
import { CASE_EXPORTS } from './case-exports';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

/** A few raw records of every source format (JSON and NDJSON fixtures). */
function sampleRecords(): { format: string; record: unknown }[] {
  const out: { format: string; record: unknown }[] = [];
  for (const format of readdirSync(FIXTURES)) {
    const file = readdirSync(join(FIXTURES, format))
      .filter((f) => /\.(ndjson|json)$/.test(f))
      .sort()[0];
    if (!file) continue;
    const text = readFileSync(join(FIXTURES, format, file), 'utf8').replace(/^\uFEFF/, '');
    let records: unknown[];
    if (file.endsWith('.ndjson'))
      records = text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as unknown);
    else {
      const doc = JSON.parse(text) as unknown;
      const inner =
        doc && typeof doc === 'object' && !Array.isArray(doc)
          ? Object.values(doc as Record<string, unknown>).find(
              (v) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object',
            )
          : undefined;
      records = Array.isArray(doc) ? doc : Array.isArray(inner) ? inner : [doc];
    }
    out.push({ format, record: records[0] });
  }
  return out;
}

/** Every path to a string leaf of a JSON value. */
function stringPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
  return [];
}

function withValue(record: unknown, path: (string | number)[], value: (old: string) => string): unknown {
  const copy = structuredClone(record) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  node[last] = value(node[last] as string);
  return copy;
}

/** Opens a case for every subject of the analysis (or the input-wide one) and, unless told not to, renders every export. */
function caseAndExports(records: unknown[], exports = true): number {
  const analysis = analyseRecords(records.map((value, i) => ({ value, ref: `oversized:${i + 1}` })));
  const subjects: CaseSubject[] = analysis.subjects.length
    ? analysis.subjects.map((s) => ({ kind: s.kind, id: s.id }))
    : [{ kind: 'other', id: 'input' }];
  let rendered = 0;
  for (const subject of subjects) {
    const c = openCase({
      id: 'case-big',
      analysis,
      subject,
      source: { kind: 'import', label: 'x'.repeat(5_000) },
      analyst: 'A'.repeat(3_000),
      now: 1,
    });
    expect(CaseSchema.safeParse(c).success).toBe(true);
    rendered += 1;
    if (!exports) continue;
    const containment = containmentPlan(c).flatMap((p) => p.actions);
    for (const fmt of CASE_EXPORTS) {
      expect(typeof fmt.render({ case: c, notes: [], containment, exportedAt: 1 })).toBe('string');
      rendered += 1;
    }
  }
  return rendered;
}

describe('oversized fields never block a case or an export', () => {
  const samples = sampleRecords();

  it('has a sample record of every source format', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
  });

  for (const { format, record } of samples) {
    it(`${format}: a case opens with every string field over its limit, one at a time; with all of them at 100 KB it exports in every format`, () => {
      const paths = stringPaths(record);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        const big = withValue(record, path, (old) => `${old} ${'A'.repeat(4_100)}`);
        expect(caseAndExports([record, big], false), `${format} ${path.join('.')}`).toBeGreaterThan(0);
      }
      let all = record;
      for (const path of paths) all = withValue(all, path, (old) => `${old} ${'B'.repeat(100_000)}`);
      expect(caseAndExports([record, all])).toBeGreaterThan(0);
    });
  }

  it('any oversized text in any field of any source (fast-check)', () => {
    const arb = fc.constantFrom(...samples).chain(({ record }) =>
      fc.record({
        record: fc.constant(record),
        path: fc.constantFrom(...stringPaths(record)),
        text: fc.string({ unit: 'binary', minLength: 2_100, maxLength: 6_000 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ record, path, text }) => {
        caseAndExports([withValue(record, path, () => text)]);
      }),
      { numRuns: 30 },
    );
  });
});
