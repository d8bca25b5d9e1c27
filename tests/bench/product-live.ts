// The product live: the applications service started in this process (its Nest app, HTTP API, event
// store and outbox relay on the run's store and broker, authenticated by the local issuer like its
// integration tests), and the reporting service's statistics projection consuming its topic. A
// command is a disclosure request received through POST /applications/disclosure-requests (one
// event, DisclosureRequestReceived); it is visible to the report once the projection has written
// its case (told by the collections the projection is given, so no polling delay is added).
import http from 'node:http';
import { OutboxRelay } from '#event-sourcing/outbox';
import { asUser, mongoUriWithDb, startService, type ServiceUnderTest, uniqueName } from '#testing';
import { AppModule } from '../../apps/applications/src/app.module.js';
import { type BenchContext, type Outcome } from './context.js';
import { type SustainedOutcome } from './product.js';
import { freshConsumer, rawKafka } from './kafka-client.js';
import { productProjection } from './product-rebuild.js';
import { nowMs, perSecond, summarize } from './timing.js';

const RECEIVE = '/applications/disclosure-requests';

export interface Live {
  readonly service: ServiceUnderTest;
  /** Milliseconds so far during which the service's outbox relay did not hold its lease (sampled every 50 ms). */
  relayIdleMs(): number;
  /** When the event of this case reached the topic (seen by a raw consumer of its own group), if seen yet. */
  onTopic(caseId: string): number | undefined;
  /** Resolves with the instant (nowMs) the projection wrote this case. */
  projected(caseId: string): Promise<number>;
  /** Duration of each projection batch write so far (ms); empty without the projection. */
  batchMs(): readonly number[];
  /** Sends one command; resolves with its status and case id. */
  command(i: number): Promise<{ status: number; id?: string }>;
  /**
   * Waits (at most `timeoutMs`) until the service's outbox is empty — including the markers of
   * commands that timed out before their commit, which the relay looks up on every pass until it
   * removes them after its grace period; resolves with how long that took, or undefined.
   */
  outboxSettled(timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Fills the stores before the service and the projection start (flat-cost measurements). */
export interface LiveSeed {
  /** The applications service's event store, at this URI (database included). */
  eventStore(mongoUri: string): Promise<void>;
  /** The projection's database, by name. */
  readModel(dbName: string): Promise<void>;
}

export async function startLive(ctx: BenchContext, withProjection: boolean, seed?: LiveSeed): Promise<Live> {
  const name = uniqueName('benchlive').replaceAll('-', '_');
  await seed?.eventStore(mongoUriWithDb(ctx.infra.mongoUri, name.replaceAll(/[^A-Za-z0-9_]/g, '_')));
  const service = await startService((runtime, options) => AppModule.forRuntime(runtime, options), ctx.infra, name);
  const port = Number(new URL(service.url).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const auth = asUser();
  const waiting = new Map<string, Array<(at: number) => void>>();
  const seen = new Map<string, number>();
  let projection: Awaited<ReturnType<typeof productProjection>> | undefined;
  if (withProjection) {
    projection = await productProjection(ctx, [service.topic('applications')], {}, false);
    await seed?.readModel(projection.db.databaseName);
    projection.timing.onWritten = (id) => {
      const at = nowMs();
      if (!seen.has(id)) seen.set(id, at);
      for (const resolve of waiting.get(id) ?? []) resolve(seen.get(id)!);
      waiting.delete(id);
    };
    await projection.projection.onApplicationBootstrap();
  }
  // A raw kafkajs consumer beside the projection, to split the lag into outbox relay (append → on the
  // topic) and projection (on the topic → written).
  const arrivals = new Map<string, number>();
  const probe = withProjection
    ? await freshConsumer(rawKafka(ctx.infra), uniqueName('bench.probe'), service.topic('applications'))
    : undefined;
  await probe?.run({
    eachMessage: async ({ message }) => {
      if (message.key) arrivals.set(message.key.toString(), nowMs());
    },
  });
  // The relay publishes only while it holds its lease (one active relay per service, renewed every
  // second on the store): sampled, to tell a relay stall from slow publishing.
  const relay = service.app.get(OutboxRelay, { strict: false });
  let idleMs = 0;
  const sampler = setInterval(() => {
    if (!relay.active) idleMs += 50;
  }, 50);
  sampler.unref();
  return {
    service,
    relayIdleMs: () => idleMs,
    onTopic: (caseId) => arrivals.get(caseId),
    batchMs: () => projection?.timing.batchMs ?? [],
    projected: (caseId) => {
      const at = seen.get(caseId);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => waiting.set(caseId, [...(waiting.get(caseId) ?? []), resolve]));
    },
    command: (i) =>
      post({ agent, port }, RECEIVE, receiveBody(i), { ...auth, 'idempotency-key': `${name}-${i}` }).then(
        ({ status, body }) => ({ status, ...(typeof body.id === 'string' ? { id: body.id } : {}) }),
      ),
    outboxSettled: async (timeoutMs) => {
      const start = nowMs();
      while (nowMs() - start < timeoutMs) {
        if ((await relay.stats()).backlog === 0) return nowMs() - start;
        await new Promise((r) => setTimeout(r, 500));
      }
      return undefined;
    },
    close: async () => {
      clearInterval(sampler);
      agent.destroy();
      await probe?.disconnect();
      await projection?.close();
      await service.close();
    },
  };
}

const CHANNELS = ['email', 'online', 'letter', 'in-person'];

/** A disclosure request received by the city bureau, recorded by one of its clerks. */
function receiveBody(i: number): string {
  return JSON.stringify({
    agencyId: 'zhuzhou-city',
    receiptDate: '2024-06-03',
    channel: CHANNELS[i % CHANNELS.length],
    applicantType: 'natural-person',
    informationRequested: `土地出让合同 #${i}`,
    applicant: { name: '王五', phone: '13800000000' },
  });
}

/**
 * POSTs once more when the keep-alive socket it reused had been closed by the server meanwhile (an
 * idle socket past the server's keep-alive timeout: ECONNRESET on a reused socket, Node's documented
 * race). Safe: every command carries an Idempotency-Key, so the service answers a repeat as the first.
 */
async function post(
  target: { agent: http.Agent; port: number },
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    return await postOnce(target, path, body, headers);
  } catch (err) {
    if (!(err instanceof StaleSocketError)) throw err;
    return postOnce(target, path, body, headers);
  }
}

class StaleSocketError extends Error {}

function postOnce(
  target: { agent: http.Agent; port: number },
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent: target.agent,
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err.message) : err),
    );
    req.end(body);
  });
}

