import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import electronHardening from './eslint-rules/electron-hardening.js';
import sandboxBoundary from './eslint-rules/sandbox-boundary.js';

// Layering is enforced here so a wrong import fails `npm test`, not a review.
const electronImport = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron; services must run under plain Node.',
};

// electron/: services (one folder per area) < the application layer < adapters (ipc, cli, web, main).
const SERVICES = ['vault', 'store', 'send', 'proxy', 'rotation', 'try-it', 'keychain', 'jwt', 'exchange-import', 'redaction', 'run', 'platform', 'intercept'];
const ADAPTERS = ['composition', 'application', 'ipc', 'cli', 'web', 'main'];
const folders = (names) => `^(\\.\\./)+(${names.join('|')})/`;
const upward = {
  regex: folders(ADAPTERS),
  message: 'A service never imports the composition root, the application layer or an adapter (ipc, cli, web, main): they call it, not the other way round.',
};
const sqliteOutsideStore = {
  name: 'better-sqlite3',
  allowTypeImports: true,
  message: 'SQL lives in electron/store/: add a repository method instead.',
};
// Below the composition root nothing holds the connection, not even by type: services and the
// application take repositories, and a `Transact` where writes must commit together.
const connectionOutsideStore = {
  name: 'better-sqlite3',
  message: 'Only electron/store/ and the composition root hold the database connection: take the repositories (and a Transact) you need.',
};
const sqlCalls = [
  'error',
  {
    selector:
      "CallExpression[callee.property.name=/^(prepare|exec|pragma|transaction)$/][callee.object.name='db'], CallExpression[callee.property.name=/^(prepare|exec|pragma|transaction)$/][callee.object.property.name='db']",
    message: 'SQL lives in electron/store/: add a repository method instead.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronImport] }],
    },
  },
  {
    // CommonJS on purpose: bin/intercept-preload.cjs is loaded with `node --require` into other programs.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: SERVICES.map((name) => `electron/${name}/**`),
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImport, connectionOutsideStore], patterns: [upward] }],
      'no-restricted-syntax': sqlCalls,
    },
  },
  {
    // The sandbox stands in for the vendors: reached by URL, and knowing nothing of the product.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { boundary: sandboxBoundary },
    rules: { 'boundary/sandbox-by-url': 'error' },
  },
  {
    // The store knows SQLite and the shared types, nothing else of the app.
    files: ['electron/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            { regex: folders([...SERVICES.filter((n) => n !== 'store'), ...ADAPTERS]), message: 'electron/store/ imports only shared/ (and SQLite).' },
          ],
        },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    // The application layer takes the services it uses; the composition root constructs it, not the reverse.
    files: ['electron/application/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport, connectionOutsideStore],
          patterns: [
            { regex: folders(['ipc', 'cli', 'web', 'main']), message: 'The application layer never imports an adapter.' },
            { regex: folders(['composition']), message: 'The application layer never imports the composition root: take the services you use as a parameter.' },
          ],
        },
      ],
      'no-restricted-syntax': sqlCalls,
    },
  },
  {
    files: ['electron/composition/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport, sqliteOutsideStore],
          patterns: [{ regex: folders(['ipc', 'cli', 'web', 'main']), message: 'The composition root never imports an adapter.' }],
        },
      ],
      'no-restricted-syntax': sqlCalls,
    },
  },
  {
    // Adapters parse, call the application, format: no service, repository or SQL of their own.
    files: ['electron/ipc/**', 'electron/cli/**', 'electron/web/**', 'electron/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [sqliteOutsideStore],
          patterns: [
            {
              regex: folders(SERVICES.filter((n) => n !== 'platform')),
              message: 'Adapters call the application layer (electron/application/), never a service directly.',
            },
          ],
        },
      ],
      'no-restricted-syntax': sqlCalls,
    },
  },
  {
    files: ['electron/preload/**', 'test/e2e/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // vitest runs test files in shared workers (vitest.config.ts: isolate false), so a test may not
    // leave global state behind for the next file.
    files: ['test/unit/**', 'test/integration/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock|stubGlobal|stubEnv|unmock)$/]",
          message: 'Test files share their worker (isolate: false): no module mocks or stubbed globals; pass a dependency instead.',
        },
        {
          selector: "AssignmentExpression[left.object.object.name='process'][left.object.property.name='env']",
          message: "Test files share their worker (isolate: false): don't change process.env; give the code under test an env of its own.",
        },
        {
          selector: "UnaryExpression[operator='delete'][argument.object.object.name='process'][argument.object.property.name='env']",
          message: "Test files share their worker (isolate: false): don't change process.env; give the code under test an env of its own.",
        },
      ],
    },
  },
  {
    // Electron hardening, in place of Electronegativity (see eslint-rules/electron-hardening.js).
    files: ['electron/main/**', 'electron/preload/**'],
    plugins: { keyhole: electronHardening },
    rules: {
      'keyhole/hardened-web-preferences': 'error',
      'keyhole/no-insecure-content': 'error',
      'keyhole/safe-open-external': 'error',
      'keyhole/no-insecure-switches': 'error',
      'keyhole/no-certificate-override': 'error',
    },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport, 'react', 'react-dom'],
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node built-ins.' },
            { group: ['fs', 'path', 'os', 'crypto', 'http', 'child_process', 'url'], message: 'shared/ is pure TypeScript: no Node built-ins.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not depend on either side.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', '__dirname', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node; talk to the typed API instead.' },
            { group: ['**/electron/**'], message: 'The renderer only reaches the Node side through the typed API.' },
          ],
        },
      ],
    },
  },
);
