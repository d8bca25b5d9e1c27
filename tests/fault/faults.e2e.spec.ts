// The fault suite: the six services as separate processes on a broker and store of this file's own,
// a small 2009 scenario (tests/fault/fault-2009.json: five groups of cases across the five case
// services) fed group by group while one fault happens during each group's feed. After each fault
// has been recovered from and the pipeline has caught up, the roll-up report must equal the figures
// the groups fed so far imply (expectedAppendix2008 over those groups): nothing lost, nothing
// counted twice. Last, every event is delivered a second time and the report must not move.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose from 'mongoose';
import { embeddedAuth, tokensPerAgency, type LocalIssuer } from '#auth';
import { SERVICES, type ServiceName } from '#contracts';
import {
  eventually,
  brokerLogin,
  freePort,
  integrationInfra,
  kafkaClient,
  repoRoot,
  startServiceStack,
  uniqueName,
  type ServiceStack,
} from '#testing';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';
import { type ReportJson } from '../../apps/platform/src/report-output.js';
import { expandScenario, type ConcreteCase } from '../../apps/platform/src/scenario/expand.js';
import { expectedAppendix2008 } from '../../apps/platform/src/scenario/expected.js';
import { type Scenario } from '../../apps/platform/src/scenario/format.js';
import { loadScenario } from '../../apps/platform/src/scenario/load.js';
import { feedScenario, type FeedOptions, type FeedStats } from '../../apps/platform/src/scenario/runner.js';
import { startPrivateInfra, type PrivateInfra } from './private-infra.js';
import { assertReportEquals, differences } from '../support/report-check.js';

const real = await integrationInfra();
/** The last lines of a log file, each cut to a readable length. */
const logEnd = async (file: string, lines = 25): Promise<string> =>
  (await readFile(file, 'utf8').catch(() => '(no log)'))
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => l.slice(0, 400))
    .join('\n');
const scenario = loadScenario(path.join(repoRoot(), 'tests/fault/fault-2009.json'));
const GROUPS = ['A', 'B', 'C', 'D', 'E'] as const;
type Group = (typeof GROUPS)[number];
const groupOf = (label: string): Group => label.split('·')[0] as Group;
const allCases = expandScenario(scenario);
const casesOf = (g: Group): ConcreteCase[] => allCases.filter((c) => groupOf(c.template) === g);
/** The scenario cut down to the groups fed so far: its figures are what the report must show. */
const scenarioUpTo = (g: Group): Scenario => ({
  ...scenario,
  cases: scenario.cases.filter((t) => GROUPS.indexOf(groupOf(t.label)) <= GROUPS.indexOf(g)),
});
/** A fault strikes once this share of a group's cases is through. */
const STRIKE_AT = 0.3;

