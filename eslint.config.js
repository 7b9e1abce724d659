// `npm run lint` (and `npm run check`): ESLint's and typescript-eslint's recommended rules for
// every source, test, bench and script file and the React hooks rules for the web; on request a
// few type-aware rules (promises nobody awaits or that land where a callback is expected).
// Warnings fail the run (--max-warnings 0). See docs/development.md.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Type-aware rules, each file with the TypeScript project it belongs to (tsconfig.json, or
 * src/web/tsconfig.json for the web). They need both programs built, which more than doubles the
 * run, so `npm run lint` leaves them out; `LINLI_LINT_TYPED=1 npm run lint` adds them.
 */
const typeAware = {
  files: ['src/server/**/*.ts', 'src/engine/**/*.ts', 'src/contracts/**/*.ts', 'src/web/src/**/*.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts'],
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    '@typescript-eslint/await-thenable': 'error',
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'bench/results/', 'bench/.cache/', '.stryker-tmp/', 'test/e2e/screenshots/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a value kept on purpose (a destructured field left out, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `interface Row extends Other {}` names a shape that may grow.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // The platform's day is China's (UTC+8): today as a UTC date is the day before between
      // 16:00 and 24:00 UTC, which refused China-today dates as "in the future".
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='slice'][callee.object.callee.property.name='toISOString'][callee.object.callee.object.type='NewExpression'][callee.object.callee.object.arguments.length=0]",
          message: "Today as a UTC date: use todayInChina() (src/engine/calendar/working-days.ts) on the server, chinaToday() (src/web/src/shared/china-day.ts) in the web.",
        },
      ],
    },
  },
  {
    // Tests read loosely typed JSON bodies, probe parsers with numbers that lose precision, and
    // start flags at their failing value before a try that may throw.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-loss-of-precision': 'off', 'no-useless-assignment': 'off' },
  },
  {
    // Migrations work on any schema (`Kysely<any>`), frozen in time without the application's types.
    files: ['src/server/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...(process.env.LINLI_LINT_TYPED ? [typeAware] : []),
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      // Two React Compiler checks that flag what this code does on purpose and without harm
      // (the project does not compile with React Compiler): resetting state when a load starts
      // inside the effect that loads (useApi and the pages' loaders), and useApi keeping the
      // latest loader in a ref written during render.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
    },
  },
);
