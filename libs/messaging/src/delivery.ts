// What both transports do with one message: attempts with exponential backoff, then the dead-letter
// topic with the error and the message's original coordinates in headers. Shared so the embedded
// mode fails exactly like the real one.
import { DEAD_LETTER_HEADERS, deadLetterTopic } from '#contracts';
import { type DeadLetterHook, type InboundMessage, type OutgoingMessage, type RetryPolicy } from './transport.js';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };

/** Defined with the topic contract (libs/contracts wire.ts); exported here for the transports' users. */
export { DEAD_LETTER_HEADERS };

const MAX_ERROR_MESSAGE_LENGTH = 4000;

/** The wait before the next attempt after `failedAttempts` failures: initial × 2^(n−1), capped. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.min(exponent, 30));
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer ≥ 1 (got ${policy.maxAttempts})`);
  }
  if (policy.initialBackoffMs < 0 || policy.maxBackoffMs < policy.initialBackoffMs) {
    throw new RangeError('retry backoff must satisfy 0 ≤ initialBackoffMs ≤ maxBackoffMs');
  }
  return policy;
}

export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH) };
  }
  return { name: 'NonError', message: String(error).slice(0, MAX_ERROR_MESSAGE_LENGTH) };
}

/** The dead letter for `message`: same key, value and headers, plus the `dlq-*` headers. */
export function deadLetterFor(
  message: InboundMessage,
  failure: { error: unknown; attempts: number; groupId: string; failedAt: Date },
): OutgoingMessage {
  const { name, message: text } = describeError(failure.error);
  const headers: Record<string, string> = {
    ...message.headers,
    [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
    [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
    [DEAD_LETTER_HEADERS.consumerGroup]: failure.groupId,
    [DEAD_LETTER_HEADERS.errorName]: name,
    [DEAD_LETTER_HEADERS.errorMessage]: text,
    [DEAD_LETTER_HEADERS.attempts]: String(failure.attempts),
    [DEAD_LETTER_HEADERS.failedAt]: failure.failedAt.toISOString(),
  };
  if (message.key !== null) headers[DEAD_LETTER_HEADERS.originalKey] = message.key;
  // A message without a value (a tombstone) is dead-lettered with an empty one.
  return { key: message.key ?? '', value: message.value ?? '', headers };
}

export type Delivery =
  | { readonly outcome: 'handled'; readonly attempts: number }
  | { readonly outcome: 'dead-lettered'; readonly attempts: number; readonly error: unknown }
  /** The consumer is stopping or was killed: the message stays uncommitted and comes again. */
  | { readonly outcome: 'interrupted' };

export interface DeliveryContext {
  readonly groupId: string;
  readonly handle: (message: InboundMessage) => Promise<void>;
  readonly retry: RetryPolicy;
  readonly retryable: (error: unknown) => boolean;
  /** Waits `ms`; resolves false instead when the consumer stops meanwhile. */
  readonly wait: (ms: number) => Promise<boolean>;
  /** Whether the consumer may still act (false once it is stopping or was killed). */
  readonly active: () => boolean;
  readonly publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>;
  readonly now: () => Date;
  readonly onDeadLetter?: DeadLetterHook;
}

/** The transport's hook and the consumer's, both told (a throwing hook cannot stall the partition). */
export function bothDeadLetterHooks(
  transportHook: DeadLetterHook | undefined,
  consumerHook: DeadLetterHook | undefined,
): DeadLetterHook | undefined {
  if (!transportHook || !consumerHook) return transportHook ?? consumerHook;
  return (message, error, attempts) => {
    try {
      transportHook(message, error, attempts);
    } finally {
      consumerHook(message, error, attempts);
    }
  };
}

/**
 * Delivers one message. Resolves once it is handled or dead-lettered (its offset may then be
 * committed), or `interrupted`. Rejects only when the dead letter itself cannot be published:
 * the message must then not be committed.
 */
export async function deliver(message: InboundMessage, ctx: DeliveryContext): Promise<Delivery> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.handle(message);
      return { outcome: 'handled', attempts: attempt };
    } catch (error) {
      if (!ctx.active()) return { outcome: 'interrupted' };
      const giveUp = attempt >= ctx.retry.maxAttempts || !ctx.retryable(error);
      if (giveUp) {
        const letter = deadLetterFor(message, { error, attempts: attempt, groupId: ctx.groupId, failedAt: ctx.now() });
        await ctx.publish(deadLetterTopic(message.topic), [letter]);
        try {
          ctx.onDeadLetter?.(message, error, attempt);
        } catch {
          // A hook reports; the dead letter is written and the partition must move on regardless.
        }
        return { outcome: 'dead-lettered', attempts: attempt, error };
      }
      if (!(await ctx.wait(backoffMs(ctx.retry, attempt)))) return { outcome: 'interrupted' };
    }
  }
}
