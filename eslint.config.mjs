// Layering (DEVELOPERS.md): shared/ is pure; renderer/ sees only shared/ and the
// preload's API type; only the Electron shell (electron/main, electron/preload)
// imports 'electron'. Each rule is an error so a wrong arrow fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Bare builtin names are exact `paths` (a pattern named "events" would also
// catch a relative './events'); `node:` specifiers are a pattern.
const nodeMessage = 'shared/ and renderer/ must not use Node APIs.';
const nodeBuiltinPaths = ['fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'url', 'stream', 'events', 'util', 'worker_threads', 'zlib', 'better-sqlite3', 'socket.io']
  .map((name) => ({ name, message: nodeMessage }));
const nodeBuiltinPatterns = [{ group: ['node:*', 'fs/*'], message: nodeMessage }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'artifacts/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Plain CommonJS helpers shared by .mjs scripts and CommonJS-compiled specs.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'shared/ must not import Electron.' },
          { name: 'react-dom', message: 'shared/ must not import React DOM.' },
          ...nodeBuiltinPaths,
        ],
        patterns: [
          ...nodeBuiltinPatterns,
          { group: ['**/electron/**', '**/renderer/**', 'react-dom/*'], message: 'shared/ imports only shared/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the bridge.' }, ...nodeBuiltinPaths],
        patterns: [
          ...nodeBuiltinPatterns,
          { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/web/**', '**/electron/cli/**', '**/electron/simulator/**'], message: 'The renderer imports only shared/ and the preload API type.' },
          { group: ['**/electron/preload/*', '!**/electron/preload/api'], message: 'Only the preload API type may be imported.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'electron/simulator/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/main and electron/preload import Electron; the core runs under plain Node.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'Node code never imports the renderer.' }],
      }],
    },
  },
);
