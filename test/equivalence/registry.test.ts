/**
 * Every replica page has its reader-equivalence case (issue 13: "every replica passes reader
 * equivalence"): a new replica, a new reader with a page, or a new grid variant of a replica
 * without a case in ./cases.ts and a test that runs it fails here.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_READERS } from '../../lib/sites/index';
import { EQUIVALENCE_CASES } from './cases';

const replicas = join(import.meta.dirname, '..', 'replicas');
const dirs = readdirSync(replicas)
  .filter((d) => statSync(join(replicas, d)).isDirectory())
  .sort();
/** Readers with no page of their own (the context menu's selected JSON). */
const PAGELESS = new Set(['selected-json']);

/** The grid designs a replica's sources can render (`grid?: 'v8' | 'v9'`). */
function variantsOf(dir: string): string[] {
  const out = new Set<string>();
  for (const f of readdirSync(join(replicas, dir)).filter((n) => /\.(tsx?|html)$/.test(n))) {
    const m = /\bgrid\?: ((?:'[a-z0-9]+'(?: \| )?)+)/.exec(readFileSync(join(replicas, dir, f), 'utf8'));
    if (m) for (const v of m[1]!.matchAll(/'([a-z0-9]+)'/g)) out.add(v[1]!);
  }
  return [...out].sort();
}

describe('reader equivalence registry', () => {
  it('has a case for every replica folder, and no case without one', () => {
    expect(dirs.length).toBeGreaterThan(0);
    expect([...new Set(EQUIVALENCE_CASES.map((c) => c.replica))].sort()).toEqual(dirs);
  });

  it('has a case for every reader that reads a page', () => {
    const readers = SITE_READERS.filter((r) => !PAGELESS.has(r.id))
      .map((r) => r.id)
      .sort();
    expect([...new Set(EQUIVALENCE_CASES.map((c) => c.reader))].sort()).toEqual(readers);
  });

  it.each(EQUIVALENCE_CASES.map((c) => [c.replica, c] as const))(
    '%s: compares every grid variant the replica renders, in its test file',
    (_, c) => {
      expect([...c.variants].sort()).toEqual(variantsOf(c.replica));
      const file = join(import.meta.dirname, c.file);
      expect(existsSync(file), c.file).toBe(true);
      const src = readFileSync(file, 'utf8');
      // The file reads the page with the reader and compares it with an export.
      expect(src).toContain(`from '../../lib/sites/readers/${c.reader}'`);
      expect(src).toMatch(/readPage\(/);
      expect(src).toMatch(/readExport\(/);
      for (const v of c.variants) expect(src).toContain(`'${v}'`);
    },
  );
});
