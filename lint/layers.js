/**
 * The layers of the code, as lint rules (eslint.config.js spreads them in). Each folder may use
 * only what its layer allows; test files are exempt (a core test may read a fixture with node:fs).
 *
 * - core: lib/{model,sources,engine,intel,baseline,playbook,export,queries,analysis}. Pure: runs in
 *   Node (the CLI, the tests) and in the extension's background and workers. No WXT, browser
 *   polyfill, Dexie, React or Node API; no DOM or extension globals; nothing from the other layers.
 * - page: lib/sites, the console readers. The page's DOM, nothing of the extension, the store,
 *   React or Node.
 * - store: lib/store, the IndexedDB store (Dexie). No React, no Node, no content-script code.
 * - extension: lib/messaging, the extension's wiring (background, content scripts, sidebar
 *   channel). No React (views live in components/), no Node.
 * - views: components/, React views over state. No Dexie, no Node, no extension wiring of their own.
 * - node: lib/node and cli/. Node; no WXT, polyfill, Dexie or React, nothing of the extension.
 */

const group = (patterns, why) => ({ group: patterns, message: why });
const named = (names, why) => names.map((name) => ({ name, message: why }));

const NETWORK = named(
  ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
  'The product makes no network requests (DESIGN.md, Security).',
);

/** The APIs a layer may be denied: each by its packages and their sub-paths. */
const API = {
  extension: { paths: ['wxt', 'webextension-polyfill', '@wxt-dev/browser'], patterns: ['wxt/*', '@wxt-dev/*'] },
  react: { paths: ['react', 'react-dom', '@tanstack/react-virtual'], patterns: ['react/*', 'react-dom/*'] },
  dexie: { paths: ['dexie'], patterns: ['dexie*'] },
  node: {
    paths: [
      'fs',
      'fs/promises',
      'path',
      'os',
      'crypto',
      'child_process',
      'worker_threads',
      'url',
      'stream',
      'zlib',
      'util',
    ],
    patterns: ['node:*'],
  },
};

/** Relative imports into a layer's folders, from anywhere under lib/, cli/ or components/. */
const into = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/*`, `**/${f}/**`]);

const CORE_FOLDERS = ['model', 'sources', 'engine', 'intel', 'baseline', 'playbook', 'export', 'queries', 'analysis'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'HTMLElement',
  'Element',
  'Node',
  'MutationObserver',
  'getComputedStyle',
  'customElements',
  'requestAnimationFrame',
  'alert',
  'confirm',
];
const EXTENSION_GLOBALS = ['chrome', 'browser'];
const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require'];

const CORE_WHY =
  'The core (lib/{model,sources,engine,intel,baseline,playbook,export,queries,analysis}) is pure: it runs in Node and in the extension alike.';

/**
 * One layer's rules: the APIs it may not import (API keys), the folders of other layers it may not
 * reach into, and the globals it may not use, each group with its reason (the no-network rule
 * always holds).
 */
function layer({ name, files, why, deny, folders, folderWhy, globals = [] }) {
  return {
    name: `layer: ${name}`,
    files,
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: named(
            deny.flatMap((api) => API[api].paths),
            why,
          ),
          patterns: [
            group(
              deny.flatMap((api) => API[api].patterns),
              why,
            ),
            group(into(...folders), folderWhy),
          ],
        },
      ],
      'no-restricted-globals': ['error', ...NETWORK, ...globals.flatMap(([names, w]) => named(names, w))],
    },
  };
}

export const LAYERS = [
  layer({
    name: 'core',
    files: CORE_FOLDERS.map((f) => `lib/${f}/**/*.{ts,tsx}`),
    why: CORE_WHY,
    deny: ['extension', 'react', 'dexie', 'node'],
    folders: ['messaging', 'store', 'sites', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: `${CORE_WHY} It imports nothing from the layers built on it.`,
    globals: [
      [
        [...DOM_GLOBALS, ...EXTENSION_GLOBALS],
        `${CORE_WHY} No DOM or extension global: take what you need as a parameter.`,
      ],
      [NODE_GLOBALS, `${CORE_WHY} No Node global: lib/node and cli/ hold the Node side.`],
    ],
  }),
  layer({
    name: 'page (console readers)',
    files: ['lib/sites/**/*.{ts,tsx}'],
    why: 'The readers (lib/sites) read the page: no extension API, store, React or Node.',
    deny: ['extension', 'react', 'dexie', 'node'],
    folders: ['messaging', 'store', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The readers (lib/sites) import the core only.',
    globals: [
      [
        [...EXTENSION_GLOBALS, 'indexedDB', ...NODE_GLOBALS],
        'The readers (lib/sites) read the page: no extension, store or Node global.',
      ],
    ],
  }),
  layer({
    name: 'store',
    files: ['lib/store/**/*.{ts,tsx}'],
    why: 'The store (lib/store) is IndexedDB through Dexie: no React, no Node.',
    deny: ['react', 'node'],
    folders: ['messaging', 'sites', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The store (lib/store) imports the core only.',
    globals: [[NODE_GLOBALS, 'The store (lib/store) runs in the browser: no Node global.']],
  }),
  layer({
    name: 'extension wiring',
    files: ['lib/messaging/**/*.{ts,tsx}'],
    why: 'The extension wiring (lib/messaging) has no React (views live in components/) and no Node.',
    deny: ['react', 'node'],
    folders: ['node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The extension wiring (lib/messaging) is used by components/ and entrypoints/, not the other way.',
    globals: [[NODE_GLOBALS, 'The extension wiring (lib/messaging) runs in the browser: no Node global.']],
  }),
  layer({
    name: 'views',
    files: ['components/**/*.{ts,tsx}'],
    why: 'Views (components/) render state: the wiring (entrypoints/, lib/messaging) talks to the browser and the store.',
    deny: ['dexie', 'extension', 'node'],
    folders: ['node', 'entrypoints', 'cli'],
    folderWhy: 'Views (components/) do not import entrypoints or Node code.',
    globals: [
      [
        [...EXTENSION_GLOBALS, 'indexedDB', ...NODE_GLOBALS],
        'Views (components/) get the browser through props and context (entrypoints/).',
      ],
    ],
  }),
  layer({
    name: 'node',
    files: ['lib/node/**/*.ts', 'cli/**/*.ts'],
    why: 'The Node side (lib/node, cli/) runs outside the browser: no extension API, store or React.',
    deny: ['extension', 'react', 'dexie'],
    folders: ['messaging', 'store', 'sites', 'components', 'entrypoints'],
    folderWhy: 'The Node side (lib/node, cli/) uses the core only.',
    globals: [
      [[...DOM_GLOBALS, ...EXTENSION_GLOBALS], 'The Node side (lib/node, cli/) has no DOM or extension global.'],
    ],
  }),
];