describe('fault suite: kill -9, broker and store restarts, replicas, double delivery', { skip: real.skip }, () => {
  let own: PrivateInfra;
  let stack: ServiceStack;
  let admin: Admin;
  let kafka: Kafka;
  const prefix = uniqueName('fault').replace(/-/g, '_');
  const topicPrefix = `${prefix.replace(/_/g, '-')}.`;
  const replicas: ChildProcess[] = [];
  const log = (t: TestContext, msg: string): void => t.diagnostic(msg);

  const auditor = (): string =>
    stack.issuer.mint({ sub: 'fault-auditor', roles: ['auditor'], agencyId: 'zhuzhou-city' });
  const clerkTokens = (issuer: LocalIssuer): ((agencyId: string) => string) =>
    tokensPerAgency(issuer, { sub: 'fault-clerk', roles: ['clerk', 'supervisor'] });
  let stackTokens: (agencyId: string) => string;

  /** Caught up; if not in time, the error carries the end of the lagging services' logs (CI keeps only the output). */
  const catchUp = (): Promise<void> =>
    waitForCatchUp({
      baseUrlFor: (route) => stack.urlFor(route),
      operationsToken: stack.issuer.mint({ sub: 'fault-ops', roles: ['operations'], agencyId: 'zhuzhou-city' }),
      timeoutMs: 180_000,
    }).catch(async (err: Error) => {
      const lagging = SERVICES.filter((s) => err.message.includes(` ${s}:`));
      const tails = await Promise.all(
        lagging.map(async (s) => `--- ${s}.log ends with:\n${await logEnd(path.join(stack.logDir, `${s}.log`))}`),
      );
      throw new Error([err.message, ...tails].join('\n'));
    });

  /** The roll-up report; a 503 (the store or broker just restarted) is asked again, briefly. */
  async function report(): Promise<ReportJson> {
    const url = `${stack.urlFor('/reporting')}/reporting/annual-reports/zhuzhou-city/rollup/2009/report?template=2008`;
    const res = await eventually(
      async () => {
        const r = await fetch(url, { headers: { authorization: `Bearer ${auditor()}` } });
        return r.status === 503 ? undefined : r;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the report answers (not 503)' },
    );
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as ReportJson;
  }

  /** Caught up and the report equals the groups' figures (polled: the last facts may still land). */
  async function assertReportAfter(g: Group): Promise<void> {
    await catchUp();
    const expected = expectedAppendix2008(scenarioUpTo(g));
    const last = await eventually(
      async () => {
        const r = await report();
        return differences(r, expected).length === 0 ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `report after group ${g}` },
    ).catch(async () => report());
    assertReportEquals(last, expected, `after group ${g}`);
  }

  /** Feeds group g with `fault` striking once STRIKE_AT of it is through; both must finish. */
  async function feedUnderFault(
    t: TestContext,
    g: Group,
    fault: () => Promise<void>,
    overrides: Partial<FeedOptions> = {},
  ): Promise<FeedStats> {
    const cases = casesOf(g);
    const started = Date.now();
    let strike!: () => void;
    const struck = new Promise<void>((resolve) => (strike = resolve));

    const feeding = feedScenario(cases, {
      actor: 'fault-suite',
      baseUrlFor: (route) => stack.urlFor(route),
      tokenFor: (agency) => stackTokens(agency),
      defaultAgencyId: scenario.agencyId,
      concurrency: 6,
      onProgress: (done, total) => {
        if (done >= Math.ceil(total * STRIKE_AT)) strike();
      },
      ...overrides,
    });
    const faultDone = struck.then(async () => {
      const at = Date.now();
      await fault();
      log(t, `group ${g}: fault struck at ${at - started} ms, recovered in ${Date.now() - at} ms`);
    });
    const stats = await feeding;
    strike(); // a group too fast for the fault still gets it, after its feed
    await faultDone;
    log(
      t,
      `group ${g}: ${cases.length} cases, ${stats.requests} requests, ${stats.retries} retried attempts, fed in ${Date.now() - started} ms`,
    );
    return stats;
  }

  async function eventTopics(): Promise<string[]> {
    return (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix) && t.endsWith('.events')).sort();
  }

  async function endOffsets(topic: string): Promise<Map<number, bigint>> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  }

  /** A second process of `service` on the same database and topics, with tokens of its own secret. */
  async function startReplica(service: ServiceName): Promise<{ baseUrl: string; issuer: LocalIssuer }> {
    const secret = randomBytes(48).toString('base64url');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const mongoUri = new URL(own.infra.mongoUri);
    mongoUri.pathname = `/${prefix}_${service}`;
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'apps', service, 'src', 'main.js')], {
      env: {
        ...process.env,
        ...brokerLogin(own.infra, service),
        PORT: String(port),
        KAFKA_BROKERS: own.infra.kafkaBrokers.join(','),
        MONGODB_URI: mongoUri.toString(),
        AUTH_JWT_SECRET: secret,
        TOPIC_PREFIX: topicPrefix,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = createWriteStream(path.join(stack.logDir, `${service}-replica.log`), { flags: 'a' });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    replicas.push(child);
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${service} replica exited; see ${stack.logDir}`);
        return (await fetch(`${baseUrl}/docs-json`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined))?.ok;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: `${service} replica answers` },
    );
    return { baseUrl, issuer: embeddedAuth({ AUTH_JWT_SECRET: secret }).issuer };
  }

  const stopChild = (c: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
      c.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      c.kill('SIGTERM');
    });

  before(async () => {
    own = await startPrivateInfra();
    kafka = new Kafka({ clientId: 'fault-suite', ...kafkaClient(own.infra), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    // The topics are made before six services race to create them on a broker just started (on a
    // busy 2-core machine a fresh single-node KRaft broker can briefly refuse them); same settings.
    const topics = SERVICES.flatMap((s) => [`${topicPrefix}${s}.events`, `${topicPrefix}${s}.events.dlq`]);
    await eventually(
      async () => {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: 3,
              configEntries: [{ name: 'retention.ms', value: '-1' }],
            })),
          });
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the event topics are created' },
    );
    stack = await startServiceStack({ infra: own.infra, dbPrefix: prefix, env: { TOPIC_PREFIX: topicPrefix } });
    stackTokens = clerkTokens(stack.issuer);
  });

  after(async () => {
    await admin?.disconnect().catch(() => {});
    await Promise.all(replicas.map(stopChild));
    await stack?.stopAll();
    await own?.release();
  });

  it('1. kill -9 two case services mid-feed and restart them: the outbox relays publish what was committed', async (t) => {
    await feedUnderFault(t, 'A', async () => {
      await Promise.all([stack.services.enforcement.kill(), stack.services.applications.kill()]);
      await Promise.all([stack.services.enforcement.restart(), stack.services.applications.restart()]);
    });
    await assertReportAfter('A');
  });

  it('2. kill -9 reporting mid-projection and restart it: the projection resumes without loss or double count', async (t) => {
    await feedUnderFault(t, 'B', async () => {
      await stack.services.reporting.kill();
      await stack.services.reporting.restart();
    });
    await assertReportAfter('B');
  });

  it('3. restart the Kafka broker mid-feed: producers and consumers reconnect', async (t) => {
    await feedUnderFault(t, 'C', () => own.restart('kafka'));
    await assertReportAfter('C');
  });

  it('4. restart the store (FerretDB) mid-feed: failed writes are retried with their Idempotency-Keys', async (t) => {
    const stats = await feedUnderFault(t, 'D', () => own.restart('ferretdb'));
    log(t, `group D: ${stats.retries} attempts failed while the store was down and were retried`);
    await assertReportAfter('D');
  });

  it('5. two replicas of enforcement and of applications take writes; one relay at a time publishes', async (t) => {
    const services = ['enforcement', 'applications'] as const;
    const second = new Map<string, { baseUrl: string; issuer: LocalIssuer }>();
    for (const s of services) second.set(s, await startReplica(s));
    const replicaTokens = new Map([...second].map(([, r]) => [r.baseUrl, clerkTokens(r.issuer)]));
    const stats = await feedUnderFault(t, 'E', async () => {}, {
      // Every other case of a replicated service goes to the second process, all its steps there.
      baseUrlFor: (route, c) => {
        const svc = route.split('/')[1]!;
        const replica = second.get(svc);
        return replica && c.n % 2 === 1 ? replica.baseUrl : stack.urlFor(route);
      },
      tokenFor: (agency, baseUrl) => replicaTokens.get(baseUrl)?.(agency) ?? stackTokens(agency),
    });
    for (const s of services) {
      const primary = stats.byBaseUrl.get(stack.services[s].baseUrl) ?? 0;
      const replica = stats.byBaseUrl.get(second.get(s)!.baseUrl) ?? 0;
      log(t, `${s}: ${primary} writes on the first process, ${replica} on the replica`);
      assert.ok(primary > 0 && replica > 0, `${s}: both processes took writes`);
    }
    await assertReportAfter('E');

    // One relay at a time: every lease term has one owner, and no event of group E went out twice
    // (two active relays would each publish the same commits).
    const streamsOfE = new Set<string>();
    for (const s of services) {
      const conn = await mongoose
        .createConnection(own.infra.mongoUri, { dbName: `${prefix}_${s}`, serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      try {
        const terms = await conn
          .db!.collection<{ name: string; owner: string; term: number }>('leases')
          .find({})
          .toArray();
        const owners = new Set(terms.map((x) => x.owner));
        log(t, `${s}: ${terms.length} lease terms kept, owners ${[...owners].join(', ')}`);
        assert.ok(terms.length > 0, `${s}: the relays took a lease`);
        const byTerm = new Map<string, Set<string>>();
        for (const x of terms)
          byTerm.set(`${x.name}#${x.term}`, (byTerm.get(`${x.name}#${x.term}`) ?? new Set()).add(x.owner));
        assert.ok(
          [...byTerm.values()].every((o) => o.size === 1),
          `${s}: one owner per lease term`,
        );
        // The commits may be spread over bucket collections `commits_b<n>` (FerretDB; ADR 0006).
        const commitCollections = (await conn.db!.listCollections({}, { nameOnly: true }).toArray())
          .map((c) => c.name)
          .filter((name) => /^commits(_b\d{3})?$/.test(name));
        const commits = [];
        for (const name of commitCollections) {
          commits.push(
            ...(await conn.db!.collection<{ streamId: string; idempotencyKey?: string }>(name).find({}).toArray()),
          );
        }
        const keysOfE = new Set(casesOf('E').flatMap((c) => c.steps.map((st) => st.idempotencyKey)));
        for (const c of commits) if (c.idempotencyKey && keysOfE.has(c.idempotencyKey)) streamsOfE.add(c.streamId);
      } finally {
        await conn.close();
      }
    }
    assert.ok(streamsOfE.size > 0, 'group E’s streams were found in the stores');
    const seen = new Map<string, number>();
    for (const s of services) {
      const topic = `${topicPrefix}${s}.events`;
      const ends = await endOffsets(topic);
      await readTopic(topic, ends, (key, value) => {
        if (!streamsOfE.has(key)) return;
        const id = (JSON.parse(value) as { id: string }).id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      });
    }
    const twice = [...seen].filter(([, n]) => n > 1);
    log(t, `group E: ${seen.size} events on the replicated services' topics, ${twice.length} published more than once`);
    assert.ok(seen.size > 0);
    assert.deepEqual(twice, [], 'no event of group E was published by two relays');
    for (const c of replicas.splice(0)) await stopChild(c);
  });

  /** Reads a topic from the start up to `ends` with a throwaway consumer group. */
  async function readTopic(
    topic: string,
    ends: Map<number, bigint>,
    onMessage: (key: string, value: string, headers: Record<string, Buffer | string | undefined>) => void,
  ): Promise<void> {
    const want = [...ends.values()].reduce((a, b) => a + b, 0n);
    if (want === 0n) return;
    const consumer = kafka.consumer({ groupId: uniqueName('fault-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let got = 0n;
    try {
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (BigInt(message.offset) >= (ends.get(partition) ?? 0n)) return;
          got++;
          const headers: Record<string, Buffer | string | undefined> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = Array.isArray(v) ? v[0] : v;
          onMessage(message.key?.toString() ?? '', message.value?.toString() ?? '', headers);
        },
      });
      await eventually(() => got >= want, { timeoutMs: 60_000, what: `${topic} read to its end (${want})` });
    } finally {
      await consumer.disconnect();
    }
  }

  it('6. every message delivered twice (each topic republished onto itself): the figures stay', async (t) => {
    const topics = await eventTopics();
    assert.equal(topics.length, SERVICES.length, `every service's events topic: ${topics.join(', ')}`);
    const before = await report();
    assertReportEquals(before, expectedAppendix2008(scenario), 'before the second delivery');
    const producer = kafka.producer();
    await producer.connect();
    const targets = new Map<string, Map<number, bigint>>();
    let republished = 0;
    try {
      for (const topic of topics) {
        const ends = await endOffsets(topic);
        const batch: Array<{ key: string; value: string; headers: Record<string, Buffer | string> }> = [];
        await readTopic(topic, ends, (key, value, headers) => {
          const h: Record<string, Buffer | string> = {};
          for (const [k, v] of Object.entries(headers)) if (v) h[k] = v;
          batch.push({ key, value, headers: h });
        });
        // Same key, same partitioner: each copy lands behind its original, in the same order.
        for (let i = 0; i < batch.length; i += 500) await producer.send({ topic, messages: batch.slice(i, i + 500) });
        republished += batch.length;
        const doubled = new Map([...ends].map(([p, o]) => [p, o * 2n]));
        targets.set(topic, doubled);
      }
    } finally {
      await producer.disconnect();
    }
    log(t, `republished ${republished} messages onto ${topics.length} topics`);
    // Wait until every live consumer group has read past the copies, then until caught up.
    await eventually(
      async () => {
        const groups = (await admin.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => !g.startsWith('fault-reader'));
        let behind = 0;
        let readers = 0;
        for (const topic of topics) {
          const ends = await endOffsets(topic);
          for (const groupId of groups) {
            const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
            const parts = committed?.partitions.filter((p) => Number(p.offset) >= 0) ?? [];
            if (parts.length === 0) continue;
            readers++;
            for (const p of parts) behind += Number((ends.get(p.partition) ?? 0n) - BigInt(p.offset));
          }
        }
        return readers > 0 && behind === 0;
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'every consumer group read the second copies' },
    );
    for (const [topic, doubled] of targets) {
      const ends = await endOffsets(topic);
      assert.ok(
        [...doubled].every(([p, o]) => (ends.get(p) ?? 0n) >= o),
        `${topic} holds every message twice`,
      );
    }
    await catchUp();
    assertReportEquals(await report(), expectedAppendix2008(scenario), 'after every message was delivered twice');
  });
});
