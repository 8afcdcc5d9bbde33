/**
 * The one check behind every registry meta-test (source formats, indicators, site readers, case
 * exports, containment providers, query languages). Pure: it is given what the folder, the
 * registry, the tests, the fixtures and the docs hold (test/support/registry-facts.ts reads them)
 * and returns every problem, so registry-check.test.ts can plant an unregistered file, a missing
 * doc row, an empty golden or a test that never names its id and see each one reported.
 */
import { posix } from 'node:path';

export type RegistryKind =
  'source format' | 'indicator' | 'site reader' | 'case export' | 'containment provider' | 'query language';

export const REGISTRY_KINDS: readonly RegistryKind[] = [
  'source format',
  'indicator',
  'site reader',
  'case export',
  'containment provider',
  'query language',
];

/** A file with its text; paths are relative to the repository root, with `/`. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A fixture or golden file and its size. */
export interface FixtureFile {
  path: string;
  bytes: number;
}

export interface RegistryFacts {
  /** The registry's ids, in registry order (duplicates kept, so they can be reported). */
  registryIds: readonly string[];
  /** The folder's entry files (support files already left out). */
  files: readonly string[];
  /** The entry file of each registered id. */
  fileOf: Readonly<Record<string, string>>;
  /** The docs file whose table lists the entries, and the ids of that table's rows, in order. */
  docFile: string;
  docRows: readonly string[];
  /** The test files that may exercise an entry. */
  tests: readonly SourceFile[];
  /** Per id, the identifiers that show a test importing its file exercises it (besides the id as a string). */
  names: Readonly<Record<string, readonly string[]>>;
  /** Per id, its fixture or golden files (may be empty: that is a problem). */
  fixtures: Readonly<Record<string, readonly FixtureFile[]>>;
  /** Per id, fixture paths that must be among its fixtures (a golden file per test case). */
  requiredFixtures?: Readonly<Record<string, readonly string[]>>;
  /** A folder each of whose files must be a required fixture of some id (goldens: none left from a removed export or case). */
  fixtureFolder?: { path: string; files: readonly string[] };
  /** A test that must exercise the whole registry by iterating it, never a list of ids. */
  iteratedBy?: { test: SourceFile; registryName: string };
}

export type ProblemCode =
  | 'duplicate-id'
  | 'unregistered-file'
  | 'missing-file'
  | 'not-exercised'
  | 'no-fixture'
  | 'empty-fixture'
  | 'missing-fixture'
  | 'stray-fixture'
  | 'missing-doc-row'
  | 'unregistered-doc-row'
  | 'duplicate-doc-row'
  | 'registry-not-iterated'
  | 'hard-coded-list';

export interface Problem {
  kind: RegistryKind;
  /** The id, file or test the problem is about. */
  subject: string;
  code: ProblemCode;
  message: string;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ids of the rows "| `<id>` |" of a markdown file, within the section under `heading` when given. */
export function docTableIds(markdown: string, heading?: string): string[] {
  let text = markdown;
  if (heading !== undefined) {
    const m = new RegExp(`^(#+) ${escapeRe(heading)}\\s*$`, 'm').exec(markdown);
    if (!m) return [];
    const rest = markdown.slice(m.index + m[0].length);
    const next = new RegExp(`^#{1,${m[1]!.length}} `, 'm').exec(rest);
    text = next ? rest.slice(0, next.index) : rest;
  }
  return [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((r) => r[1]!);
}

/** The module paths (relative to the root, without extension) a test file imports by a relative specifier. */
export function importedModules(test: SourceFile): string[] {
  const specs = [
    ...test.text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
    ...test.text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) =>
      posix
        .normalize(posix.join(posix.dirname(test.path), s))
        .replace(/\.tsx?$/, '')
        .replace(/\/index$/, ''),
    );
}

const moduleOf = (file: string): string => file.replace(/\.tsx?$/, '').replace(/\/index$/, '');

/** Whether the test names the id as a string or one of the given identifiers as a word. */
function mentions(text: string, id: string, names: readonly string[]): boolean {
  if (['"', "'", '`'].some((q) => text.includes(`${q}${id}${q}`))) return true;
  return names.some((n) => new RegExp(`(?<![\\w$])${escapeRe(n)}(?![\\w$])`).test(text));
}

function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const x of list) (seen.has(x) ? dup : seen).add(x);
  return [...dup];
}

