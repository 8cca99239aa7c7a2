// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const onlyOrSkip = (/** @type {string} */ object, /** @type {string} */ property, /** @type {string} */ why) => ({
  object,
  property,
  message: `${object}.${property}() ${why}`,
});
const testObjects = ['test', 'it', 'describe', 'suite'];
const focusedOrSkipped = [
  ...testObjects.map((o) => onlyOrSkip(o, 'only', 'is for local debugging; do not commit it')),
  ...testObjects.map((o) => onlyOrSkip(o, 'skip', 'hides a test; fix or delete it')),
  ...testObjects.map((o) => onlyOrSkip(o, 'todo', 'hides a test; write it or delete it')),
];

// Every request the OMS makes goes through the guarded outbound client (ADR 0012): it checks the
// address each connection reaches, never follows redirects and caps size and time.
const outboundOnly = 'goes around the guarded outbound client: use outboundFetch / publicFetch from src/platform/http/outbound.ts (ADR 0012)';
const clientNames = (/** @type {string} */ name, /** @type {string[]} */ importNames) => ({ name, importNames, message: `${name} ${importNames.join('/')} ${outboundOnly}` });
const outboundModules = [
  { name: 'undici', message: `undici ${outboundOnly}` },
  ...['node:http', 'http', 'node:https', 'https'].map((m) => clientNames(m, ['default', 'request', 'get', 'Agent', 'globalAgent'])),
  ...['node:http2', 'http2', 'node:tls', 'tls'].map((m) => clientNames(m, ['default', 'connect'])),
  ...['node:net', 'net'].map((m) => clientNames(m, ['default', 'connect', 'createConnection', 'Socket'])),
  ...['node:dgram', 'dgram'].map((m) => clientNames(m, ['default', 'createSocket'])),
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'bench-results/', '.test-tmp/', '.bench-tmp/', 'coverage/', 'docs/', 'web/dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Config files at the root are outside tsconfig.json's `include`.
          allowDefaultProject: ['*.js', '*.cjs', '.dependency-cruiser.cjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type-aware rules that catch real bugs.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it/test return promises the runner itself tracks.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true, 'ts-nocheck': true, 'ts-check': false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A focused or skipped test silently shrinks the suite in CI.
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name=/^(test|it|describe|suite)$/] > ObjectExpression > Property[key.name=/^(only|skip|todo)$/]",
          message: 'Tests must not be focused, skipped or left as todo in committed code.',
        },
        {
          selector: "CallExpression[callee.object.name='t'][callee.property.name=/^(skip|todo)$/]",
          message: 'Tests must not skip themselves (t.skip/t.todo) in committed code.',
        },
        // Without a message, a failing assert.ok in a file run through tsx makes Node re-parse the
        // whole (one-line, transpiled) file to describe the expression: minutes of blocked event
        // loop that --test-timeout cannot interrupt (issue 12: the orders "listing" test run alone).
        {
          selector: "CallExpression[callee.object.name='assert'][callee.property.name='ok'][arguments.length<2], CallExpression[callee.name='assert'][arguments.length<2]",
          message: 'Say what was expected: assert.ok(value, message). A failing assert.ok without a message can hang the test run.',
        },
      ],
    },
  },
  {
    // Application code; tests may call the server under test and their fake carriers directly.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/platform/http/outbound.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: `fetch ${outboundOnly}` }],
      'no-restricted-properties': ['error', ...focusedOrSkipped, { object: 'globalThis', property: 'fetch', message: `globalThis.fetch ${outboundOnly}` }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: outboundModules.map((p) => ({ ...p, allowTypeImports: true })) }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
