// Raw Kafka baselines with kafkajs and nothing of the product: how fast this broker takes and gives
// event-shaped messages, and how long one message takes from send to a consumer.
import { type Kafka } from 'kafkajs';
import { type BenchContext, type Outcome } from './context.js';
import { batchingProducer, freshConsumer, rawKafka, topicSize } from './kafka-client.js';
import { Accumulator, nowMs, perSecond, summarize } from './timing.js';

/** Well-known topics measurements share (the main events topic, the naive build's topic). */
export const MAIN_TOPIC = 'events';

const kafkaOf = (ctx: BenchContext): Kafka => rawKafka(ctx.infra);

/**
 * Sends the first `count` payload events to `topic`, `batch` messages per request, and returns the
 * time spent in sends only (building the messages is not timed).
 */
export async function produceBatched(
  ctx: BenchContext,
  topic: string,
  count: number,
): Promise<{ ms: number; requests: number; bytes: number }> {
  const producer = await batchingProducer(kafkaOf(ctx));
  const sends = new Accumulator();
  let requests = 0;
  let bytes = 0;
  try {
    for (const chunk of ctx.payload.chunks(count, 20_000)) {
      const messages = chunk.map((e) => e.message);
      for (const m of messages) bytes += Buffer.byteLength(m.value);
      await sends.time(async () => {
        for (let i = 0; i < messages.length; i += ctx.options.batch) {
          await producer.send({ topic, acks: -1, messages: messages.slice(i, i + ctx.options.batch) });
          requests++;
        }
      });
    }
  } finally {
    await producer.disconnect();
  }
  return { ms: sends.ms, requests, bytes };
}

/** A topic holding exactly the first `count` payload events (filled untimed when not there yet). */
export async function topicWithEvents(ctx: BenchContext, key: string, count: number): Promise<string> {
  const known = ctx.topics.get(key);
  if (known && known.events === count) return known.topic;
  const topic = await ctx.resources.topic(`bench.${key}`);
  ctx.log(`  filling ${topic} with ${count} events (not timed)`);
  await produceBatched(ctx, topic, count);
  ctx.topics.set(key, { topic, events: count });
  return topic;
}

export async function rawProduce(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.events;
  const topic = await ctx.resources.topic('bench.events');
  const { ms, requests, bytes } = await produceBatched(ctx, topic, count);
  ctx.topics.set(MAIN_TOPIC, { topic, events: count });
  ctx.checks.equal('raw-produce', 'messages in the topic = events sent', await topicSize(kafkaOf(ctx), topic), count);
  return {
    count,
    unit: 'events',
    ms,
    rate: perSecond(count, ms),
    details: { requests, messagesPerRequest: ctx.options.batch, meanValueBytes: Math.round(bytes / count) },
    note: 'idempotent producer, acks = all, one request in flight (the product’s settings); message building not timed',
  };
}

export async function rawConsume(ctx: BenchContext): Promise<Outcome> {
  const { topic, events } = ctx.topics.get(MAIN_TOPIC) ?? {
    topic: await topicWithEvents(ctx, MAIN_TOPIC, ctx.options.events),
    events: ctx.options.events,
  };
  const kafka = kafkaOf(ctx);
  const consumer = await freshConsumer(kafka, `${topic}.raw-consume`, topic);
  const lastOffset = new Map<number, number>();
  let seen = 0;
  let batches = 0;
  let first = 0;
  let last = 0;
  const started = nowMs();
  try {
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            first ||= nowMs();
            batches++;
            seen += batch.messages.length;
            const lastMessage = batch.messages.at(-1);
            if (lastMessage) lastOffset.set(batch.partition, Number(lastMessage.offset));
            if (seen >= events) {
              last = nowMs();
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  ctx.checks.equal('raw-consume', 'events consumed = events appended', seen, events);
  const admin = kafka.admin();
  await admin.connect();
  const high = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  ctx.checks.equal(
    'raw-consume',
    'last offset read = high watermark − 1 on every partition',
    high.map((p) => lastOffset.get(p.partition) ?? -1),
    high.map((p) => Number(p.high) - 1),
  );
  const ms = last - first;
  return {
    count: seen,
    unit: 'events',
    ms,
    rate: perSecond(seen, ms),
    details: { batches, meanBatch: Math.round(seen / batches), groupJoinMs: Math.round(first - started) },
    note: 'no-op eachBatch from offset 0; timed from the first batch (group join excluded, shown apart)',
  };
}

export async function rawRoundTrip(ctx: BenchContext): Promise<Outcome> {
  const count = ctx.options.roundTrips;
  const kafka = kafkaOf(ctx);
  const topic = await ctx.resources.topic('bench.round-trip');
  const consumer = await freshConsumer(kafka, `${topic}.group`, topic);
  const producer = await batchingProducer(kafka);
  const arrivals = new Map<number, (at: number) => void>();
  const received: number[] = [];
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = nowMs();
      const seq = Number(message.headers?.['bench-seq']?.toString());
      received.push(seq);
      arrivals.get(seq)?.(at);
    },
  });
  const roundTrips: number[] = [];
  const acks: number[] = [];
  try {
    await joined;
    let i = 0;
    for (const e of ctx.payload.events(count)) {
      const seq = i++;
      const arrived = new Promise<number>((resolve) => arrivals.set(seq, resolve));
      const sent = nowMs();
      await producer.send({
        topic,
        acks: -1,
        messages: [{ ...e.message, headers: { ...e.message.headers, 'bench-seq': String(seq) } }],
      });
      acks.push(nowMs() - sent);
      roundTrips.push((await withTimeout(arrived, 30_000, `round trip ${seq}`)) - sent);
      arrivals.delete(seq);
    }
  } finally {
    await producer.disconnect();
    await consumer.disconnect();
  }
  ctx.checks.equal(
    'raw-round-trip',
    'every message consumed once, in send order',
    received,
    Array.from({ length: count }, (_, i) => i),
  );
  const summary = summarize(roundTrips);
  const ack = summarize(acks);
  return {
    count,
    unit: 'round trips',
    ms: roundTrips.reduce((a, b) => a + b, 0),
    latency: summary,
    details: { ackP50Ms: round2(ack.p50Ms), ackP99Ms: round2(ack.p99Ms) },
    note: 'one message at a time: send (acks = all) → eachMessage consumer already in its group',
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
