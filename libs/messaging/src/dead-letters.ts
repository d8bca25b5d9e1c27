// Dead letters: messages a consumer group gave up on (delivery.ts), kept in `<topic>.dlq` with the
// error and their original coordinates. This is the tool to look at them and to replay them once
// the cause is fixed; the operations issue builds inspect/replay/discard on it. A replay goes to the
// retry topic of the group that failed, never to the public topic (ADR 0007).
//
// A replay reads the dead-letter topic with its own group (a name such as `<group>.replay`), whose
// committed offset records how far replays have got: run it twice and the second run only sees dead
// letters that arrived since. Each letter is committed right after it is handled, so a crash mid-replay
// repeats at most the one in hand (the handler should deduplicate, like any consumer). A letter that
// fails again is appended to the dead-letter topic anew, with the new error, and the replay moves on.
import { DEAD_LETTER_REPLAYS_HEADER, deadLetterTopic, retryTopic } from '#contracts';
import { DEAD_LETTER_HEADERS, DEFAULT_RETRY_POLICY, backoffMs, describeError } from './delivery.js';
import { RETRY_HEADERS, retryTopicSpec } from './retry-topics.js';
import { type InboundMessage, type MessageTransport, type OutgoingMessage, type RetryPolicy } from './transport.js';

/** Defined with the topic contract (libs/contracts wire.ts). */
export { DEAD_LETTER_REPLAYS_HEADER };

export interface DeadLetter {
  /** Where the letter itself sits in the dead-letter topic. */
  readonly at: { readonly topic: string; readonly partition: number; readonly offset: string };
  /** The message as the failing consumer saw it: original topic, partition, offset, key and headers. */
  readonly message: InboundMessage;
  readonly consumerGroup: string | null;
  readonly error: { readonly name: string; readonly message: string };
  readonly attempts: number;
  readonly failedAt: string | null;
  readonly replays: number;
}

const DLQ_HEADER_NAMES = new Set<string>([...Object.values(DEAD_LETTER_HEADERS), DEAD_LETTER_REPLAYS_HEADER]);

export function parseDeadLetter(raw: InboundMessage): DeadLetter {
  const h = raw.headers;
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) if (!DLQ_HEADER_NAMES.has(name)) own[name] = value;
  const originalTopic = h[DEAD_LETTER_HEADERS.originalTopic];
  if (originalTopic === undefined) {
    throw new Error(
      `${raw.topic}/${raw.partition}@${raw.offset} is not a dead letter (no ${DEAD_LETTER_HEADERS.originalTopic})`,
    );
  }
  return {
    at: { topic: raw.topic, partition: raw.partition, offset: raw.offset },
    message: {
      topic: originalTopic,
      partition: Number(h[DEAD_LETTER_HEADERS.originalPartition] ?? -1),
      offset: h[DEAD_LETTER_HEADERS.originalOffset] ?? '-1',
      key: h[DEAD_LETTER_HEADERS.originalKey] ?? null,
      value: raw.value,
      headers: own,
    },
    consumerGroup: h[DEAD_LETTER_HEADERS.consumerGroup] ?? null,
    error: { name: h[DEAD_LETTER_HEADERS.errorName] ?? '', message: h[DEAD_LETTER_HEADERS.errorMessage] ?? '' },
    attempts: Number(h[DEAD_LETTER_HEADERS.attempts] ?? 0),
    failedAt: h[DEAD_LETTER_HEADERS.failedAt] ?? null,
    replays: Number(h[DEAD_LETTER_REPLAYS_HEADER] ?? 0),
  };
}

export interface ListDeadLettersOptions {
  /** Only the letters this consumer group gave up on. */
  readonly consumerGroup?: string;
  readonly limit?: number;
}

/** The dead letters of `topic` (the original topic, not the `.dlq`), oldest first per partition. */
export async function listDeadLetters(
  transport: MessageTransport,
  topic: string,
  options: ListDeadLettersOptions = {},
): Promise<DeadLetter[]> {
  const letters = (await transport.read(deadLetterTopic(topic))).map(parseDeadLetter);
  const mine =
    options.consumerGroup === undefined ? letters : letters.filter((l) => l.consumerGroup === options.consumerGroup);
  return options.limit === undefined ? mine : mine.slice(0, options.limit);
}

export interface ReplayOptions {
  readonly transport: MessageTransport;
  /** The original topic; its letters are read from `<topic>.dlq`. */
  readonly topic: string;
  /** The replay's own consumer group: its committed offsets say how far replays have got. */
  readonly replayGroup: string;
  /** Applies one letter (usually the fixed handler, wrapped in `dedupHandler`). */
  readonly handle: (letter: DeadLetter) => Promise<void>;
  /** Letters not selected are passed over (and committed): e.g. only those of one consumer group. */
  readonly select?: (letter: DeadLetter) => boolean;
  readonly retry?: RetryPolicy;
  readonly now?: () => Date;
}

export interface ReplayReport {
  readonly replayed: DeadLetter[];
  /** Failed again: appended anew to the dead-letter topic with the new error. */
  readonly failed: Array<{ readonly letter: DeadLetter; readonly error: { name: string; message: string } }>;
  readonly skipped: DeadLetter[];
}

