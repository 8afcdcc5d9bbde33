/**
 * Proves the registry meta-tests can fail: for each of the six kinds, the facts the meta-test reads
 * today (registry-facts.ts) pass, and each planted defect — an unregistered file, a registry entry
 * without its file, a missing or extra doc row, an empty, missing or stray golden/fixture, a test that
 * imports the file but never names the id, a golden test with its own list — is reported as
 * exactly that problem for that subject.
 */
import { describe, expect, it } from 'vitest';
import {
  type Problem,
  type ProblemCode,
  type RegistryFacts,
  REGISTRY_KINDS,
  checkRegistry,
  docTableIds,
  importedModules,
} from './registry-check';
import { registryFacts } from './registry-facts';

const codes = (problems: Problem[]): [string, ProblemCode][] => problems.map((p) => [p.subject, p.code]);

describe('docTableIds', () => {
  const md = [
    '# Title',
    '| `top` | x |',
    '## Readers',
    '| id | what |',
    '|---|---|',
    '| `a` | one |',
    '| `b-c` | two |',
    'text | `not-a-row` |',
    '### Sub',
    '| `d` | deeper |',
    '## Other',
    '| `e` | other |',
  ].join('\n');

  it('reads the "| `<id>` |" rows of one section, its subsections included', () => {
    expect(docTableIds(md, 'Readers')).toEqual(['a', 'b-c', 'd']);
    expect(docTableIds(md, 'Other')).toEqual(['e']);
  });
  it('reads the whole file without a heading, and nothing under a heading that is not there', () => {
    expect(docTableIds(md)).toEqual(['top', 'a', 'b-c', 'd', 'e']);
    expect(docTableIds(md, 'Missing')).toEqual([]);
  });
});

describe('importedModules', () => {
  it('resolves relative static, type-free and dynamic imports against the test file; ignores packages', () => {
    const text = [
      "import { a } from './alpha';",
      "import type { B } from '../beta/index';",
      "import '../../gamma.ts';",
      "const m = await import('./delta');",
      "import { it } from 'vitest';",
    ].join('\n');
    expect(importedModules({ path: 'lib/x/alpha.test.ts', text })).toEqual([
      'lib/x/alpha',
      'lib/beta',
      'gamma',
      'lib/x/delta',
    ]);
  });
});

/** A registry of two entries with everything in order, for the checker's own rules. */
function tidy(): RegistryFacts {
  return {
    registryIds: ['one', 'two'],
    files: ['lib/k/one.ts', 'lib/k/two.ts'],
    fileOf: { one: 'lib/k/one.ts', two: 'lib/k/two.ts' },
    docFile: 'docs/k.md',
    docRows: ['one', 'two'],
    tests: [
      { path: 'lib/k/one.test.ts', text: "import { one } from './one';\none.run();" },
      { path: 'lib/k/two.test.ts', text: "import { helper } from './two';\nexpect(helper('two')).toBe(1);" },
    ],
    names: { one: ['one'], two: ['buildTwo'] },
    fixtures: { one: [{ path: 'f/one/a.json', bytes: 10 }], two: [{ path: 'f/two/a.json', bytes: 3 }] },
    requiredFixtures: { two: ['f/two/a.json'] },
  };
}

describe('checkRegistry rules', () => {
  it('reports nothing when files, tests, fixtures and rows all match the registry', () => {
    expect(checkRegistry('indicator', tidy())).toEqual([]);
  });

  it('reports a duplicate id, a duplicate doc row, and names the kind in every message', () => {
    const f = { ...tidy(), registryIds: ['one', 'two', 'one'], docRows: ['one', 'two', 'two'] };
    const problems = checkRegistry('query language', f);
    expect(codes(problems)).toEqual([
      ['one', 'duplicate-id'],
      ['two', 'duplicate-doc-row'],
    ]);
    for (const p of problems) expect(p.message.startsWith(`query language ${p.subject}: `)).toBe(true);
  });

  it('does not count a test that names the id without importing the file, nor one that imports it without naming it', () => {
    const f = tidy();
    f.tests = [
      { path: 'lib/k/one.test.ts', text: "import { other } from './other';\none.run(); 'one';" },
      { path: 'lib/k/two.test.ts', text: "import { helper } from './two';\nhelper();" },
    ];
    expect(codes(checkRegistry('indicator', f))).toEqual([
      ['one', 'not-exercised'],
      ['two', 'not-exercised'],
    ]);
  });

  it('a name counts only as a whole word', () => {
    const f = tidy();
    f.tests = [f.tests[0]!, { path: 'lib/k/two.test.ts', text: "import { x } from './two';\nbuildTwoMore();" }];
    expect(codes(checkRegistry('indicator', f))).toEqual([['two', 'not-exercised']]);
  });
});

