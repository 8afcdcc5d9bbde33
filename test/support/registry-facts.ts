/**
 * Reads what the registry meta-tests check, for each kind of registered thing: the registry's ids
 * (imported, never listed here), the folder's entry files, the tests beside them, each entry's
 * fixtures or golden files, and the ids of its table in docs/. Node-only test support; the check
 * itself is the pure test/support/registry-check.ts.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SOURCE_FORMATS } from '../../lib/sources';
import { INDICATORS } from '../../lib/engine/indicators';
import { SITE_READERS } from '../../lib/sites/index';
import { CASE_EXPORTS } from '../../lib/export/case-exports';
import { CONTAINMENT_BUILDERS } from '../../lib/playbook/containment';
import { QUERY_LANGUAGES } from '../../lib/queries';
import { CASE_GOLDEN_INPUTS, goldenFile } from './case-goldens';
import {
  docTableIds,
  type FixtureFile,
  type RegistryFacts,
  type RegistryKind,
  type SourceFile,
} from './registry-check';

export const ROOT = join(import.meta.dirname, '..', '..');

const rel = (abs: string): string => relative(ROOT, abs).split(sep).join('/');
const read = (path: string): SourceFile => ({ path, text: readFileSync(join(ROOT, path), 'utf8') });
const isTest = (f: string): boolean => /\.test\.tsx?$/.test(f);

/** The .ts files directly in a folder (no tests, none of `support`), relative to the root. */
function entryFiles(dir: string, support: readonly string[] = [], pattern = /\.tsx?$/): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter(
      (d) => d.isFile() && pattern.test(d.name) && !isTest(d.name) && !support.includes(d.name.replace(/\.tsx?$/, '')),
    )
    .map((d) => `${dir}/${d.name}`)
    .sort();
}

/** The test files directly in a folder. */
function testFiles(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir))
    .filter(isTest)
    .sort()
    .map((f) => read(`${dir}/${f}`));
}

/** Every file under a folder (recursively), with its size; none when the folder is missing. */
function filesUnder(dir: string): FixtureFile[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .map((f) => join(abs, f))
    .filter((f) => statSync(f).isFile())
    .sort()
    .map((f) => ({ path: rel(f), bytes: statSync(f).size }));
}

const fileFacts = (path: string): FixtureFile[] =>
  existsSync(join(ROOT, path)) ? [{ path, bytes: statSync(join(ROOT, path)).size }] : [];

/**
 * The names a test may use to exercise a registered entry: the module's exports that are the
 * entry, one of its functions, or a function one of them calls (a builder behind `build`).
 */
async function exerciseNames(entry: object, file: string): Promise<string[]> {
  if (!existsSync(join(ROOT, file))) return [];
  const mod = (await import(join(ROOT, file))) as Record<string, unknown>;
  const fns = [entry, ...Object.values(entry)].filter(
    (v): v is (...a: unknown[]) => unknown => typeof v === 'function',
  );
  return Object.entries(mod)
    .filter(
      ([name, v]) =>
        v === entry ||
        (typeof v === 'function' &&
          fns.some((f) => f === v || new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(String(f)))),
    )
    .map(([name]) => name);
}

async function byId<T>(ids: readonly string[], f: (id: string) => T | Promise<T>): Promise<Record<string, T>> {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await f(id)] as const)));
}

const doc = (file: string, heading: string): { docFile: string; docRows: string[] } => ({
  docFile: file,
  docRows: docTableIds(readFileSync(join(ROOT, file), 'utf8'), heading),
});

/** One entry per id: `<dir>/<id>.ts`, its tests in the folder, the names that exercise it. */
async function conventional(
  dir: string,
  entries: readonly { id: string; entry: object }[],
  support: readonly string[] = [],
): Promise<Pick<RegistryFacts, 'registryIds' | 'files' | 'fileOf' | 'tests' | 'names'>> {
  const registryIds = entries.map((e) => e.id);
  const fileOf = Object.fromEntries(registryIds.map((id) => [id, `${dir}/${id}.ts`]));
  const names = await byId(registryIds, (id) => exerciseNames(entries.find((e) => e.id === id)!.entry, fileOf[id]!));
  return { registryIds, files: entryFiles(dir, support), fileOf, tests: testFiles(dir), names };
}

const ownTest = (dir: string) => (id: string) => fileFacts(`${dir}/${id}.test.ts`);

