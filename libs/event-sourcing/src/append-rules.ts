// What every EventStore adapter checks the same way before and after it writes a commit.
import { type EventEnvelope } from '#contracts';
import { IdempotencyKeyReusedError, type AppendOptions, type AppendResult, type Commit } from './event-store.js';

/** A programming error: the events do not continue the stream at the expected version. */
export function checkAppendable(streamId: string, expectedVersion: number, events: readonly EventEnvelope[]): void {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expected version must be a non-negative integer (got ${expectedVersion})`);
  }
  if (events.length === 0) throw new RangeError('a commit holds at least one event');
  events.forEach((e, i) => {
    if (e.streamId !== streamId || e.streamVersion !== expectedVersion + i + 1) {
      throw new RangeError(
        `event ${i} of the commit is ${e.streamId}@${e.streamVersion}, expected ${streamId}@${expectedVersion + i + 1}`,
      );
    }
  });
}

/**
 * An earlier commit carrying the same idempotency key: the same request gets the first result
 * (`duplicate`, nothing appended); another request under the same key is refused.
 */
export function replayOf(earlier: Commit, options: AppendOptions): AppendResult {
  if (options.requestHash && earlier.requestHash && earlier.requestHash !== options.requestHash) {
    throw new IdempotencyKeyReusedError(options.idempotencyKey ?? '');
  }
  return { status: 'duplicate', commit: earlier };
}

/**
 * When the commit is recorded. Never before the stream's previous commit, so that ordering the
 * outbox by time keeps each stream in version order even if this process's clock is behind the
 * one that wrote the previous commit.
 */
export const commitTime = (now: Date, previous: Date | undefined): Date =>
  previous && previous.getTime() > now.getTime() ? new Date(previous.getTime()) : now;

/** The outbox order: oldest first; within one instant by stream, then version. */
export function compareOutboxOrder(a: Commit, b: Commit): number {
  const t = a.committedAt.getTime() - b.committedAt.getTime();
  if (t !== 0) return t;
  if (a.streamId !== b.streamId) return Buffer.compare(Buffer.from(a.streamId), Buffer.from(b.streamId));
  return a.firstVersion - b.firstVersion;
}

/** In-process wake-ups after appends; a listener that throws never fails the append. */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of this.listeners) {
      queueMicrotask(() => {
        try {
          l();
        } catch {
          // A wake-up is a hint; the relay's interval catches up anyway.
        }
      });
    }
  }
}
