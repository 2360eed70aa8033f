// Layering (DEVELOPERS-GUIDE, "Layers as allow-lists"): every file belongs to
// one layer below and imports only what that layer's allow-list names, in every
// import form (scripts/eslint/code-layering.mjs; tests/unit/layering.test.ts
// holds a probe breaking each rule). A file in no layer is itself an error.
// Each rule is an error so a wrong arrow fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import codeLayering from './scripts/eslint/code-layering.mjs';

const SHARED = 'shared/**';
const CORE = 'electron/core/**';
const SIMULATOR = 'electron/simulator/**';

/**
 * `files`: globs relative to the repository; the first layer that matches owns the file.
 * `imports.project`: globs of repository modules (extension and /index dropped: `shared/domain` is
 * shared/domain/index.ts); `imports.packages`: npm package names ('*': any); `imports.node`: Node built-ins.
 */
const LAYERS = [
  {
    name: 'shared',
    says: 'pure TypeScript for the core and the renderer alike: no Node, DOM, Electron or JSX',
    files: ['shared/**'],
    extensions: ['.ts'],
    // The bundled policy and calendars are data the pure domain reads; zod is the contract's schema language.
    imports: { project: [SHARED, 'resources/**/*.json'], packages: ['zod'] },
  },
  {
    name: 'renderer',
    says: 'the React UI: talks to main only through the bridge',
    files: ['renderer/**'],
    imports: {
      project: ['renderer/**', SHARED, { path: 'electron/preload/api', typeOnly: true }],
      // socket.io-client is web mode's bridge (the same contract over a WebSocket).
      packages: ['react', 'react-dom', 'react-i18next', 'i18next', 'ag-grid-community', 'ag-grid-react', '@ag-grid-community/locale', 'recharts', 'socket.io-client'],
    },
  },
  {
    name: 'preload',
    says: "the sandboxed bridge: exposes exactly the contract's channels",
    files: ['electron/preload/**'],
    imports: { project: ['electron/preload/**', 'shared/contract/**'], packages: ['electron'] },
  },
  {
    name: 'core',
    says: 'plain Node, served by every shell: never a shell, the simulator, the renderer or Electron',
    files: ['electron/core/**'],
    imports: {
      project: [CORE, SHARED, 'resources/**', 'package.json'],
      packages: ['better-sqlite3', 'exceljs', 'playwright-core', 'socket.io-client', 'zod'],
      node: true,
    },
  },
  {
    name: 'main',
    says: 'the Electron shell: windows, IPC, safeStorage, printing',
    files: ['electron/main/**'],
    imports: { project: ['electron/main/**', CORE, SHARED, SIMULATOR], packages: ['electron'], node: true },
  },
  {
    name: 'web',
    says: 'the web-mode shell: the built renderer over HTTP, the contract over socket.io',
    files: ['electron/web/**'],
    // The one renderer module it may load: a wall's first paint, drawn by the app's own components (electron/web/first-paint.ts).
    imports: { project: ['electron/web/**', CORE, SHARED, SIMULATOR, 'renderer/src/wall/firstPaint'], packages: ['socket.io'], node: true },
  },
  {
    name: 'cli',
    says: 'the `noc` command line shell',
    files: ['electron/cli/**'],
    imports: { project: ['electron/cli/**', CORE, SHARED, SIMULATOR], node: true },
  },
  {
    name: 'simulator',
    says: 'the simulated province: an upstream speaking the feed protocol, knowing nothing of the console',
    files: ['electron/simulator/**'],
    imports: { project: [SIMULATOR, SHARED], packages: ['socket.io', 'zod'], node: true },
  },
  {
    name: 'bench',
    says: '`npm run bench`: measures the core, the simulator and the screen under plain Node',
    files: ['bench/**'],
    // socket.io on both ends: the transport's own round trip is a baseline the bench measures beside the console's.
    imports: {
      project: ['bench/**', CORE, SIMULATOR, SHARED, 'scripts/electron-binary'],
      packages: ['better-sqlite3', 'playwright-core', 'tsx', 'socket.io', 'socket.io-client'],
      node: true,
    },
  },
  {
    name: 'scripts',
    says: 'build and test tooling run by npm scripts',
    files: ['scripts/**'],
    imports: { project: ['scripts/**', SHARED, 'resources/**'], packages: ['*'], node: true },
  },
  {
    // Tests reach into every layer on purpose (a shell's sender check, the renderer's store, the simulator's faults).
    name: 'tests',
    says: 'unit, integration, e2e and Electron tests: may import anything',
    files: ['tests/**'],
    imports: { project: ['**'], packages: ['*'], node: true },
  },
  {
    name: 'tooling',
    says: 'the build, test and lint configuration at the top level',
    files: ['*.config.{ts,mts,mjs}'],
    imports: { project: ['scripts/eslint/**'], packages: ['*'], node: true },
  },
];

/** Node's globals, named so shared/ and renderer/ cannot reach Node without an import either. */
const NODE_GLOBALS = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'];

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
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    plugins: { 'code-layering': codeLayering },
    rules: { 'code-layering/layers': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', ...NODE_GLOBALS],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
);