const countStatuses = (statuses: readonly number[]): Array<[number, number]> => {
  const m = new Map<number, number>();
  for (const s of statuses) m.set(s, (m.get(s) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
};

/** Commands through the HTTP API: `httpConcurrency` clients, bounded by `productCommands` and `httpSeconds`. */
export async function measureProductCommands(ctx: BenchContext): Promise<Outcome> {
  const { httpConcurrency, httpSeconds } = ctx.options;
  const limit = ctx.options.productCommands;
  const live = await startLive(ctx, false);
  let next = 0;
  try {
    // Warm-up: connections, JIT, the event store's collections; not counted.
    await Promise.all(Array.from({ length: httpConcurrency }, () => live.command(next++)));
    const latencies: number[] = [];
    const statuses: number[] = [];
    const started = nowMs();
    const deadline = started + httpSeconds * 1000;
    let issued = 0;
    await Promise.all(
      Array.from({ length: httpConcurrency }, async () => {
        while (issued < limit && nowMs() < deadline) {
          issued++;
          const t0 = nowMs();
          const { status } = await live.command(next++);
          latencies.push(nowMs() - t0);
          statuses.push(status);
        }
      }),
    );
    const ms = nowMs() - started;
    ctx.checks.equal('product-commands', 'every command answered 201', countStatuses(statuses), [[201, issued]]);
    return {
      count: issued,
      unit: 'commands',
      ms,
      rate: perSecond(issued, ms),
      latency: summarize(latencies),
      details: { concurrency: httpConcurrency, eventsPerCommand: 1 },
      note:
        'POST /applications/disclosure-requests (receive: one event) to the applications service in this process, ' +
        `real mode (event store + outbox relay on the run's store and broker), bearer token of the local issuer; ${httpConcurrency} keep-alive clients`,
    };
  } finally {
    await live.close();
  }
}

/** One command at a time: from sending it to its case written by the reporting projection. */
export async function measureEndToEndLatency(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.endToEndSamples;
  const live = await startLive(ctx, true);
  try {
    // Warm-up: the projection's consumer has joined and the path is hot once one case came through.
    for (let i = 0; i < 5; i++) {
      const { id } = await live.command(-1 - i);
      if (id) await withTimeout(live.projected(id), 30_000, 'warm-up command projected');
    }
    const latencies: number[] = [];
    const commandLatencies: number[] = [];
    const splits: Array<{ answered: number; t0: number; id: string; at: number }> = [];
    const started = nowMs();
    for (let i = 0; i < count && nowMs() - started < ctx.options.httpSeconds * 1000; i++) {
      const t0 = nowMs();
      const { status, id } = await live.command(i);
      commandLatencies.push(nowMs() - t0);
      if (status !== 201 || !id) throw new Error(`command ${i} answered ${status}`);
      const at = await withTimeout(live.projected(id), 10_000, `case ${id} projected`);
      latencies.push(at - t0);
      splits.push({ answered: commandLatencies.at(-1)!, t0, id, at });
    }
    const ms = nowMs() - started;
    ctx.checks.that(
      'product-end-to-end',
      'every command sent was seen in the read model',
      latencies.length > 0,
      `${latencies.length} of ${latencies.length}`,
    );
    const commands = summarize(commandLatencies);
    const seenOnTopic = splits.filter((x) => live.onTopic(x.id) !== undefined);
    const toTopic = summarize(seenOnTopic.map((x) => live.onTopic(x.id)! - x.t0));
    const projecting = summarize(seenOnTopic.map((x) => x.at - live.onTopic(x.id)!));
    return {
      count: latencies.length,
      unit: 'commands',
      ms,
      latency: summarize(latencies),
      details: {
        commandP50Ms: round1(commands.p50Ms),
        commandP99Ms: round1(commands.p99Ms),
        sentToTopicP50Ms: round1(toTopic.p50Ms),
        topicToReadModelP50Ms: round1(projecting.p50Ms),
      },
      note:
        'one command at a time: POST receive → event store → outbox relay → Kafka → StatisticsProjection ' +
        '(handleBatch) → the case written to the read model',
    };
  } finally {
    await live.close();
  }
}

/**
 * A stepped search: commands sent open-loop at a fixed rate for a step; a step passes when every
 * command was answered 201 and projected, with projection lag (event appended, i.e. command answered → case written) p99 < 1 s. Rates double until
 * a step fails; the highest passing rate is then held for `sustainedSeconds` (the minute) to confirm it.
 */
export async function measureSustainedRate(ctx: BenchContext): Promise<SustainedOutcome> {
  const live = await startLive(ctx, true);
  let sent = 0;
  const step = async (
    rate: number,
    seconds: number,
  ): Promise<{ pass: boolean; lagP99Ms: number; commandP99Ms: number; why: string }> => {
    const total = Math.round(rate * seconds);
    const started = nowMs();
    const idleBefore = live.relayIdleMs();
    const lags: number[] = [];
    const commandLatencies: number[] = [];
    const relayLags: number[] = [];
    const ids: string[] = [];
    let lastAnswer = started;
    const failures: string[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const n = sent++;
      pending.push(
        (async () => {
          const t0 = nowMs();
          // A command that fails to be sent fails the step (never an unhandled rejection while the
          // loop is still pacing the next commands: Node would end the run).
          const answer = await live.command(n).catch((err: unknown) => {
            failures.push(`not answered: ${(err as Error).message}`);
            return undefined;
          });
          if (!answer) return;
          const { status, id } = answer;
          // The event is appended (committed to the event store) when the command is answered.
          const appended = nowMs();
          commandLatencies.push(appended - t0);
          lastAnswer = Math.max(lastAnswer, appended);
          if (status !== 201 || !id) {
            failures.push(`status ${status}`);
            return;
          }
          ids.push(id);
          const at = await withTimeout(live.projected(id), 5_000, 'projected').catch(() => undefined);
          if (at === undefined) failures.push('not projected within 5 s');
          else {
            lags.push(at - appended);
            const onTopic = live.onTopic(id);
            if (onTopic !== undefined) relayLags.push(onTopic - appended);
          }
        })(),
      );
    }
    await Promise.all(pending);
    // Let a backlog left by this step drain before the next one (bounded), so steps do not inherit it.
    const drainStart = nowMs();
    const drained = await withTimeout(Promise.all(ids.map((id) => live.projected(id))), 90_000, 'backlog drained')
      .then(() => true)
      .catch(() => false);
    if (!drained || nowMs() - drainStart > 1000) {
      ctx.log(`  backlog ${drained ? 'drained' : 'NOT drained'} after ${((nowMs() - drainStart) / 1000).toFixed(1)} s`);
    }
    const lag = summarize(lags);
    const commands = summarize(commandLatencies);
    // Kept up: every command answered within a second of the step's end (no backlog building up).
    const keptUp = lastAnswer - started <= seconds * 1000 + 1000;
    const pass = failures.length === 0 && keptUp && lag.p99Ms < 1000;
    const why =
      `${failures.length ? `${failures.length} failed (${failures[0]}); ` : ''}` +
      `projection lag p99 ${Math.round(lag.p99Ms)} ms (of which relay to topic p99 ${Math.round(summarize(relayLags).p99Ms)} ms), ` +
      `command p99 ${Math.round(commands.p99Ms)} ms, relay without its lease ${live.relayIdleMs() - idleBefore} ms, ` +
      `last answer at ${((lastAnswer - started) / 1000).toFixed(1)} s`;
    ctx.log(`  ${rate} commands/s for ${seconds} s: ${pass ? 'pass' : 'FAIL'} — ${why}`);
    return { pass, lagP99Ms: lag.p99Ms, commandP99Ms: commands.p99Ms, why };
  };
  try {
    // Warm-up.
    for (let i = 0; i < 5; i++) {
      const { id } = await live.command(-1 - i);
      if (id) await withTimeout(live.projected(id), 30_000, 'warm-up command projected');
    }
    let best: { rate: number; lagP99Ms: number; commandP99Ms: number } | undefined;
    let failed: number | undefined;
    for (let rate = ctx.options.sustainedStartRate; rate <= 4096; rate *= 2) {
      const r = await step(rate, ctx.options.sustainedStepSeconds);
      if (!r.pass) {
        failed = rate;
        break;
      }
      best = { rate, lagP99Ms: r.lagP99Ms, commandP99Ms: r.commandP99Ms };
    }
    // One step between the last rate that passed and the first that failed.
    if (best && failed !== undefined && failed - best.rate >= 4) {
      const rate = Math.round((best.rate + failed) / 2);
      const r = await step(rate, ctx.options.sustainedStepSeconds);
      if (r.pass) best = { rate, lagP99Ms: r.lagP99Ms, commandP99Ms: r.commandP99Ms };
    }
    // Hold the best rate for the full period; if it does not hold, halve it, up to `sustainedHolds`
    // holds (a count, not a time budget: a budget counted from the search's start left room for one
    // hold after a long climb, and a hold that failed by a little then reported 0).
    let held: { rate: number; lagP99Ms: number; commandP99Ms: number } | undefined;
    const holds: string[] = [];
    for (
      let rate = best?.rate;
      rate !== undefined && rate >= 1 && holds.length < ctx.options.sustainedHolds;
      rate = Math.floor(rate / 2)
    ) {
      // A hold should not inherit the overload before it: commands that timed out there may leave
      // outbox markers without commits, which the relay looks up (a full bucket scan on FerretDB) on
      // every pass until its 60-s grace period ends. Measured (docs/benchmarks.md): with this wait,
      // 8 commands/s held after the overloads where it had failed; 16/s still did not (it does on a
      // fresh store) — the wait removes part of what a hold inherits, not all.
      const settled = await live.outboxSettled(120_000);
      ctx.log(
        `  outbox ${settled === undefined ? 'NOT empty after 120 s' : `empty after ${(settled / 1000).toFixed(1)} s`}`,
      );
      const r = await step(rate, ctx.options.sustainedSeconds);
      holds.push(`${rate}/s held: ${r.why}`);
      if (r.pass) {
        held = { rate, lagP99Ms: r.lagP99Ms, commandP99Ms: r.commandP99Ms };
        break;
      }
    }
    if (!held) {
      // Not a failed measurement: a rate of 0 held, which the sustained goal reports as not met.
      return {
        count: 0,
        unit: 'events',
        ms: ctx.options.sustainedSeconds * 1000,
        rate: 0,
        lagP99Ms: Number.NaN,
        details: { searchStepSeconds: ctx.options.sustainedStepSeconds, heldSeconds: ctx.options.sustainedSeconds },
        note:
          `no rate kept the projection lag p99 under 1 s for ${ctx.options.sustainedSeconds} s ` +
          `(${ctx.options.sustainedStepSeconds}-s search steps passed up to ${best?.rate ?? 0} commands/s; ${holds.join('; ')})`,
      };
    }
    return {
      count: Math.round(held.rate * ctx.options.sustainedSeconds),
      unit: 'events',
      ms: ctx.options.sustainedSeconds * 1000,
      rate: held.rate,
      lagP99Ms: held.lagP99Ms,
      details: {
        lagP99Ms: Math.round(held.lagP99Ms),
        commandP99Ms: Math.round(held.commandP99Ms),
        searchStepSeconds: ctx.options.sustainedStepSeconds,
        heldSeconds: ctx.options.sustainedSeconds,
      },
      note:
        'open-loop commands (one event each) at a fixed rate, doubled per step until a step fails, one step between, ' +
        `then the best rate held for ${ctx.options.sustainedSeconds} s; a step passes when every command is answered 201 ` +
        'within a second of its end and projection lag p99 < 1 s (lag = command answered, i.e. event appended → case written by the projection)',
    };
  } finally {
    await live.close();
  }
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]);
}
