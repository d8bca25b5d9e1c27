#!/usr/bin/env node
// Runs the compiled test files with node's test runner.
//
//   node infra/run-tests.mjs [--tier unit|int|e2e|all] [filter...]
//
// Tiers by file suffix (DESIGN §7): *.unit.spec.js (pure), *.int.spec.js (one adapter against real
// infrastructure), *.e2e.spec.js (several processes). When integration or end-to-end files are in
// the run, real Kafka and a real MongoDB-protocol store are resolved ONCE here (environment →
// testcontainers → native stack), handed to every test file through KAFKA_BROKERS / MONGODB_URI,
// and whatever this run started is stopped at the end.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repo, 'dist');

const args = process.argv.slice(2);
const tierAt = args.indexOf('--tier');
const tier = tierAt >= 0 ? args[tierAt + 1] : 'all';
const filters = tierAt >= 0 ? args.filter((_, i) => i !== tierAt && i !== tierAt + 1) : args;
const suffixes = { unit: ['.unit.spec.js'], int: ['.int.spec.js'], e2e: ['.e2e.spec.js'] };
const wanted = tier === 'all' ? Object.values(suffixes).flat() : suffixes[tier];
if (!wanted) {
  console.error(`--tier must be one of unit, int, e2e, all (got ${tier})`);
  process.exit(2);
}

function findSpecs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : findSpecs(full);
    return wanted.some((s) => name.endsWith(s)) ? [full] : [];
  });
}

// The incremental build never deletes output: a spec renamed or removed in the sources leaves its
// compiled copy in dist/, which must not run.
const hasSource = (file) => existsSync(path.join(repo, path.relative(dist, file)).replace(/\.js$/, '.ts'));

const files = ['apps', 'libs', 'tests']
  .flatMap((top) => findSpecs(path.join(dist, top)))
  .filter(hasSource)
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();
if (files.length === 0) {
  console.error('no test files found: run `npm run build` first');
  process.exit(1);
}

const needsInfra = files.some((f) => !f.endsWith('.unit.spec.js'));
let infra;
if (needsInfra) {
  const { provisionInfra } = await import(pathToFileURL(path.join(dist, 'libs/testing/src/infra.js')).href);
  try {
    infra = await provisionInfra();
  } catch (err) {
    if (process.env.CI === 'true') {
      console.error(`[tests] ${err.message}`);
      process.exit(1);
    }
    console.error(`[tests] integration tests will be skipped: ${err.message.split('\n')[0]}`);
  }
  if (infra) console.log(`[tests] infra provider — ${infra.description}`);
}

const env = { KAFKAJS_NO_PARTITIONER_WARNING: '1', ...process.env };
if (infra) {
  env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  env.MONGODB_URI = infra.mongoUri;
  // The broker's SASL users (infra/broker-access.mjs): tests use `admin`, service processes their own.
  if (infra.kafkaAuth) env.KAFKA_CREDENTIALS_FILE = infra.kafkaAuth.file;
  env.INFRA_PROVIDER = infra.provider;
  env.INFRA_DESCRIPTION = infra.description;
}

const started = Date.now();
const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--test',
      '--test-reporter=spec',
      // Integration files share one broker and store; two at a time keeps a 2-core machine honest.
      `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
      `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? 900000}`,
      ...files,
    ],
    { stdio: 'inherit', env, cwd: repo },
  );
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});

if (infra) {
  await infra.release();
  console.log(`[tests] infra released (${infra.provider}); tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(code);
