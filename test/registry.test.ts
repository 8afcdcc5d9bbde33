/**
 * Meta-test (refined-github's features.test.ts, for formats and indicators): everything that
 * varies is registered, tested, has a fixture and is documented, and nothing unregistered hides
 * in the folders.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_FORMATS } from '../lib/sources';
import { INDICATORS } from '../lib/engine/indicators';
import { INDICATOR_IDS } from '../lib/engine/types';

const root = join(import.meta.dirname, '..');
const doc = (name: string): string => readFileSync(join(root, 'docs', name), 'utf8');
const formatsDoc = doc('formats.md');
const indicatorsDoc = doc('indicators.md');
const exportsDoc = doc('exports.md');
const design = readFileSync(join(root, 'lib', 'model', 'README.md'), 'utf8');

describe('source format registry', () => {
  const formatDir = join(root, 'lib', 'sources', 'formats');
  const files = readdirSync(formatDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it('registers every format file exactly once, under the file name as its id', () => {
    expect(SOURCE_FORMATS.map((f) => f.id).sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
    expect(new Set(SOURCE_FORMATS.map((f) => f.id)).size).toBe(SOURCE_FORMATS.length);
  });

  for (const f of SOURCE_FORMATS) {
    it(`${f.id}: has tests, a fixture folder, a header comment and a README line`, () => {
      expect(existsSync(join(formatDir, `${f.id}.test.ts`))).toBe(true);
      const fixtures = join(root, 'test', 'fixtures', f.id);
      expect(existsSync(fixtures) && readdirSync(fixtures).length > 0, `test/fixtures/${f.id}/`).toBe(true);
      expect(readFileSync(join(formatDir, `${f.id}.ts`), 'utf8')).toMatch(/^\/\*\*/);
      expect(formatsDoc).toContain(`| \`${f.id}\` |`);
    });
  }
});

describe('indicator registry', () => {
  const dir = join(root, 'lib', 'engine', 'indicators');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');

  it('registers exactly the eighteen indicators of DESIGN.md, each from its own file', () => {
    expect(INDICATORS.map((i) => i.id)).toEqual([...INDICATOR_IDS]);
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...INDICATOR_IDS].sort());
  });

  for (const ind of INDICATORS) {
    it(`${ind.id}: has tests, a header comment, defaults for every setting and a README line`, () => {
      expect(existsSync(join(dir, `${ind.id}.test.ts`))).toBe(true);
      expect(readFileSync(join(dir, `${ind.id}.ts`), 'utf8')).toMatch(/^\/\*\*/);
      expect(() => ind.settings.parse({})).not.toThrow();
      expect(indicatorsDoc).toContain(`| \`${ind.id}\` |`);
    });
  }

  it('documents the details keys sources fill in one place', () => {
    expect(design).toContain('`details` keys');
  });
});

describe('case export and containment registries', () => {
  const exportDir = join(root, 'lib', 'export');
  const exportFiles = readdirSync(exportDir).filter((f) => /^case-.+\.ts$/.test(f) && !f.endsWith('.test.ts'));

  it('every case export format has its file, a golden file per test case, and a README mention', async () => {
    const { CASE_EXPORTS } = await import('../lib/export/case-exports');
    const goldens = readdirSync(join(exportDir, '__golden__'));
    for (const f of CASE_EXPORTS) {
      expect(goldens.filter((g) => g.startsWith(`case-${f.id}.`)), f.id).toHaveLength(2); // sample + hostile
    }
    for (const f of CASE_EXPORTS) expect(exportsDoc).toContain(`| \`${f.id}\` |`);
    for (const file of exportFiles) expect(readFileSync(join(exportDir, file), 'utf8'), file).toMatch(/^\/\*\*/);
  });

  it('every containment provider has its file, its test and a README mention', async () => {
    const { CONTAINMENT_BUILDERS } = await import('../lib/playbook/containment');
    const dir = join(root, 'lib', 'playbook', 'containment');
    for (const [id, { label }] of Object.entries(CONTAINMENT_BUILDERS)) {
      expect(existsSync(join(dir, `${id}.ts`)) && existsSync(join(dir, `${id}.test.ts`)), id).toBe(true);
      expect(readFileSync(join(dir, `${id}.ts`), 'utf8')).toMatch(/^\/\*\*/);
      expect(exportsDoc).toContain(`| \`${id}\` | ${label} |`);
    }
  });
});
