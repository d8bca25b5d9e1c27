// One benchmark run: resolve the infrastructure like the tests do (environment → testcontainers →
// native), take the measurements in registry order on each store (--backends: one native FerretDB
// per backend, started here, the broker shared), check, write JSON + Markdown, clean up, release.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mongoose from 'mongoose';
import { createContractRegistry } from '#contracts';
import { type Infra, provisionInfra, repoRoot, uniqueName } from '../../libs/testing/src/infra.js';
import { Checks } from './checks.js';
import { type BenchContext, type MeasurementResult, type Resources } from './context.js';
import { rawKafka } from './kafka-client.js';
import { machineFacts } from './machine.js';
import { type Backend, type BenchOptions } from './options.js';
import { DEFAULT_PAYLOAD, PayloadGenerator } from './payload.js';
import { type ProductHooks } from './product.js';
import { computeRatios } from './ratios.js';
import { measurements, storeFree } from './registry.js';
import { type BackendRun, type BenchRun, writeRun } from './report.js';
import { load1, nowMs } from './timing.js';

export interface RunOutcome {
  readonly run: BenchRun;
  readonly ok: boolean;
  readonly files: { json: string; markdown: string };
}

const summaryOf = (r: MeasurementResult): string => {
  const o = r.outcome;
  if (!o) return r.reason ?? r.status;
  const parts = [`${Math.round(o.count).toLocaleString('en')} ${o.unit} in ${(o.ms / 1000).toFixed(2)} s`];
  if (o.rate !== undefined) parts.push(`${Math.round(o.rate).toLocaleString('en')} ${o.unit}/s`);
  if (o.latency) parts.push(`p50 ${o.latency.p50Ms.toFixed(2)} ms, p99 ${o.latency.p99Ms.toFixed(2)} ms`);
  return parts.join(', ');
};

/** How many payload events are validated against the published contracts before measuring. */
const VALIDATED_EVENTS = 5_000;

type Log = (message: string) => void;

/** A store the measurements run on: the run's broker with this store. */
interface Target {
  readonly label: string;
  readonly infra: Infra;
  release(): Promise<void>;
}

interface NativeModule {
  nativeConfig(env: NodeJS.ProcessEnv): { home: string; ferretPort: number; postgresPort: number };
  up(cfg: unknown, options: { kafka: boolean }): Promise<{ mongoUri: string; store: string }>;
  down(cfg: unknown): Promise<void>;
}

/**
 * One native FerretDB per backend (infra/native.mjs, NATIVE_FERRETDB_BACKEND), each under its own
 * INFRA_HOME subfolder on ports next to the run's own (FerretDB and PostgreSQL port + 1 + i), the
 * broker being the run's. Started one after the other, each stopped once its measurements are done.
 */
async function backendTarget(base: Infra, backend: Backend, i: number): Promise<Target> {
  const native = (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href)) as NativeModule;
  const own = native.nativeConfig(process.env);
  const cfg = native.nativeConfig({
    ...process.env,
    INFRA_HOME: path.join(own.home, `bench-${backend}`),
    NATIVE_FERRETDB_BACKEND: backend,
    NATIVE_FERRETDB_PORT: String(own.ferretPort + 1 + i),
    NATIVE_POSTGRES_PORT: String(own.postgresPort + 1 + i),
  });
  const { mongoUri, store } = await native.up(cfg, { kafka: false });
  return {
    label: backend,
    infra: {
      ...base,
      mongoUri,
      description: `${base.description.split(',')[0]}, ${store} at ${mongoUri} (started for this run)`,
    },
    release: () => native.down(cfg),
  };
}

/** The stores to measure: one per --backends entry on the native stack, else the one resolved. */
function targetsOf(options: BenchOptions, base: Infra, log: Log): Array<() => Promise<Target>> {
  const single = () => Promise.resolve({ label: 'store', infra: base, release: async () => {} });
  if (!options.backends) return [single];
  if (base.provider !== 'native') {
    log(
      `--backends ${options.backends.join(',')} ignored: the infrastructure is ${base.provider} ` +
        '(KAFKA_BROKERS/MONGODB_URI given, or containers), so only that store is measured',
    );
    return [single];
  }
  return options.backends.map((b, i) => () => backendTarget(base, b, i));
}

