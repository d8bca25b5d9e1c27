// The one behaviour both transports must show (DESIGN §6), run against InMemoryTransport
// (in-memory-transport.unit.spec.ts) and KafkaTransport on a real broker (kafka-transport.int.spec.ts).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EVENT_HEADERS, deadLetterTopic } from '#contracts';
import { eventually } from '#testing';
import {
  DEAD_LETTER_REPLAYS_HEADER,
  listDeadLetters,
  replayDeadLetters,
  republishDeadLetters,
} from './dead-letters.js';
import { DEAD_LETTER_HEADERS } from './delivery.js';
import { dedupHandler, eventIdFromHeaders, type ProcessedEvents } from './dedup.js';
import { partitionForKey } from './partitioner.js';
import { type AppliedLog, type DoomedConsumerScenario } from './testing/doomed-consumer.js';
import {
  type ConsumerHandle,
  type ConsumerOptions,
  type InboundMessage,
  type MessageTransport,
  type OutgoingMessage,
  type RetryPolicy,
} from './transport.js';

export interface DoomedConsumer {
  /** Resolves when the consumer hangs at the chosen event, mid-batch. */
  readonly blocked: Promise<void>;
  /** Kills it like a crashed process: no commit, no leaving the group. */
  kill(): Promise<void>;
}

export interface TransportContractFixture {
  readonly transport: MessageTransport;
  /** Short backoffs so the poison case does not wait seconds. */
  readonly retry: RetryPolicy;
  /** A new topic with `partitions`, under a name no other test uses. */
  topic(partitions: number): Promise<string>;
  group(): string;
  /** A dedup store the doomed consumer (maybe in another process) and the test share. */
  processed(): ProcessedEvents;
  appliedLog(): AppliedLog;
  startDoomed(scenario: DoomedConsumerScenario, log: AppliedLog): Promise<DoomedConsumer>;
  /** How long `eventually` may wait for a broker round trip, rebalance included. */
  readonly timeoutMs: number;
}

const event = (key: string, id: string, value: unknown = { id }): OutgoingMessage => ({
  key,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  headers: { [EVENT_HEADERS.eventId]: id },
});

class Received {
  readonly messages: InboundMessage[] = [];
  readonly handle = async (m: InboundMessage): Promise<void> => {
    this.messages.push(m);
  };
  ids(): string[] {
    return this.messages.map(eventIdFromHeaders);
  }
}

