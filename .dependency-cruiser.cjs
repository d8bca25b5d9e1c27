// Import boundaries (DESIGN §7–8), checked by `npm run deps:check` in every test run.
const INFRASTRUCTURE = 'node_modules/(@nestjs|kafkajs|mongoose|mongodb|express)/';
// Test code: specs, contract suites and the testing/ support folders (libs/testing, apps/<svc>/src/testing).
const TEST_CODE = '\\.(spec|contract)\\.ts$|/testing/|^libs/testing/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'Domain code holds decide/evolve only: it may not reach NestJS, kafkajs, mongoose, express, #messaging, #testing, the kernel adapters or any adapters/application folder through any chain of imports (ADR 0011).',
      severity: 'error',
      // Specs beside the domain may use the given/when/then helpers of libs/testing.
      from: { path: '^apps/[^/]+/src/.*/domain/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: [
          INFRASTRUCTURE,
          '/(adapters|application)/',
          '^libs/(messaging|testing)/',
          '^libs/event-sourcing/src/(mongo|nest|outbox|http)/',
        ],
        reachable: true,
      },
    },
    {
      name: 'domain-uses-the-kernel-core-only',
      comment: 'Of the kernel, a domain file imports #event-sourcing (the pure core) only, not its read-model entry.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/.*/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/event-sourcing/src/[^/]+/' },
    },
    {
      name: 'kernel-core-is-pure',
      comment:
        '#event-sourcing and #event-sourcing/read-model reach no infrastructure and no other kernel entry: importing DomainError loads no mongoose, kafkajs or NestJS (ADR 0011).',
      severity: 'error',
      from: { path: '^libs/event-sourcing/src/(read-model/)?[^/]+\\.ts$', pathNot: TEST_CODE },
      to: {
        path: [
          INFRASTRUCTURE,
          '^libs/(messaging|testing|observability|http|auth)/',
          '^libs/event-sourcing/src/(mongo|nest|outbox|http)/',
        ],
        reachable: true,
      },
    },
    {
      name: 'kernel-core-imports-no-other-kernel-entry',
      severity: 'error',
      from: { path: '^libs/event-sourcing/src/[^/]+\\.ts$', pathNot: TEST_CODE },
      to: { path: '^libs/event-sourcing/src/[^/]+/' },
    },
    {
      name: 'application-does-not-import-adapters',
      comment: 'Use cases call ports; the adapters (HTTP, consumers) call the use cases, never the other way round.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/.*/application/', pathNot: TEST_CODE },
      to: { path: '/adapters/' },
    },
    {
      name: 'production-code-does-not-import-testing',
      comment:
        'libs/testing and the testing/ folders are test support: production code (apps, libs, not specs or contract suites) may not import them.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: TEST_CODE },
      to: { path: '^libs/testing/|/testing/' },
    },
    {
      name: 'a-slice-imports-another-slice-through-its-public-files',
      comment:
        'A slice is one folder apps/<svc>/src/<case>/. From outside it, only its index.ts (and domain/index.ts, for other domains) may be imported; shared/ and testing/ are not slices.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/src/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^apps/$1/src/(?!$2/|shared/|testing/)[^/]+/',
        pathNot: '^apps/$1/src/[^/]+/(domain/)?index\\.ts$',
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
