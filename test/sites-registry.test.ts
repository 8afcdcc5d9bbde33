/**
 * Meta-test for the console page readers and the content scripts that load them (refined-github's
 * features.test.ts, github-url-detection's URL lists): the registry check of test/registry.test.ts
 * (files = registry, each reader exercised by a test, its replica page or test, its row in
 * docs/extension.md) covers the readers with the other kinds; here, each replica says what it does
 * not verify, every reader is listed under its console, every reader's example URLs (test/replicas/console-urls.ts)
 * match that reader and no other; every content script in the manifest runs exactly where its
 * readers' pages are, never on a look-alike host, and bundles only its console's readers.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { CONSOLE_READERS, SITE_READERS } from '../lib/sites/index';
import { CONSOLES, type SiteReader } from '../lib/sites/site-reader';
import { CONSOLE_MATCHES, HOST_PERMISSIONS, REACTBLADE_MATCHES } from '../lib/messaging/console-hosts';
import { CUSTOM_SCRIPT_FILE } from '../lib/messaging/custom-hosts';
import { LOOK_ALIKE_URLS, OTHER_CONSOLE_URLS, READER_URLS } from './replicas/console-urls';

const root = join(import.meta.dirname, '..');
/** The readers without a page of their own (context menu only). */
const PAGELESS = new Set(['selected-json']);
const AZURE_FRAME_READERS = ['azure-activity', 'entra-audit', 'entra-signins'];
const isReactBlade = (u: string): boolean => /\.reactblade(-ms|-rc)?\.portal\.azure\.net$/.test(new URL(u).hostname);

const matching = (url: string): string[] =>
  SITE_READERS.filter((r) => r.matchesUrl(new URL(url)))
    .map((r) => r.id)
    .sort();

describe('site reader registry', () => {
  it('lists every reader under its own console, once (lib/sites/consoles)', () => {
    const listed = CONSOLES.flatMap((c) => CONSOLE_READERS[c].map((r) => r.id)).sort();
    expect(listed).toEqual(SITE_READERS.map((r) => r.id).sort());
    for (const c of CONSOLES) for (const r of CONSOLE_READERS[c]) expect(r.console, r.id).toBe(c);
  });

  for (const r of SITE_READERS) {
    if (PAGELESS.has(r.id)) {
      it(`${r.id}: no page, no URL, no host`, () => {
        expect(r.matches).toEqual([]);
        expect(READER_URLS[r.id] ?? []).toEqual([]);
        for (const u of [...OTHER_CONSOLE_URLS, ...LOOK_ALIKE_URLS]) expect(r.matchesUrl(new URL(u))).toBe(false);
      });
      continue;
    }

    it(`${r.id}: its replica's README says what it does not verify`, () => {
      expect(readFileSync(join(root, 'test', 'replicas', r.id, 'README.md'), 'utf8')).toMatch(/not verified/i);
    });

    it(`${r.id}: its example URLs match it and no other reader (Azure iframes: the three Azure readers)`, () => {
      const urls = READER_URLS[r.id] ?? [];
      expect(urls.length, `READER_URLS['${r.id}'] in test/replicas/console-urls.ts`).toBeGreaterThan(0);
      for (const u of urls) {
        expect(matching(u), u).toEqual(isReactBlade(u) ? AZURE_FRAME_READERS : [r.id]);
      }
    });

    it(`${r.id}: declares only granted hosts, and its example URLs are on them`, () => {
      for (const p of r.matches) expect(HOST_PERMISSIONS as readonly string[]).toContain(p);
      const patterns = r.matches.map((p) => new MatchPattern(p));
      for (const u of READER_URLS[r.id] ?? [])
        expect(
          patterns.some((p) => p.includes(u)),
          u,
        ).toBe(true);
    });
  }

  it('every URL that several readers match is an Azure React-view iframe, matched by exactly the Azure readers', () => {
    const all = [...Object.values(READER_URLS).flat(), ...OTHER_CONSOLE_URLS];
    for (const u of all) {
      const ids = matching(u);
      if (ids.length > 1) expect([u, ids]).toEqual([u, AZURE_FRAME_READERS]);
    }
    expect(new Set(SITE_READERS.filter((r) => r.console === 'azure').map((r) => r.id))).toEqual(
      new Set(AZURE_FRAME_READERS),
    );
  });

  it('no reader matches a look-alike host', () => {
    for (const u of LOOK_ALIKE_URLS) expect(matching(u), u).toEqual([]);
  });
});

interface ContentScript {
  name: string;
  file: string;
  matches: string[];
  allFrames: boolean;
  runtime: boolean;
  readers: readonly SiteReader[];
}

const entryDir = join(root, 'entrypoints');
const contentFiles = readdirSync(entryDir, { withFileTypes: true }).flatMap((d) => {
  if (d.isFile() && /\.content\.tsx?$/.test(d.name)) return [join(entryDir, d.name)];
  if (d.isDirectory() && d.name.endsWith('.content')) return [join(entryDir, d.name, 'index.ts')];
  return [];
});

async function loadContentScripts(): Promise<ContentScript[]> {
  return Promise.all(
    contentFiles.map(async (file) => {
      const mod = (await import(file)) as {
        default: { matches?: string[]; allFrames?: boolean; registration?: string };
        readers?: readonly SiteReader[];
      };
      const name = relative(entryDir, file).replace(/\.content(\/index)?\.tsx?$/, '');
      return {
        name,
        file,
        matches: mod.default.matches ?? [],
        allFrames: mod.default.allFrames ?? false,
        runtime: mod.default.registration === 'runtime',
        readers: mod.readers ?? [],
      };
    }),
  );
}

