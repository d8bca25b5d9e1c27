// Lint rules for the whole monorepo. Import boundaries live in .dependency-cruiser.cjs; the
// "domain is pure" rule is enforced both there and here, so an editor shows it at once.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworkImports = {
  patterns: [
    {
      group: ['@nestjs/*', 'kafkajs', 'mongoose', 'mongodb', 'express'],
      message: 'Domain code is pure (DESIGN §7–8): no NestJS, kafkajs, mongoose or HTTP here.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.infra/', 'out/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
    },
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