/** Every problem of one registry: files = registry, each id exercised by a test, with its fixture, with its doc row. */
export function checkRegistry(kind: RegistryKind, facts: RegistryFacts): Problem[] {
  const problems: Problem[] = [];
  const add = (subject: string, code: ProblemCode, message: string): void => {
    problems.push({ kind, subject, code, message: `${kind} ${subject}: ${message}` });
  };
  const ids = [...new Set(facts.registryIds)];

  for (const id of duplicates(facts.registryIds)) add(id, 'duplicate-id', 'registered more than once');

  // 1. The folder's files equal the registry.
  const registeredFiles = new Set(ids.map((id) => facts.fileOf[id]).filter((f): f is string => f !== undefined));
  for (const file of facts.files)
    if (!registeredFiles.has(file)) add(file, 'unregistered-file', 'a file in the folder that no registry entry uses');
  for (const id of ids) {
    const file = facts.fileOf[id];
    if (file === undefined || !facts.files.includes(file))
      add(id, 'missing-file', `registered, but its file ${file ?? '(none)'} is not in the folder`);
  }

  // 2. Each id is exercised by a test that imports its file and names it.
  for (const id of ids) {
    const file = facts.fileOf[id];
    const names = facts.names[id] ?? [];
    const exercised =
      file !== undefined &&
      facts.tests.some((t) => importedModules(t).includes(moduleOf(file)) && mentions(t.text, id, names));
    if (!exercised) {
      add(
        id,
        'not-exercised',
        `no test imports ${file ?? 'its file'} and names it ('${id}'${names.length ? ` or ${names.join(', ')}` : ''})`,
      );
    }
  }
  if (facts.iteratedBy) {
    const { test, registryName } = facts.iteratedBy;
    const r = escapeRe(registryName);
    const iterates = new RegExp(`\\bof\\s+${r}\\b|\\.each\\(\\s*${r}\\b|\\b${r}\\.(?:map|flatMap|forEach)\\(`).test(
      test.text,
    );
    if (!iterates) add(test.path, 'registry-not-iterated', `does not iterate ${registryName}`);
    const listed = ids.filter((id) => mentions(test.text, id, []));
    if (listed.length >= 2)
      add(test.path, 'hard-coded-list', `lists ids itself (${listed.join(', ')}) instead of reading ${registryName}`);
  }

  // 3. Each has its fixture or golden files, none empty, and the required ones.
  for (const id of ids) {
    const files = facts.fixtures[id] ?? [];
    if (files.length === 0) add(id, 'no-fixture', 'has no fixture or golden file');
    for (const f of files) if (f.bytes === 0) add(id, 'empty-fixture', `${f.path} is empty`);
    for (const required of facts.requiredFixtures?.[id] ?? []) {
      if (!files.some((f) => f.path === required)) add(id, 'missing-fixture', `${required} is missing`);
    }
  }

  if (facts.fixtureFolder) {
    const required = new Set(ids.flatMap((id) => facts.requiredFixtures?.[id] ?? []));
    for (const file of facts.fixtureFolder.files) {
      if (!required.has(file))
        add(file, 'stray-fixture', `in ${facts.fixtureFolder.path} but no registered id needs it`);
    }
  }

  // 4. Each has its row in the docs, and no row names an unregistered id.
  const rows = new Set(facts.docRows);
  for (const id of ids) if (!rows.has(id)) add(id, 'missing-doc-row', `no row "| \`${id}\` |" in ${facts.docFile}`);
  for (const row of rows)
    if (!ids.includes(row))
      add(row, 'unregistered-doc-row', `${facts.docFile} has a row for an id that is not registered`);
  for (const row of duplicates(facts.docRows)) add(row, 'duplicate-doc-row', `${facts.docFile} has more than one row`);

  return problems;
}