/** Relative, non-type imports of a module, resolved to files (a crude but sufficient parser). */
function runtimeImports(file: string): { files: string[]; packages: string[] } {
  const src = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(re)) {
    if (m[1]) continue; // `import type …`: erased
    const spec = m[2]!;
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const base = resolve(dirname(file), spec);
    const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
      (f) => /\.tsx?$/.test(f) && existsSync(f),
    );
    if (found) files.push(found);
  }
  return { files, packages };
}

function bundleOf(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    const imp = runtimeImports(f);
    imp.packages.forEach((p) => packages.add(p));
    todo.push(...imp.files);
  }
  return { files, packages };
}

describe('content scripts', async () => {
  const scripts = await loadContentScripts();
  const manifest = scripts.filter((s) => !s.runtime);
  const patternsOf = (s: ContentScript): MatchPattern[] => s.matches.map((p) => new MatchPattern(p));
  const runsOn = (s: ContentScript, u: string): boolean => patternsOf(s).some((p) => p.includes(u));

  it('one per console top frame, plus the Azure iframes and the custom-host script', () => {
    expect(scripts.map((s) => s.name).sort()).toEqual([
      'aws',
      'azure',
      'custom-host',
      'gcp',
      'github',
      'okta',
      'reactblade',
      'workspace',
    ]);
    for (const s of scripts) expect(s.readers.length, `${s.name} exports its readers`).toBeGreaterThan(0);
  });

  it('match exactly the granted console hosts, together (host_permissions = content-script matches)', () => {
    expect(new Set(manifest.flatMap((s) => s.matches))).toEqual(new Set(HOST_PERMISSIONS));
    expect(manifest.flatMap((s) => s.matches).length).toBe(HOST_PERMISSIONS.length); // no pattern twice
    const frames = manifest.filter((s) => s.allFrames);
    expect(frames.map((s) => s.name)).toEqual(['reactblade']);
    expect(new Set(frames[0]!.matches)).toEqual(new Set(REACTBLADE_MATCHES));
    expect(new Set(manifest.filter((s) => !s.allFrames).flatMap((s) => s.matches))).toEqual(new Set(CONSOLE_MATCHES));
  });

  it("cover every reader's example URLs with a script that loads that reader, and no other script", () => {
    for (const r of SITE_READERS) {
      for (const u of READER_URLS[r.id] ?? []) {
        const on = manifest.filter((s) => runsOn(s, u));
        expect(
          on.map((s) => s.name),
          u,
        ).toHaveLength(1); // one page client per frame
        expect(
          on[0]!.readers.map((x) => x.id),
          u,
        ).toContain(r.id);
      }
    }
  });

  for (const s of scripts) {
    it(`${s.name}: loads one console's readers, each of whose URLs it covers with its patterns`, () => {
      const consoles = new Set(s.readers.map((r) => r.console));
      if (s.name === 'custom-host') expect(consoles).toEqual(new Set(['okta', 'github']));
      else expect([...consoles]).toEqual([s.readers[0]!.console]);
      expect(consoles.has('any')).toBe(false);
      if (s.runtime) return;
      const urls = s.readers.flatMap((r) => READER_URLS[r.id] ?? []);
      // Every pattern is there for one of its readers' pages …
      for (const p of patternsOf(s))
        expect(
          urls.some((u) => p.includes(u)),
          `${s.name}: ${String(s.matches[patternsOf(s).indexOf(p)])}`,
        ).toBe(true);
      // … and every page of its readers in this kind of frame is covered.
      for (const u of urls.filter((x) => isReactBlade(x) === s.allFrames)) expect(runsOn(s, u), u).toBe(true);
    });

    it(`${s.name}: never runs on a look-alike host`, () => {
      for (const u of LOOK_ALIKE_URLS) expect(runsOn(s, u), u).toBe(false);
    });

    it(`${s.name}: bundles no other console's readers, nor the registry, React or zod`, () => {
      const { files, packages } = bundleOf(s.file);
      const rel = [...files].map((f) => relative(root, f));
      expect(rel).not.toContain(join('lib', 'sites', 'index.ts'));
      const bundled = rel.filter(
        (f) => f.startsWith(join('lib', 'sites', 'readers')) && !f.includes(`${join('readers', 'shared')}`),
      );
      expect(bundled.map((f) => f.replace(/^.*[\\/]/, '').replace(/\.ts$/, '')).sort()).toEqual(
        s.readers.map((r) => r.id).sort(),
      );
      for (const p of packages)
        expect(p, `${s.name} imports ${p}`).not.toMatch(/^(react|react-dom|zod|papaparse|fflate)(\/|$)/);
    });
  }

  it('the custom-host script is the file lib/messaging/custom-hosts.ts registers, and only at run time', () => {
    const custom = scripts.find((s) => s.name === 'custom-host');
    expect(custom?.runtime).toBe(true);
    expect(custom?.matches).toEqual([]); // runtime `matches` would be added to host_permissions
    expect(CUSTOM_SCRIPT_FILE).toBe('content-scripts/custom-host.js');
  });
});
