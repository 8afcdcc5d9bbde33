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
const NODE_BARE = ['fs', 'fs/promises', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'url', 'stream', 'zlib', 'util'];

/** Relative imports into a layer's folders, from anywhere under lib/, cli/ or components/. */
const into = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/*`, `**/${f}/**`]);

const CORE_FOLDERS = ['model', 'sources', 'engine', 'intel', 'baseline', 'playbook', 'export', 'queries', 'analysis'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

const DOM_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB',
  'HTMLElement', 'Element', 'Node', 'MutationObserver', 'getComputedStyle', 'customElements',
  'requestAnimationFrame', 'alert', 'confirm',
];
const EXTENSION_GLOBALS = ['chrome', 'browser'];
const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require'];

const globals = (names, why) => names.map((name) => ({ name, message: why }));

const CORE_WHY = 'The core (lib/{model,sources,engine,intel,baseline,playbook,export,queries,analysis}) is pure: it runs in Node and in the extension alike.';

export const LAYERS = [
  {
    name: 'layer: core',
    files: CORE_FOLDERS.map((f) => `lib/${f}/**/*.{ts,tsx}`),
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg([...EXTENSION_PKGS, ...REACT_PKGS, 'dexie', ...NODE_BARE], CORE_WHY),
        patterns: [
          group([...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*', ...NODE_PATTERNS], CORE_WHY),
          group(into('messaging', 'store', 'sites', 'node', 'components', 'entrypoints', 'cli'), `${CORE_WHY} It imports nothing from the layers built on it.`),
        ],
      }],
      'no-restricted-globals': ['error', ...NETWORK,
        ...globals([...DOM_GLOBALS, ...EXTENSION_GLOBALS], `${CORE_WHY} No DOM or extension global: take what you need as a parameter.`),
        ...globals(NODE_GLOBALS, `${CORE_WHY} No Node global: lib/node and cli/ hold the Node side.`),
      ],
    },
  },
  {
    name: 'layer: page (console readers)',
    files: ['lib/sites/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg([...EXTENSION_PKGS, ...REACT_PKGS, 'dexie', ...NODE_BARE], 'The readers (lib/sites) read the page: no extension API, store, React or Node.'),
        patterns: [
          group([...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*', ...NODE_PATTERNS], 'The readers (lib/sites) read the page: no extension API, store, React or Node.'),
          group(into('messaging', 'store', 'node', 'components', 'entrypoints', 'cli'), 'The readers (lib/sites) import the core only.'),
        ],
      }],
      'no-restricted-globals': ['error', ...NETWORK, ...globals([...EXTENSION_GLOBALS, 'indexedDB', ...NODE_GLOBALS], 'The readers (lib/sites) read the page: no extension, store or Node global.')],
    },
  },
  {
    name: 'layer: store',
    files: ['lib/store/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg([...REACT_PKGS, ...NODE_BARE], 'The store (lib/store) is IndexedDB through Dexie: no React, no Node.'),
        patterns: [
          group([...REACT_PATTERNS, ...NODE_PATTERNS], 'The store (lib/store) is IndexedDB through Dexie: no React, no Node.'),
          group(into('messaging', 'sites', 'node', 'components', 'entrypoints', 'cli'), 'The store (lib/store) imports the core only.'),
        ],
      }],
    },
  },
  {
    name: 'layer: extension wiring',
    files: ['lib/messaging/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg([...REACT_PKGS, ...NODE_BARE], 'The extension wiring (lib/messaging) has no React (views live in components/) and no Node.'),
        patterns: [
          group([...REACT_PATTERNS, ...NODE_PATTERNS], 'The extension wiring (lib/messaging) has no React (views live in components/) and no Node.'),
          group(into('node', 'components', 'entrypoints', 'cli'), 'The extension wiring (lib/messaging) is used by components/ and entrypoints/, not the other way.'),
        ],
      }],
    },
  },
  {
    name: 'layer: views',
    files: ['components/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg(['dexie', ...EXTENSION_PKGS, ...NODE_BARE], 'Views (components/) render state: the wiring (entrypoints/, lib/messaging) talks to the browser and the store.'),
        patterns: [
          group(['dexie*', ...EXTENSION_PATTERNS, ...NODE_PATTERNS], 'Views (components/) render state: the wiring (entrypoints/, lib/messaging) talks to the browser and the store.'),
          group(into('node', 'entrypoints', 'cli'), 'Views (components/) do not import entrypoints or Node code.'),
        ],
      }],
      'no-restricted-globals': ['error', ...NETWORK, ...globals([...EXTENSION_GLOBALS, 'indexedDB'], 'Views (components/) get the browser through props and context (entrypoints/).')],
    },
  },
  {
    name: 'layer: node',
    files: ['lib/node/**/*.ts', 'cli/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pkg([...EXTENSION_PKGS, ...REACT_PKGS, 'dexie'], 'The Node side (lib/node, cli/) runs outside the browser: no extension API, store or React.'),
        patterns: [
          group([...EXTENSION_PATTERNS, ...REACT_PATTERNS, 'dexie*'], 'The Node side (lib/node, cli/) runs outside the browser: no extension API, store or React.'),
          group(into('messaging', 'store', 'sites', 'components', 'entrypoints'), 'The Node side (lib/node, cli/) uses the core only.'),
        ],
      }],
    },
  },
];