type Admin = ReturnType<ReturnType<typeof rawKafka>['admin']>;

/**
 * Creates a topic (retention forever) and waits for its leaders. On a loaded machine the broker may
 * answer the leader wait's metadata request with "does not host this topic-partition" for a topic it
 * has just created, which kafkajs does not retry: the metadata is then asked again for up to 30 s.
 */
async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
    });
  } catch (err) {
    if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
    const deadline = nowMs() + 30_000;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        if (topics[0]?.partitions.length === partitions && topics[0].partitions.every((p) => p.leader >= 0)) return;
      } catch (again) {
        if (nowMs() > deadline) throw again;
      }
      if (nowMs() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

interface Shared {
  readonly options: BenchOptions;
  readonly hooks: ProductHooks;
  readonly payload: PayloadGenerator;
  readonly admin: Admin;
  /** Topics created (removed at the end unless --keep) and topics filled, across the stores. */
  readonly topics: string[];
  readonly filled: BenchContext['topics'];
  /** Results of the first store's pass, for the measurements that do not touch the store. */
  first?: { label: string; results: ReadonlyMap<string, MeasurementResult> };
  log: Log;
}

/** Every measurement in registry order on one store; its results, ratios and checks. */
async function measureOn(target: Target, shared: Shared): Promise<{ backend: BackendRun; checks: Checks }> {
  const { options, admin, log } = shared;
  const mongo = new mongoose.mongo.MongoClient(target.infra.mongoUri);
  const databases: string[] = [];
  const checks = new Checks();
  try {
    await mongo.connect();
    const create = async (topic: string, partitions: number) => {
      shared.topics.push(topic);
      await createTopic(admin, topic, partitions);
      return topic;
    };
    const resources: Resources = {
      topic: (prefix, partitions = options.partitions) => create(uniqueName(prefix), partitions),
      named: (topic, partitions = options.partitions) => create(topic, partitions),
      track: (topic) => {
        shared.topics.push(topic);
      },
      database: (prefix) => {
        const name = uniqueName(prefix).replace(/-/g, '_');
        databases.push(name);
        return mongo.db(name);
      },
      trackDatabase: (name) => {
        databases.push(name);
      },
    };
    const machine = await machineFacts(target.infra, mongo.db('admin'));
    const results = new Map<string, MeasurementResult>();
    const ctx: BenchContext = {
      options,
      infra: target.infra,
      payload: shared.payload,
      resources,
      checks,
      results,
      topics: shared.filled,
      log,
    };
    const planned = measurements(options, shared.hooks);
    const prepared = planned.filter((m) => m.prepare && m.run && (!options.only || options.only.includes(m.id)));
    for (const m of planned) {
      for (const p of prepared) if (p.prepare && p.prepareBefore === m.id) p.prepare(ctx);
      const base = { id: m.id, group: m.group, title: m.title };
      const earlier = shared.first?.results.get(m.id);
      if (earlier && storeFree(m.id)) {
        results.set(m.id, { ...earlier, sharedFrom: shared.first!.label });
        continue;
      }
      if (options.only && !options.only.includes(m.id)) {
        results.set(m.id, { ...base, status: 'not-measured', reason: 'skipped (--only)' });
        continue;
      }
      if (!m.run) {
        log(`${m.id}: ${m.pending ?? 'not measured yet'}`);
        results.set(m.id, { ...base, status: 'not-measured', reason: m.pending ?? 'not measured yet' });
        continue;
      }
      log(`${target.label} ${m.id}: ${m.title} …`);
      const before = load1();
      try {
        const outcome = await m.run(ctx);
        if ('reportHash' in outcome && outcome.reportHash) {
          const { live, rebuilt } = outcome.reportHash as { live: string; rebuilt: string };
          checks.equal(m.id, 'rebuilt report hash = live report hash', rebuilt, live);
        }
        const result: MeasurementResult = { ...base, status: 'measured', outcome, load: [before, load1()] };
        results.set(m.id, result);
        log(`${target.label} ${m.id}: ${summaryOf(result)}`);
      } catch (err) {
        const reason = (err as Error).stack ?? String(err);
        checks.that(m.id, 'measurement completed', false, (err as Error).message);
        results.set(m.id, { ...base, status: 'failed', reason: (err as Error).message, load: [before, load1()] });
        log(`${target.label} ${m.id}: FAILED ${reason}`);
      }
    }
    shared.first ??= { label: target.label, results };
    const ratios = computeRatios(results, options);
    for (const r of ratios) {
      if (r.value !== undefined) log(`${target.label} ratio ${r.label}: ${r.value.toPrecision(3)} (${r.basis})`);
    }
    return {
      backend: {
        label: target.label,
        store: machine.store,
        infra: target.infra.description,
        results: [...results.values()],
        ratios,
      },
      checks,
    };
  } finally {
    if (!options.keep) {
      for (const name of databases) {
        await mongo
          .db(name)
          .dropDatabase()
          .catch((err: Error) => log(`could not drop ${name}: ${err.message}`));
      }
    }
    await mongo.close().catch(() => {});
  }
}

export async function runBench(options: BenchOptions, hooks: ProductHooks = {}): Promise<RunOutcome> {
  const started = nowMs();
  const log: Log = (message) => {
    process.stderr.write(`[bench ${((nowMs() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
  };
  const infra = await provisionInfra();
  log(`infrastructure: ${infra.description}`);
  const admin = rawKafka(infra).admin();
  const shared: Shared = {
    options,
    hooks,
    payload: new PayloadGenerator({ ...DEFAULT_PAYLOAD, seed: options.seed }),
    admin,
    topics: [],
    filled: new Map(),
    log,
  };
  try {
    await admin.connect();
    const machineStore = new mongoose.mongo.MongoClient(infra.mongoUri);
    await machineStore.connect();
    const machine = await machineFacts(infra, machineStore.db('admin')).finally(() => machineStore.close());
    log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, load ${machine.loadAtStart}`);

    const checks = new Checks();
    const registry = createContractRegistry();
    let invalid = '';
    for (const { envelope } of shared.payload.events(Math.min(VALIDATED_EVENTS, options.events))) {
      try {
        registry.read(envelope);
      } catch (err) {
        invalid ||= (err as Error).message;
      }
    }
    checks.that(
      'payload',
      `the first ${Math.min(VALIDATED_EVENTS, options.events)} payload events are valid against the published contracts`,
      invalid === '',
      invalid || 'all valid',
    );
    const stats = shared.payload.stats(options.events);
    log(
      `payload: ${stats.events.toLocaleString('en')} events over ${stats.streams.toLocaleString('en')} cases, ` +
        `mean value ${Math.round(stats.meanValueBytes)} bytes`,
    );

    const backends: BackendRun[] = [];
    const allChecks = [...checks.all];
    const targets = targetsOf(options, infra, log);
    for (const start of targets) {
      const target = await start();
      log(`store: ${target.infra.description}`);
      try {
        const { backend, checks: own } = await measureOn(target, shared);
        backends.push(backend);
        const prefix = targets.length > 1 ? `${target.label}: ` : '';
        allChecks.push(...own.all.map((c) => ({ ...c, measurement: `${prefix}${c.measurement}` })));
      } finally {
        await target.release().catch((err: Error) => log(`could not stop the ${target.label} store: ${err.message}`));
      }
    }

    const run: BenchRun = {
      machine,
      options,
      payload: stats,
      backends,
      checks: allChecks,
      durationMs: nowMs() - started,
    };
    const files = writeRun(run, options.out);
    log(`wrote ${files.json} and ${files.markdown}`);
    const failed = allChecks.filter((c) => !c.ok);
    for (const c of failed) log(`CHECK FAILED ${c.measurement}: ${c.name} — ${c.detail}`);
    log(`${allChecks.length - failed.length}/${allChecks.length} checks passed`);
    log(`elapsed ${process.uptime().toFixed(1)} s wall since the process started (npm run bench's build not included)`);
    return { run, ok: failed.length === 0, files };
  } finally {
    if (!options.keep) {
      await admin
        .deleteTopics({ topics: shared.topics })
        .catch((err: Error) => log(`could not delete topics: ${err.message}`));
    }
    await admin.disconnect().catch(() => {});
    await infra.release();
  }
}
