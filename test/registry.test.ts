/**
 * Registry meta-tests (refined-github's features.test.ts): for every kind of thing that varies —
 * source formats, indicators, site readers, case exports, containment providers, query languages —
 * the folder's files equal the registry, each id is exercised by a test that imports its file and
 * names it, each has its fixture or golden files (none empty), and each has exactly one row in its
 * docs table, with no row for an unregistered id (test/support/registry-check.ts; that each of
 * these fails on a planted defect is shown in test/support/registry-check.test.ts). Plus what is
 * particular to a kind: header comments, setting defaults, the catalogue of indicator ids.
 * The readers' URL and content-script checks are in test/sites-registry.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../lib/engine/indicators';
import { INDICATOR_IDS } from '../lib/engine/types';
import { REGISTRY_KINDS, checkRegistry } from './support/registry-check';
import { ROOT, registryFacts } from './support/registry-facts';

const startsWithHeaderComment = (file: string): boolean => /^\/\*\*/.test(readFileSync(join(ROOT, file), 'utf8'));

for (const kind of REGISTRY_KINDS) {
  describe(`${kind} registry`, async () => {
    const facts = await registryFacts(kind);

    it('files = registry; each id exercised by a test, with its fixtures or goldens and its docs row', () => {
      expect(facts.registryIds.length).toBeGreaterThan(0);
      expect(checkRegistry(kind, facts).map((p) => p.message)).toEqual([]);
    });

    it('every entry file starts with a header comment', () => {
      for (const file of facts.files) expect(startsWithHeaderComment(file), file).toBe(true);
    });
  });
}

describe('case export files', () => {
  it('every case-*.ts of lib/export, helpers included, starts with a header comment', () => {
    const files = readdirSync(join(ROOT, 'lib', 'export')).filter(
      (f) => /^case-.+\.ts$/.test(f) && !f.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(startsWithHeaderComment(`lib/export/${f}`), f).toBe(true);
  });
});

describe('indicator registry, in particular', () => {
  it('registers exactly the eighteen indicators of the catalogue, in its order', () => {
    expect(INDICATORS.map((i) => i.id)).toEqual([...INDICATOR_IDS]);
  });

  for (const ind of INDICATORS) {
    it(`${ind.id}: every setting has a default`, () => {
      expect(() => ind.settings.parse({})).not.toThrow();
    });
  }

  it('documents the details keys sources fill in one place', () => {
    expect(readFileSync(join(ROOT, 'lib', 'model', 'README.md'), 'utf8')).toContain('`details` keys');
  });
});
