// Lint rules that keep the layers honest (see ../shared/docs/design.md):
// core logic never imports `vscode`, and webview pages never import extension code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'core and page modules must not import vscode: take an interface instead (design.md, layers).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.test-output/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='setInterval']", message: 'No setInterval: schedule with one timer (see the Poller).' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/commands/**', '**/views/**', '**/webview/**', '**/platform/**', '**/extension'], message: 'core may import only core.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Use node-fetch through the api client, so timeouts and errors are typed.' },
        { name: 'window', message: 'core runs under plain Node.' },
        { name: 'document', message: 'core runs under plain Node.' },
      ],
    },
  },
  {
    files: ['src/webview/page/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/core/api/**', '**/core/jobs/**', '**/core/download/**', '**/platform/**', '**/commands/**', '**/views/**', 'node:*'], message: 'page scripts share only message schemas and the catalog with the extension.' },
          ],
        },
      ],
    },
  },
  {
    files: ['esbuild.js', 'test/**/*.cjs', 'test/sandbox/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
