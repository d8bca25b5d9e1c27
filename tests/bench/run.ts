// One benchmark run: resolve the infrastructure like the tests do (environment → testcontainers →
// native), take the measurements in registry order, check, write JSON + Markdown, clean up, release.
import mongoose from 'mongoose';
import { createContractRegistry } from '#contracts';
import { provisionInfra, uniqueName } from '../../libs/testing/src/infra.js';
import { Checks } from './checks.js';
import { type BenchContext, type MeasurementResult, type Resources } from './context.js';
import { rawKafka } from './kafka-client.js';
import { machineFacts } from './machine.js';
import { type BenchOptions } from './options.js';
import { DEFAULT_PAYLOAD, PayloadGenerator } from './payload.js';
import { type ProductHooks } from './product.js';
import { computeRatios } from './ratios.js';
import { measurements } from './registry.js';
import { type BenchRun, writeRun } from './report.js';
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

export async function runBench(options: BenchOptions, hooks: ProductHooks = {}): Promise<RunOutcome> {
  const started = nowMs();
  const log = (message: string): void => {
    process.stderr.write(`[bench ${((nowMs() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
  };
  const infra = await provisionInfra();
  log(`infrastructure: ${infra.description}`);
  const kafka = rawKafka(infra);
  const admin = kafka.admin();
  const mongo = new mongoose.mongo.MongoClient(infra.mongoUri);
  const topics: string[] = [];
  const databases: string[] = [];
  try {
    await admin.connect();
    await mongo.connect();
    const resources: Resources = {
      topic: async (prefix, partitions = options.partitions) => {
        const topic = uniqueName(prefix);
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
        });
        topics.push(topic);
        return topic;
      },
      named: async (topic, partitions = options.partitions) => {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
        });
        topics.push(topic);
        return topic;
      },
      track: (topic) => {
        topics.push(topic);
      },
      database: (prefix) => {
        const name = uniqueName(prefix).replace(/-/g, '_');
        databases.push(name);
        return mongo.db(name);
      },
    };
    const machine = await machineFacts(infra, mongo.db('admin'));
    log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, load ${machine.loadAtStart}`);

    const checks = new Checks();
    const payload = new PayloadGenerator({ ...DEFAULT_PAYLOAD, seed: options.seed });
    const registry = createContractRegistry();
    let invalid = '';
    for (const { envelope } of payload.events(Math.min(VALIDATED_EVENTS, options.events))) {
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
    const stats = payload.stats(options.events);
    log(
      `payload: ${stats.events.toLocaleString('en')} events over ${stats.streams.toLocaleString('en')} cases, ` +
        `mean value ${Math.round(stats.meanValueBytes)} bytes`,
    );

    const results = new Map<string, MeasurementResult>();
    const ctx: BenchContext = { options, infra, payload, resources, checks, results, topics: new Map(), log };
    for (const m of measurements(options, hooks)) {
      const base = { id: m.id, group: m.group, title: m.title };
      if (options.only && !options.only.includes(m.id)) {
        results.set(m.id, { ...base, status: 'not-measured', reason: 'skipped (--only)' });
        continue;
      }
      if (!m.run) {
        log(`${m.id}: ${m.pending ?? 'not measured yet'}`);
        results.set(m.id, { ...base, status: 'not-measured', reason: m.pending ?? 'not measured yet' });
        continue;
      }
      log(`${m.id}: ${m.title} …`);
      const before = load1();
      try {
        const outcome = await m.run(ctx);
        if ('reportHash' in outcome && outcome.reportHash) {
          const { live, rebuilt } = outcome.reportHash as { live: string; rebuilt: string };
          checks.equal(m.id, 'rebuilt report hash = live report hash', rebuilt, live);
        }
        const result: MeasurementResult = { ...base, status: 'measured', outcome, load: [before, load1()] };
        results.set(m.id, result);
        log(`${m.id}: ${summaryOf(result)}`);
      } catch (err) {
        const reason = (err as Error).stack ?? String(err);
        checks.that(m.id, 'measurement completed', false, (err as Error).message);
        results.set(m.id, { ...base, status: 'failed', reason: (err as Error).message, load: [before, load1()] });
        log(`${m.id}: FAILED ${reason}`);
      }
    }

    const run: BenchRun = {
      machine,
      options,
      payload: stats,
      results: [...results.values()],
      ratios: computeRatios(results, options.reportFacts),
      checks: checks.all,
      durationMs: nowMs() - started,
    };
    for (const r of run.ratios) {
      if (r.value !== undefined) log(`ratio ${r.label}: ${r.value.toPrecision(3)} (${r.basis})`);
    }
    const files = writeRun(run, options.out);
    log(`wrote ${files.json} and ${files.markdown}`);
    for (const c of checks.failed) log(`CHECK FAILED ${c.measurement}: ${c.name} — ${c.detail}`);
    log(`${checks.all.length - checks.failed.length}/${checks.all.length} checks passed`);
    return { run, ok: checks.failed.length === 0, files };
  } finally {
    if (!options.keep) {
      await admin.deleteTopics({ topics }).catch((err: Error) => log(`could not delete topics: ${err.message}`));
      for (const name of databases) {
        await mongo
          .db(name)
          .dropDatabase()
          .catch((err: Error) => log(`could not drop ${name}: ${err.message}`));
      }
    }
    await admin.disconnect().catch(() => {});
    await mongo.close().catch(() => {});
    await infra.release();
  }
}
