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

const NETWORK = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({
  name,
  message: 'The product makes no network requests (DESIGN.md, Security).',
}));

const pkg = (names, why) => names.map((name) => ({ name, message: why }));
const group = (patterns, why) => ({ group: patterns, message: why });

const EXTENSION_PKGS = ['wxt', 'webextension-polyfill', '@wxt-dev/browser'];
const EXTENSION_PATTERNS = ['wxt/*', '@wxt-dev/*'];
const REACT_PKGS = ['react', 'react-dom', '@tanstack/react-virtual'];
const REACT_PATTERNS = ['react/*', 'react-dom/*'];
const NODE_PATTERNS = ['node:*'];
const NODE_BARE = [
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
];

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

const globals = (names, why) => names.map((name) => ({ name, message: why }));

const CORE_WHY =
  'The core (lib/{model,sources,engine,intel,baseline,playbook,export,queries,analysis}) is pure: it runs in Node and in the extension alike.';

/**
 * One layer's rules: the packages (and their sub-paths) it may not import, the folders of other
 * layers it may not reach into, and the globals it may not use (the no-network rule always holds).
 */
function layer({
  name,
  files,
  why,
  packages,
  patterns = [],
  folders,
  folderWhy = why,
  globalsWhy = why,
  forbiddenGlobals = [],
}) {
  return {
    name: `layer: ${name}`,
    files,
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: pkg(packages, why), patterns: [group(patterns, why), group(into(...folders), folderWhy)] },
      ],
      'no-restricted-globals': [
        'error',
        ...NETWORK,
        ...(Array.isArray(globalsWhy)
          ? globalsWhy.flatMap(([names, w]) => globals(names, w))
          : globals(forbiddenGlobals, globalsWhy)),
      ],
    },
  };
}

export const LAYERS = [
  layer({
    name: 'core',
    files: CORE_FOLDERS.map((f) => `lib/${f}/**/*.{ts,tsx}`),
    why: CORE_WHY,
    packages: [...EXTENSION_PKGS, ...REACT_PKGS, 'dexie', ...NODE_BARE],
    patterns: [...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*', ...NODE_PATTERNS],
    folders: ['messaging', 'store', 'sites', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: `${CORE_WHY} It imports nothing from the layers built on it.`,
    globalsWhy: [
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
    packages: [...EXTENSION_PKGS, ...REACT_PKGS, 'dexie', ...NODE_BARE],
    patterns: [...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*', ...NODE_PATTERNS],
    folders: ['messaging', 'store', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The readers (lib/sites) import the core only.',
    forbiddenGlobals: [...EXTENSION_GLOBALS, 'indexedDB', ...NODE_GLOBALS],
  }),
  layer({
    name: 'store',
    files: ['lib/store/**/*.{ts,tsx}'],
    why: 'The store (lib/store) is IndexedDB through Dexie: no React, no Node.',
    packages: [...REACT_PKGS, ...NODE_BARE],
    patterns: [...REACT_PATTERNS, ...NODE_PATTERNS],
    folders: ['messaging', 'sites', 'node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The store (lib/store) imports the core only.',
    forbiddenGlobals: NODE_GLOBALS,
  }),
  layer({
    name: 'extension wiring',
    files: ['lib/messaging/**/*.{ts,tsx}'],
    why: 'The extension wiring (lib/messaging) has no React (views live in components/) and no Node.',
    packages: [...REACT_PKGS, ...NODE_BARE],
    patterns: [...REACT_PATTERNS, ...NODE_PATTERNS],
    folders: ['node', 'components', 'entrypoints', 'cli'],
    folderWhy: 'The extension wiring (lib/messaging) is used by components/ and entrypoints/, not the other way.',
    forbiddenGlobals: NODE_GLOBALS,
  }),
  layer({
    name: 'views',
    files: ['components/**/*.{ts,tsx}'],
    why: 'Views (components/) render state: the wiring (entrypoints/, lib/messaging) talks to the browser and the store.',
    packages: ['dexie', ...EXTENSION_PKGS, ...NODE_BARE],
    patterns: ['dexie*', ...EXTENSION_PATTERNS, ...NODE_PATTERNS],
    folders: ['node', 'entrypoints', 'cli'],
    folderWhy: 'Views (components/) do not import entrypoints or Node code.',
    globalsWhy: 'Views (components/) get the browser through props and context (entrypoints/).',
    forbiddenGlobals: [...EXTENSION_GLOBALS, 'indexedDB', ...NODE_GLOBALS],
  }),
  layer({
    name: 'node',
    files: ['lib/node/**/*.ts', 'cli/**/*.ts'],
    why: 'The Node side (lib/node, cli/) runs outside the browser: no extension API, store or React.',
    packages: [...EXTENSION_PKGS, ...REACT_PKGS, 'dexie'],
    patterns: [...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*'],
    folders: ['messaging', 'store', 'sites', 'components', 'entrypoints'],
    folderWhy: 'The Node side (lib/node, cli/) uses the core only.',
    forbiddenGlobals: [...DOM_GLOBALS, ...EXTENSION_GLOBALS],
  }),
];
