// Import boundaries (DESIGN §7–8), checked by `npm run deps:check` in every test run.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Domain code holds decide/evolve only: no NestJS, kafkajs, mongoose, or adapters.',
      severity: 'error',
      // Specs beside the domain may use the given/when/then helpers of libs/testing.
      from: { path: '^apps/[^/]+/src/.*/domain/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: [
          'node_modules/(@nestjs|kafkajs|mongoose|mongodb|express)/',
          '/(adapters|application)/',
          '^libs/(messaging|testing)/',
        ],
      },
    },
    {
      name: 'contracts-are-framework-free',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: ['node_modules/(@nestjs|kafkajs|mongoose|mongodb|express)/', '^apps/', '^libs/(?!contracts/)'] },
    },
    {
      name: 'an-app-may-not-import-another-app',
      comment: 'Services share only libs/contracts; they never import each other.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/platform/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'platform-composes-service-modules-only',
      comment:
        'apps/platform is the composition root of the embedded mode (ADR 0002): it may import a service only through its <svc>.module.ts.',
      severity: 'error',
      from: { path: '^apps/platform/' },
      to: { path: '^apps/(?!platform/)', pathNot: '^apps/[^/]+/src/[^/]+\\.module\\.ts$' },
    },
    {
      name: 'only-messaging-imports-kafkajs',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/messaging/' },
      to: { path: 'node_modules/kafkajs/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['types', 'typings', 'main', 'module'],
    },
  },
};
