/**
 * The layers hold because lint enforces them (lint/layers.js), not by convention: a planted
 * import of a browser, store, React or Node API in any core file fails `npm run check`, and so
 * does a DOM or extension global; each other layer refuses what it must not use, and accepts what
 * it is for (so the rules are not simply failing everything).
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const CORE = [
  'model',
  'sources',
  'engine',
  'engine/indicators',
  'intel',
  'baseline',
  'playbook',
  'export',
  'queries',
  'analysis',
];
const FORBIDDEN_IN_CORE = [
  'webextension-polyfill',
  'wxt/browser',
  'dexie',
  'react',
  'react-dom/client',
  'node:fs',
  'fs',
  '../../lib/messaging/channel',
  '../store/db',
  '../sites/readers/okta-system-log',
  '../../components/Sidebar',
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids lint reports for `code` as if it were the file at `path`. */
async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('the core is pure', () => {
  for (const folder of CORE) {
    it(`lib/${folder}: a planted browser, store, React, Node or outer-layer import fails lint`, async () => {
      for (const mod of FORBIDDEN_IN_CORE) {
        expect(
          await ruleIds(`lib/${folder}/planted.ts`, `import x from '${mod}';\nexport const y = x;\n`),
          mod,
        ).toContain('no-restricted-imports');
      }
    });
  }

  it('a DOM, extension or Node global in the core fails lint; a core import does not', async () => {
    for (const g of [
      'document.title',
      'window.name',
      'navigator.userAgent',
      'chrome.runtime',
      'browser.runtime',
      'localStorage.length',
      'indexedDB',
      'process.env',
      'fetch',
    ]) {
      expect(await ruleIds('lib/engine/planted.ts', `export const y = ${g};\n`), g).toContain('no-restricted-globals');
    }
    expect(
      await ruleIds(
        'lib/engine/planted.ts',
        "import { SEVERITY_ORDER } from './types';\nexport const y = SEVERITY_ORDER;\n",
      ),
    ).toEqual([]);
  });

  it('a test beside a core file may read its fixtures with node:fs', async () => {
    expect(
      await ruleIds(
        'lib/engine/planted.test.ts',
        "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
      ),
    ).toEqual([]);
  });
});

describe('each outer layer refuses what it must not use, and takes what it is for', () => {
  const cases: [path: string, refused: string[], allowed: string[]][] = [
    [
      'lib/sites/readers/planted.ts',
      ['wxt/browser', 'dexie', 'react', 'node:fs', '../../messaging/channel'],
      ['../../model/token-event'],
    ],
    [
      'lib/store/planted.ts',
      ['react', 'node:fs', '../messaging/channel', '../sites/index'],
      ['dexie', '../model/case'],
    ],
    [
      'lib/messaging/planted.ts',
      ['react', 'node:path', '../../components/Sidebar', '../../cli/history-dir'],
      ['wxt/browser', '../store/db', '../sites/index', '../analysis/analyse'],
    ],
    [
      'components/planted.tsx',
      ['dexie', 'wxt/browser', 'node:fs', '../entrypoints/background'],
      ['react', '../lib/analysis/analyse'],
    ],
    [
      'cli/planted.ts',
      ['wxt/browser', 'webextension-polyfill', 'dexie', 'react', '../lib/messaging/channel', '../lib/store/db'],
      ['node:fs', '../lib/analysis/analyse'],
    ],
    ['lib/node/planted.ts', ['wxt/browser', 'dexie', '../messaging/channel'], ['node:fs', '../intel/pack']],
  ];
  for (const [path, refused, allowed] of cases) {
    it(path.replace(/\/planted\.tsx?$/, ''), async () => {
      for (const mod of refused)
        expect(await ruleIds(path, `import x from '${mod}';\nexport const y = x;\n`), mod).toContain(
          'no-restricted-imports',
        );
      for (const mod of allowed)
        expect(await ruleIds(path, `import x from '${mod}';\nexport const y = x;\n`), mod).not.toContain(
          'no-restricted-imports',
        );
    });
  }

  it('globals: no extension or store global in the readers or views, no Node global in the browser layers, no DOM in the Node side', async () => {
    const refused: [string, string][] = [
      ['lib/sites/readers/planted.ts', 'chrome.runtime'],
      ['lib/sites/readers/planted.ts', 'indexedDB'],
      ['components/planted.tsx', 'browser.runtime'],
      ['lib/store/planted.ts', 'process.env'],
      ['lib/messaging/planted.ts', 'Buffer'],
      ['cli/planted.ts', 'document.title'],
      ['lib/node/planted.ts', 'chrome.runtime'],
    ];
    for (const [path, g] of refused)
      expect(await ruleIds(path, `export const y = ${g};\n`), `${g} in ${path}`).toContain('no-restricted-globals');
    expect(await ruleIds('lib/sites/readers/planted.ts', 'export const y = document.title;\n')).toEqual([]);
    expect(await ruleIds('cli/planted.ts', 'export const y = process.argv;\n')).toEqual([]);
  });

  it('a line over 160 characters fails lint wherever it is (Prettier wraps at 120; strings and comments are left to us)', async () => {
    const long = `export const y = '${'x'.repeat(150)}';\n`;
    for (const path of [
      'lib/engine/planted.ts',
      'components/planted.tsx',
      'cli/planted.ts',
      'lib/engine/planted.test.ts',
    ]) {
      expect(await ruleIds(path, long), path).toContain('max-len');
    }
    expect(await ruleIds('lib/engine/planted.ts', `export const y = '${'x'.repeat(130)}';\n`)).toEqual([]);
  });
});
