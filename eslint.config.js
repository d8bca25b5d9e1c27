// Lint rules for the whole monorepo. Import boundaries live in .dependency-cruiser.cjs; the
// "domain is pure" rule is enforced both there and here, so an editor shows it at once. The .ts files
// are linted with type information (ADR 0011): about 45 s for the whole tree on 2 cores.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkImports = {
  patterns: [
    {
      group: ['@nestjs/*', 'kafkajs', 'mongoose', 'mongodb', 'express'],
      message: 'Domain code is pure (DESIGN §7–8): no NestJS, kafkajs, mongoose or HTTP here.',
    },
    {
      group: ['#event-sourcing/*', '#messaging'],
      message: 'Domain code imports the kernel core (#event-sourcing) only (ADR 0011).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.infra/', 'out/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // Type-aware (ADR 0011): the rules below need the type checker, through tsconfig.json.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A promise is awaited, returned, or `void`ed with a comment saying why it runs on its own.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      // A switch over a union handles every member (DESIGN §8.1: ends in a never guard).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Production code checks that a value is there and says what is missing; specs may assert.
      '@typescript-eslint/no-non-null-assertion': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Test code: specs, contract suites and test support.
    files: ['**/*.spec.ts', '**/*.contract.ts', '**/testing/**/*.ts', 'libs/testing/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/*/src/**/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        module: 'writable',
      },
    },
  },
);
