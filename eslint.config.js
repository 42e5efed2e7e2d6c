import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import electronHardening from './eslint-rules/electron-hardening.js';

// Layering is enforced here so a wrong import fails `npm test`, not a review.
const electronImport = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron; services must run under plain Node.',
};

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
    files: ['electron/main/**', 'electron/preload/**', 'test/e2e/**'],
    rules: { 'no-restricted-imports': 'off' },
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