export function transportContract(fx: () => TransportContractFixture): void {
  const consumers: ConsumerHandle[] = [];
  const consume = async (options: ConsumerOptions): Promise<ConsumerHandle> => {
    const c = await fx().transport.consume(options);
    consumers.push(c);
    return c;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  };
  const wait = <T>(check: () => T | Promise<T>, what: string) =>
    eventually(check, { timeoutMs: fx().timeoutMs, intervalMs: 25, what });

  it('keeps per-key order, and puts a key on the partition Kafka would', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(3);
    const keys = ['case-a', 'case-b', 'case-c', 'case-d'];
    for (let round = 0; round < 5; round++) {
      const batch = keys.flatMap((k) => Array.from({ length: 4 }, (_, i) => event(k, `${k}:${round * 4 + i}`)));
      await transport.publish(topic, batch);
    }
    const got = new Received();
    await consume({ groupId: fx().group(), topics: [topic], handle: got.handle });
    await wait(() => got.messages.length >= 80, 'all 80 messages consumed');
    assert.equal(got.messages.length, 80);
    for (const k of keys) {
      const mine = got.messages.filter((m) => m.key === k);
      assert.deepEqual(
        mine.map(eventIdFromHeaders),
        Array.from({ length: 20 }, (_, i) => `${k}:${i}`),
      );
      assert.deepEqual([...new Set(mine.map((m) => m.partition))], [partitionForKey(k, 3)]);
      const offsets = mine.map((m) => Number(m.offset));
      assert.deepEqual(
        offsets,
        [...offsets].sort((a, b) => a - b),
      );
    }
  });

  it('splits the partitions of a topic among the members of a group', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(4);
    const group = fx().group();
    const a = new Received();
    const b = new Received();
    await consume({ groupId: group, topics: [topic], handle: a.handle });
    await consume({ groupId: group, topics: [topic], handle: b.handle });
    // Keys spread over all four partitions; a round is published until both members are handed work.
    const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
    assert.equal(new Set(keys.map((k) => partitionForKey(k, 4))).size, 4);
    let round = 0;
    const published: string[] = [];
    await wait(async () => {
      const batch = keys.map((k) => event(k, `${k}@${round}`));
      round++;
      await transport.publish(topic, batch);
      published.push(...batch.map((m) => m.headers[EVENT_HEADERS.eventId]!));
      return a.messages.length > 0 && b.messages.length > 0;
    }, 'both members consume');
    // Both members have been handed work, so the group is stable: one more round is split cleanly.
    const lastRound = round;
    const stableRound = keys.map((k) => event(k, `${k}@${lastRound}`));
    await transport.publish(topic, stableRound);
    published.push(...stableRound.map((m) => m.headers[EVENT_HEADERS.eventId]!));
    await wait(() => {
      const seen = new Set([...a.ids(), ...b.ids()]);
      return published.every((id) => seen.has(id));
    }, 'every published message consumed');
    const inLast = (r: Received) => r.messages.filter((m) => eventIdFromHeaders(m).endsWith(`@${lastRound}`));
    const pa = new Set(inLast(a).map((m) => m.partition));
    const pb = new Set(inLast(b).map((m) => m.partition));
    assert.ok(pa.size > 0 && pb.size > 0, `both members got part of the last round (${[...pa]} / ${[...pb]})`);
    assert.deepEqual(
      [...pa].filter((p) => pb.has(p)),
      [],
      'no partition went to both members',
    );
    assert.equal(inLast(a).length + inLast(b).length, keys.length, 'each message of the last round once');
  });

  it('resumes from the committed offset after a graceful restart', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(2);
    const group = fx().group();
    await transport.publish(
      topic,
      Array.from({ length: 10 }, (_, i) => event(`s${i % 3}`, `first-${i}`)),
    );
    const first = new Received();
    const c1 = await consume({ groupId: group, topics: [topic], handle: first.handle });
    await wait(() => first.messages.length >= 10, 'first consumer read 10');
    await c1.stop();
    const committed = await transport.groupOffsets(group, topic);
    assert.equal(
      committed.reduce((sum, c) => sum + Number(c.offset ?? 0), 0),
      10,
      'stop() committed all it handled',
    );
    await transport.publish(
      topic,
      Array.from({ length: 5 }, (_, i) => event(`s${i % 3}`, `second-${i}`)),
    );
    const second = new Received();
    await consume({ groupId: group, topics: [topic], handle: second.handle });
    await wait(() => second.messages.length >= 5, 'restarted consumer read the new 5');
    assert.deepEqual(
      second.ids().sort(),
      Array.from({ length: 5 }, (_, i) => `second-${i}`),
      'nothing before the committed offset was read again',
    );
  });

  it('stop() finishes the batch in hand and commits it', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(1);
    const group = fx().group();
    await transport.publish(
      topic,
      Array.from({ length: 10 }, (_, i) => event('one', `m${i}`)),
    );
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reachedGate!: () => void;
    const atGate = new Promise<void>((r) => (reachedGate = r));
    const got = new Received();
    const c = await consume({
      groupId: group,
      topics: [topic],
      handle: async (m) => {
        if (eventIdFromHeaders(m) === 'm2') {
          reachedGate();
          await gate;
        }
        await got.handle(m);
      },
    });
    await atGate;
    const stopped = c.stop();
    release();
    await stopped;
    assert.deepEqual(
      got.ids(),
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
    assert.deepEqual(await transport.groupOffsets(group, topic), [{ partition: 0, offset: '10' }]);
  });

  it('pauses and resumes a consumer', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(1);
    const got = new Received();
    const c = await consume({ groupId: fx().group(), topics: [topic], handle: got.handle });
    c.pause();
    await transport.publish(topic, [event('p', 'p0'), event('p', 'p1')]);
    c.resume();
    await wait(() => got.messages.length >= 2, 'consumed after resume');
    assert.deepEqual(got.ids(), ['p0', 'p1']);
  });

  it('a consumer killed mid-batch loses nothing and, with dedup, doubles nothing after restart', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(1);
    const group = fx().group();
    const ids = Array.from({ length: 20 }, (_, i) => `ev-${String(i).padStart(2, '0')}`);
    // One publish: the consumer's first fetch holds all twenty, so the kill lands mid-batch.
    await transport.publish(
      topic,
      ids.map((id) => event('the-case', id)),
    );
    const log = fx().appliedLog();
    const doomed = await fx().startDoomed({ topic, groupId: group, blockAtEventId: 'ev-12', retry: fx().retry }, log);
    await doomed.blocked;
    assert.deepEqual(await log.entries(), ids.slice(0, 12), 'applied up to the hang');
    const committedAtKill = Number((await transport.groupOffsets(group, topic))[0]?.offset ?? 0);
    assert.ok(committedAtKill < 12, `the kill leaves applied messages uncommitted (committed ${committedAtKill})`);
    await doomed.kill();

    const processed = fx().processed();
    const redelivered: string[] = [];
    const apply = dedupHandler(processed, group, async (m) => log.append(eventIdFromHeaders(m)));
    await consume({
      groupId: group,
      topics: [topic],
      retry: fx().retry,
      handle: async (m) => {
        redelivered.push(eventIdFromHeaders(m));
        await apply(m);
      },
    });
    await wait(async () => (await log.entries()).length >= 20, 'all twenty applied after restart');
    assert.deepEqual(await log.entries(), ids, 'each event applied exactly once, in order');
    assert.deepEqual(redelivered, ids.slice(committedAtKill), 'everything after the last commit came again');
  });

  it('dead-letters a poison message after its retries, goes on with the partition, and replays it once fixed', async (t) => {
    t.after(stopAll);
    const { transport, retry } = fx();
    const topic = await fx().topic(3);
    const group = fx().group();
    const key = 'poisoned-case';
    const ids = Array.from({ length: 10 }, (_, i) => `pm-${i}`);
    const messages = ids.map((id) => (id === 'pm-6' ? event(key, id, '{not json') : event(key, id)));
    await transport.publish(topic, messages);

    const processed = fx().processed();
    const applied: string[] = [];
    const attempts = new Map<string, number>();
    let fixed = false;
    // The projection: parses the value; until "fixed", pm-3 makes it throw.
    const project = async (m: InboundMessage): Promise<void> => {
      const id = eventIdFromHeaders(m);
      attempts.set(id, (attempts.get(id) ?? 0) + 1);
      const body = JSON.parse(m.value ?? '') as { id: string };
      if (body.id === 'pm-3' && !fixed) throw new Error('projection failed on pm-3');
      applied.push(body.id);
    };
    const told: Array<[string, string, number]> = [];
    await consume({
      groupId: group,
      topics: [topic],
      retry,
      retryable: (e) => !(e instanceof SyntaxError),
      handle: dedupHandler(processed, group, project),
      onDeadLetter: (m, error, tries) => told.push([eventIdFromHeaders(m), (error as Error).name, tries]),
    });
    await wait(() => applied.includes('pm-9'), 'the messages after the poison ones applied');
    assert.deepEqual(
      told,
      [
        ['pm-3', 'Error', retry.maxAttempts],
        ['pm-6', 'SyntaxError', 1],
      ],
      "the consumer's own dead-letter hook was told of each letter once it was written",
    );
    assert.deepEqual(applied, ['pm-0', 'pm-1', 'pm-2', 'pm-4', 'pm-5', 'pm-7', 'pm-8', 'pm-9']);
    assert.equal(attempts.get('pm-3'), retry.maxAttempts, 'the throwing handler was retried');
    assert.equal(attempts.get('pm-6'), 1, 'invalid JSON is not retried');

    const letters = await wait(async () => {
      const l = await listDeadLetters(transport, topic);
      return l.length >= 2 ? l : undefined;
    }, 'two dead letters');
    assert.equal(letters.length, 2);
    const partition = partitionForKey(key, 3);
    const [l3, l6] = letters;
    for (const [letter, id, name, tries] of [
      [l3, 'pm-3', 'Error', retry.maxAttempts],
      [l6, 'pm-6', 'SyntaxError', 1],
    ] as const) {
      assert.ok(letter);
      assert.equal(letter.at.topic, deadLetterTopic(topic));
      assert.equal(letter.message.topic, topic);
      assert.equal(letter.message.partition, partition);
      assert.equal(letter.message.offset, String(ids.indexOf(id)));
      assert.equal(letter.message.key, key);
      assert.equal(letter.message.headers[EVENT_HEADERS.eventId], id);
      assert.equal(letter.consumerGroup, group);
      assert.equal(letter.error.name, name);
      assert.equal(letter.attempts, tries);
      assert.ok(letter.failedAt && !Number.isNaN(Date.parse(letter.failedAt)), 'failed-at is an instant');
      assert.equal(letter.message.value, messages[ids.indexOf(id)]!.value);
    }
    assert.match(l3!.error.message, /projection failed on pm-3/);
    assert.equal(letters[0]!.message.headers[DEAD_LETTER_HEADERS.errorName], undefined, 'dlq headers are split off');

    fixed = true;
    const replayGroup = `${group}.replay`;
    const replay = () =>
      replayDeadLetters({
        transport,
        topic,
        replayGroup,
        retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
        handle: (letter) => dedupHandler(processed, group, project)(letter.message),
      });
    const first = await replay();
    assert.deepEqual(
      first.replayed.map((l) => l.message.headers[EVENT_HEADERS.eventId]),
      ['pm-3'],
    );
    assert.deepEqual(
      first.failed.map((f) => [f.letter.message.headers[EVENT_HEADERS.eventId], f.error.name]),
      [['pm-6', 'SyntaxError']],
    );
    assert.deepEqual(
      applied.filter((id) => id === 'pm-3'),
      ['pm-3'],
      'the fixed handler applied pm-3',
    );

    // Again with the same replay group: only the letter that failed again (now at the end) comes back.
    const second = await replay();
    assert.deepEqual(second.replayed, []);
    assert.deepEqual(
      second.failed.map((f) => [f.letter.message.headers[EVENT_HEADERS.eventId], f.letter.replays]),
      [['pm-6', 1]],
    );
    // A fresh replay group reads every letter again; dedup keeps pm-3 applied once.
    const fresh = await replayDeadLetters({
      transport,
      topic,
      replayGroup: `${group}.replay-again`,
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
      handle: (letter) => dedupHandler(processed, group, project)(letter.message),
    });
    assert.ok(fresh.replayed.some((l) => l.message.headers[EVENT_HEADERS.eventId] === 'pm-3'));
    assert.deepEqual(
      applied.filter((id) => id === 'pm-3'),
      ['pm-3'],
      'pm-3 applied exactly once',
    );
    assert.equal(applied.length, 9);
  });

  it('replays a dead letter to the group that failed it alone, as the original message', async (t) => {
    t.after(stopAll);
    const { transport, retry } = fx();
    const topic = await fx().topic(3);
    const failing = fx().group();
    const healthy = fx().group();
    const key = 'replayed-case';
    await transport.publish(topic, [event(key, 'rp-0'), event(key, 'rp-1'), event(key, 'rp-2')]);

    let fixed = false;
    const failingGot = new Received();
    const healthyGot = new Received();
    await consume({
      groupId: failing,
      topics: [topic],
      retry,
      handle: async (m) => {
        if (eventIdFromHeaders(m) === 'rp-1' && !fixed) throw new Error('cannot apply rp-1 yet');
        await failingGot.handle(m);
      },
    });
    await consume({ groupId: healthy, topics: [topic], retry, handle: healthyGot.handle });
    const [letter] = await wait(async () => {
      const l = await listDeadLetters(transport, topic, { consumerGroup: failing });
      return l.length === 1 ? l : undefined;
    }, 'the failing group dead-lettered rp-1');
    await wait(() => healthyGot.ids().length === 3 && failingGot.ids().length === 2, 'both groups past rp-2');

    fixed = true;
    const report = await republishDeadLetters({ transport, topic, replayGroup: `${failing}.replay` });
    assert.equal(report.replayed.length, 1);
    await wait(() => failingGot.ids().includes('rp-1'), 'the failing group applied the replay');
    const replayed = failingGot.messages.find((m) => eventIdFromHeaders(m) === 'rp-1')!;
    assert.deepEqual(
      [replayed.topic, replayed.partition, replayed.offset, replayed.key, replayed.value],
      [topic, letter!.message.partition, letter!.message.offset, key, letter!.message.value],
      'handed over as the message it had failed on',
    );
    assert.equal(replayed.headers[DEAD_LETTER_REPLAYS_HEADER], '1', 'counted as a replay');
    // The healthy group was not handed rp-1 again: a message published later under the same key
    // (the same partition, so after any copy of rp-1 published there) reaches it alone.
    await transport.publish(topic, [event(key, 'rp-3')]);
    await wait(() => healthyGot.ids().includes('rp-3'), 'the healthy group read rp-3');
    assert.deepEqual(healthyGot.ids(), ['rp-0', 'rp-1', 'rp-2', 'rp-3']);
    await wait(() => failingGot.ids().includes('rp-3'), 'the failing group read rp-3');
    assert.deepEqual(failingGot.ids(), ['rp-0', 'rp-2', 'rp-1', 'rp-3']);
    assert.equal((await listDeadLetters(transport, topic)).length, 1, 'no new dead letter');
  });

  // ---- handleBatch: the same guarantees, one call per fetched partition batch ----

  it('hands a batch handler each partition in offset order, one partition per call, and commits after it', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(3);
    const group = fx().group();
    const keys = ['case-a', 'case-b', 'case-c', 'case-d'];
    for (let round = 0; round < 5; round++) {
      await transport.publish(
        topic,
        keys.flatMap((k) => Array.from({ length: 4 }, (_, i) => event(k, `${k}:${round * 4 + i}`))),
      );
    }
    const batches: InboundMessage[][] = [];
    await consume({
      groupId: group,
      topics: [topic],
      handleBatch: async (messages) => {
        batches.push([...messages]);
      },
    });
    await wait(() => batches.flat().length >= 80, 'all 80 messages handed over');
    const all = batches.flat();
    assert.equal(all.length, 80, 'each message once');
    for (const batch of batches) {
      assert.ok(batch.length > 0, 'no empty batch');
      assert.equal(new Set(batch.map((m) => `${m.topic}/${m.partition}`)).size, 1, 'one partition per batch');
      const offsets = batch.map((m) => Number(m.offset));
      assert.deepEqual(
        offsets,
        offsets.map((_, i) => offsets[0]! + i),
        'consecutive offsets',
      );
    }
    for (const k of keys) {
      assert.deepEqual(
        all.filter((m) => m.key === k).map(eventIdFromHeaders),
        Array.from({ length: 20 }, (_, i) => `${k}:${i}`),
      );
    }
    await wait(async () => {
      const committed = await transport.groupOffsets(group, topic);
      return committed.reduce((n, c) => n + Number(c.offset ?? 0), 0) === 80;
    }, 'every batch committed');
  });

  it('a batch consumer killed mid-batch loses nothing: the uncommitted batch comes again', async (t) => {
    t.after(stopAll);
    const { transport } = fx();
    const topic = await fx().topic(1);
    const group = fx().group();
    const ids = Array.from({ length: 20 }, (_, i) => `bv-${String(i).padStart(2, '0')}`);
    await transport.publish(
      topic,
      ids.map((id) => event('the-case', id)),
    );
    const log = fx().appliedLog();
    const doomed = await fx().startDoomed(
      { topic, groupId: group, blockAtEventId: 'bv-12', retry: fx().retry, batch: true },
      log,
    );
    await doomed.blocked;
    assert.deepEqual(await log.entries(), ids.slice(0, 12), 'applied up to the hang');
    const committedAtKill = Number((await transport.groupOffsets(group, topic))[0]?.offset ?? 0);
    assert.ok(committedAtKill < 12, `the batch in hand is not committed (committed ${committedAtKill})`);
    await doomed.kill();

    const processed = fx().processed();
    const redelivered: string[] = [];
    const apply = dedupHandler(processed, group, async (m) => log.append(eventIdFromHeaders(m)));
    await consume({
      groupId: group,
      topics: [topic],
      retry: fx().retry,
      handleBatch: async (messages) => {
        for (const m of messages) {
          redelivered.push(eventIdFromHeaders(m));
          await apply(m);
        }
      },
    });
    await wait(async () => (await log.entries()).length >= 20, 'all twenty applied after restart');
    assert.deepEqual(await log.entries(), ids, 'each event applied exactly once, in order');
    assert.deepEqual(redelivered, ids.slice(committedAtKill), 'everything after the last commit came again');
  });

  it('a batch that throws is delivered one message at a time: the poison message alone is dead-lettered', async (t) => {
    t.after(stopAll);
    const { transport, retry } = fx();
    const topic = await fx().topic(1);
    const group = fx().group();
    const ids = Array.from({ length: 10 }, (_, i) => `bp-${i}`);
    await transport.publish(
      topic,
      ids.map((id) => (id === 'bp-6' ? event('poisoned', id, '{not json') : event('poisoned', id))),
    );
    const calls: number[] = [];
    const applied: string[] = [];
    await consume({
      groupId: group,
      topics: [topic],
      retry,
      retryable: (e) => !(e instanceof SyntaxError),
      // Parses the whole batch before applying any of it: a bad message fails the batch untouched.
      handleBatch: async (messages) => {
        calls.push(messages.length);
        const bodies = messages.map((m) => JSON.parse(m.value ?? '') as { id: string });
        for (const b of bodies) applied.push(b.id);
      },
    });
    await wait(() => applied.includes('bp-9'), 'the messages after the poison one applied');
    assert.deepEqual(
      applied,
      ids.filter((id) => id !== 'bp-6'),
      'every other message applied once, in order',
    );
    assert.ok(
      calls.some((n) => n > 1),
      `a batch holding the poison message was tried whole first (${calls.join(',')})`,
    );
    const letters = await wait(async () => {
      const l = await listDeadLetters(transport, topic);
      return l.length >= 1 ? l : undefined;
    }, 'one dead letter');
    assert.deepEqual(
      letters.map((l) => [l.message.headers[EVENT_HEADERS.eventId], l.error.name, l.attempts]),
      [['bp-6', 'SyntaxError', 1]],
    );
    await wait(async () => (await transport.groupOffsets(group, topic))[0]?.offset === '10', 'partition committed');
  });
}