export async function registryFacts(kind: RegistryKind): Promise<RegistryFacts> {
  switch (kind) {
    case 'source format': {
      const dir = 'lib/sources/formats';
      const base = await conventional(
        dir,
        SOURCE_FORMATS.map((f) => ({ id: f.id, entry: f })),
      );
      return {
        ...base,
        fixtures: await byId(base.registryIds, (id) => filesUnder(`test/fixtures/${id}`)),
        ...doc('docs/formats.md', 'Log formats'),
      };
    }
    case 'indicator': {
      const dir = 'lib/engine/indicators';
      const base = await conventional(
        dir,
        INDICATORS.map((i) => ({ id: i.id, entry: i })),
        ['index'],
      );
      return {
        ...base,
        fixtures: await byId(base.registryIds, ownTest(dir)),
        ...doc('docs/indicators.md', 'Indicators'),
      };
    }
    case 'site reader': {
      const dir = 'lib/sites/readers';
      const base = await conventional(
        dir,
        SITE_READERS.map((r) => ({ id: r.id, entry: r })),
      );
      // A reader with a page has its replica console; the context-menu reader (no page) has its test.
      const paged = (id: string): boolean => SITE_READERS.find((r) => r.id === id)!.matches.length > 0;
      const fixtures = await byId(base.registryIds, (id) =>
        paged(id) ? filesUnder(`test/replicas/${id}`) : ownTest(dir)(id),
      );
      const requiredFixtures = await byId(base.registryIds, (id) =>
        paged(id) ? [`test/replicas/${id}/README.md`, `test/replicas/${id}/build.ts`] : [`${dir}/${id}.test.ts`],
      );
      return { ...base, fixtures, requiredFixtures, ...doc('docs/extension.md', 'Page readers') };
    }
    case 'case export': {
      const dir = 'lib/export';
      // case-<format>.ts holds the export <format> and any <format>-<variant> (case-servicenow.ts: both ServiceNow exports).
      const files = entryFiles(
        dir,
        ['case-document', 'case-exports', 'case-observables', 'case-text'],
        /^case-.+\.tsx?$/,
      );
      const registryIds = CASE_EXPORTS.map((f) => f.id);
      const fileOf = Object.fromEntries(
        CASE_EXPORTS.map((f) => {
          const own = files
            .filter((file) => {
              const stem = file.slice(`${dir}/case-`.length).replace(/\.tsx?$/, '');
              return f.id === stem || f.id.startsWith(`${stem}-`);
            })
            .sort((a, b) => b.length - a.length)[0];
          return [f.id, own ?? `${dir}/case-${f.id}.ts`];
        }),
      );
      const names = await byId(registryIds, (id) =>
        exerciseNames(
          CASE_EXPORTS.find((f) => f.id === id)!,
          fileOf[id]!,
        ),
      );
      const goldens = filesUnder(`${dir}/__golden__`);
      const fixtures = await byId(registryIds, (id) =>
        goldens.filter((g) => g.path.startsWith(`${dir}/__golden__/case-${id}.`)),
      );
      const requiredFixtures = await byId(registryIds, (id) => {
        const ext = CASE_EXPORTS.find((f) => f.id === id)!.fileExtension;
        return Object.keys(CASE_GOLDEN_INPUTS).map((c) => `${dir}/${goldenFile(id, c, ext)}`);
      });
      return {
        registryIds,
        files,
        fileOf,
        tests: testFiles(dir),
        names,
        fixtures,
        requiredFixtures,
        fixtureFolder: { path: `${dir}/__golden__`, files: goldens.map((g) => g.path) },
        iteratedBy: { test: read(`${dir}/case-golden.test.ts`), registryName: 'CASE_EXPORTS' },
        ...doc('docs/exports.md', 'Case exports'),
      };
    }
    case 'containment provider': {
      const dir = 'lib/playbook/containment';
      const entries = Object.entries(CONTAINMENT_BUILDERS).map(([id, entry]) => ({ id, entry }));
      const base = await conventional(dir, entries, ['index', 'shared', 'types']);
      return {
        ...base,
        fixtures: await byId(base.registryIds, ownTest(dir)),
        ...doc('docs/exports.md', 'Containment providers'),
      };
    }
    case 'query language': {
      const dir = 'lib/queries';
      const base = await conventional(
        dir,
        QUERY_LANGUAGES.map((l) => ({ id: l.id, entry: l })),
        ['index', 'scope', 'cloudtrail-select'],
      );
      return {
        ...base,
        fixtures: await byId(base.registryIds, ownTest(dir)),
        iteratedBy: { test: read(`${dir}/index.test.ts`), registryName: 'QUERY_LANGUAGES' },
        ...doc('docs/exports.md', 'Scope queries'),
      };
    }
  }
}