/** The test files with every way of naming `id` (its string, its names) replaced by a planted one. */
function withoutNaming(f: RegistryFacts, id: string): RegistryFacts['tests'] {
  const names = [...(f.names[id] ?? [])].sort((a, b) => b.length - a.length);
  return f.tests.map((t) => {
    let text = t.text;
    for (const n of names)
      text = text.replace(new RegExp(`(?<![\\w$])${n.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), 'plantedName');
    for (const q of ['"', "'", '`']) text = text.split(`${q}${id}${q}`).join(`${q}planted${q}`);
    return { ...t, text };
  });
}

for (const kind of REGISTRY_KINDS) {
  describe(`the ${kind} meta-test fails on a planted defect`, async () => {
    const real = await registryFacts(kind);
    /** A fresh copy of today's facts for each plant. */
    const facts = (): RegistryFacts => structuredClone(real);

    it('passes as the tree is today', () => {
      expect(real.registryIds.length).toBeGreaterThan(0);
      expect(checkRegistry(kind, facts()).map((p) => p.message)).toEqual([]);
    });

    it('reports an unregistered file in the folder', () => {
      const f = facts();
      const file = real.fileOf[real.registryIds[0]!]!;
      const planted = `${file.slice(0, file.lastIndexOf('/'))}/${kind === 'case export' ? 'case-planted' : 'planted'}.ts`;
      f.files = [...f.files, planted];
      expect(codes(checkRegistry(kind, f))).toEqual([[planted, 'unregistered-file']]);
    });

    for (const id of real.registryIds) {
      it(`${id}: reports its file gone, its doc row missing, a doc row nobody registered`, () => {
        const f = facts();
        const file = real.fileOf[id]!;
        f.files = f.files.filter((x) => x !== file);
        const sharing = real.registryIds.filter((o) => real.fileOf[o] === file); // case-servicenow.ts: two exports
        expect(codes(checkRegistry(kind, f))).toEqual(sharing.map((o) => [o, 'missing-file']));

        const g = facts();
        g.docRows = g.docRows.filter((r) => r !== id);
        expect(codes(checkRegistry(kind, g))).toEqual([[id, 'missing-doc-row']]);

        const h = facts();
        h.docRows = [...h.docRows, `${id}-planted`];
        expect(codes(checkRegistry(kind, h))).toEqual([[`${id}-planted`, 'unregistered-doc-row']]);
      });

      it(`${id}: reports an empty golden or fixture, and none at all`, () => {
        const f = facts();
        const [first, ...rest] = f.fixtures[id]!;
        f.fixtures = { ...f.fixtures, [id]: [{ ...first!, bytes: 0 }, ...rest] };
        expect(codes(checkRegistry(kind, f))).toEqual([[id, 'empty-fixture']]);

        const g = facts();
        g.fixtures = { ...g.fixtures, [id]: [] };
        const required = real.requiredFixtures?.[id] ?? [];
        expect(codes(checkRegistry(kind, g))).toEqual([
          [id, 'no-fixture'],
          ...required.map((): [string, ProblemCode] => [id, 'missing-fixture']),
        ]);
      });

      it(`${id}: reports it unexercised when the tests that import its file never name it`, () => {
        const f = facts();
        f.tests = withoutNaming(f, id);
        expect(codes(checkRegistry(kind, f)).filter(([s]) => s === id)).toEqual([[id, 'not-exercised']]);
      });
    }

    if (real.fixtureFolder) {
      const { path } = real.fixtureFolder;
      it(`reports a file in ${path} that no registered id needs`, () => {
        const f = facts();
        const stray = `${path}/case-removed.sample.md`;
        f.fixtureFolder = { path, files: [...f.fixtureFolder!.files, stray] };
        expect(codes(checkRegistry(kind, f))).toEqual([[stray, 'stray-fixture']]);
      });
    }

    if (real.iteratedBy) {
      const { test, registryName } = real.iteratedBy;
      it(`reports a ${test.path} that lists the ids instead of iterating ${registryName}`, () => {
        const f = facts();
        const list = real.registryIds.map((x) => `'${x}'`).join(', ');
        f.iteratedBy = { registryName, test: { path: test.path, text: `for (const id of [${list}]) render(id);` } };
        expect(codes(checkRegistry(kind, f))).toEqual([
          [test.path, 'registry-not-iterated'],
          [test.path, 'hard-coded-list'],
        ]);
      });
    }
  });
}