export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const { transport, replayGroup } = options;
  const dlq = deadLetterTopic(options.topic);
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? (() => new Date());
  const from = await transport.groupOffsets(replayGroup, dlq);
  // Read up to the end as it is now: letters that fail again are appended after it, for a later run.
  const raws = await transport.read(dlq, { from });
  const report = { replayed: [] as DeadLetter[], failed: [] as ReplayReport['failed'], skipped: [] as DeadLetter[] };
  for (const raw of raws) {
    const letter = parseDeadLetter(raw);
    if (options.select && !options.select(letter)) {
      report.skipped.push(letter);
    } else {
      const error = await attempt(() => options.handle(letter), retry);
      if (error === undefined) {
        report.replayed.push(letter);
      } else {
        await transport.publish(dlq, [deadAgain(raw, letter, error, now())]);
        report.failed.push({ letter, error: describeError(error) });
      }
    }
    await transport.commitOffsets(replayGroup, dlq, [
      { partition: raw.partition, offset: String(Number(raw.offset) + 1) },
    ]);
  }
  return report;
}

export interface RepublishOptions extends Omit<ReplayOptions, 'handle'> {
  /**
   * Where to send the letters instead of each one's group's retry topic (a tool's own topic). Never
   * the original topic: every group on it would process the letter again (ADR 0007).
   */
  readonly to?: string;
}

/**
 * Sends each letter to the retry topic of the consumer group that gave up on it, for that group
 * alone to process again (it deduplicates, so a letter it had applied meanwhile is skipped). A letter
 * that names no group has nowhere to go and is skipped (without `to`).
 */
export function republishDeadLetters(options: RepublishOptions): Promise<ReplayReport> {
  const now = options.now ?? (() => new Date());
  return replayDeadLetters({
    ...options,
    select: (l) => (options.to !== undefined || l.consumerGroup !== null) && (options.select?.(l) ?? true),
    handle: async (letter) => {
      if (options.to !== undefined) {
        await options.transport.publish(options.to, [originalMessage(letter)]);
        return;
      }
      await replayToGroup(options.transport, letter, now());
    },
  });
}

/** The letter's original message: same key, value and headers. */
export function originalMessage(letter: DeadLetter): OutgoingMessage {
  return { key: letter.message.key ?? '', value: letter.message.value ?? '', headers: letter.message.headers };
}

/** Where a replay of `letter` goes: the retry topic of the group that gave up on it. */
export function replayTopicOf(letter: DeadLetter): string {
  if (letter.consumerGroup === null) {
    throw new RangeError(
      `dead letter ${letter.at.topic}/${letter.at.partition}@${letter.at.offset} names no consumer group`,
    );
  }
  return retryTopic(letter.message.topic, letter.consumerGroup);
}

/** The replay of `letter` as its group's consumer reads it back: the original plus where it came from. */
export function replayMessage(letter: DeadLetter, at: Date): OutgoingMessage {
  const original = originalMessage(letter);
  return {
    ...original,
    headers: {
      ...original.headers,
      [RETRY_HEADERS.originalTopic]: letter.message.topic,
      [RETRY_HEADERS.originalPartition]: String(letter.message.partition),
      [RETRY_HEADERS.originalOffset]: letter.message.offset,
      [RETRY_HEADERS.consumerGroup]: letter.consumerGroup ?? '',
      [RETRY_HEADERS.replayedAt]: at.toISOString(),
      [DEAD_LETTER_REPLAYS_HEADER]: String(letter.replays + 1),
    },
  };
}

/**
 * Sends `letter` to its group's retry topic (created if the group has not run since retry topics
 * exist: the group reads it from its beginning once it does). Resolves with the retry topic.
 */
export async function replayToGroup(transport: MessageTransport, letter: DeadLetter, at: Date): Promise<string> {
  const topic = replayTopicOf(letter);
  await transport.ensureTopics([retryTopicSpec(topic)]);
  await transport.publish(topic, [replayMessage(letter, at)]);
  return topic;
}

async function attempt(run: () => Promise<void>, retry: RetryPolicy): Promise<unknown> {
  for (let n = 1; ; n++) {
    try {
      await run();
      return undefined;
    } catch (error) {
      if (n >= retry.maxAttempts) return error ?? new Error('replay handler threw a nullish value');
      await new Promise((resolve) => setTimeout(resolve, backoffMs(retry, n)));
    }
  }
}

function deadAgain(raw: InboundMessage, letter: DeadLetter, error: unknown, failedAt: Date): OutgoingMessage {
  const { name, message } = describeError(error);
  return {
    key: raw.key ?? '',
    value: raw.value ?? '',
    headers: {
      ...raw.headers,
      [DEAD_LETTER_HEADERS.errorName]: name,
      [DEAD_LETTER_HEADERS.errorMessage]: message,
      [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
      [DEAD_LETTER_REPLAYS_HEADER]: String(letter.replays + 1),
    },
  };
}
