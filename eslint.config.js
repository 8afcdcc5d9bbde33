// Lint: typescript-eslint's recommended rules, the project's own security rules (log text is
// hostile, so no HTML from strings anywhere; no network), and the layers (docs/design.md,
// "Layers"): the pure core runs in Node and in the browser alike, so it imports no browser,
// extension, store, React or Node API, and nothing outside the core. test/boundary.test.ts proves
// each rule fails on a planted import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { LAYERS } from './lint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'bench/out/', 'demo-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier lays code out at 120; what it cannot break (strings, regexes, comments) stays under 160.
      'max-len': ['error', { code: 160, tabWidth: 2 }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Log text is hostile: render as text.',
        },
        {
          selector: "AssignmentExpression[left.property.name='outerHTML']",
          message: 'Log text is hostile: render as text.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Log text is hostile: render as text.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Log text is hostile: render as text.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The product makes no network requests (DESIGN.md, Security).' },
        { name: 'XMLHttpRequest', message: 'The product makes no network requests (DESIGN.md, Security).' },
        { name: 'WebSocket', message: 'The product makes no network requests (DESIGN.md, Security).' },
      ],
    },
  },
  ...LAYERS,
  {
    files: ['**/*.mjs', 'bench/**', 'demo/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', TextDecoder: 'readonly' } },
  },
);
