// The in-memory twin of MongoEventStore, for the embedded mode and unit tests. The same contract
// suite runs against both: commits, expected versions, idempotency keys and the outbox behave alike.
import { type EventEnvelope } from '#contracts';
import { AppendNotifier, checkAppendable, commitTime, compareOutboxOrder, replayOf } from './append-rules.js';
import {
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type Commit,
  type CommitRef,
  type EventStore,
  type OutboxStats,
} from './event-store.js';
import { jsonCopy } from './json.js';

interface StoredCommit {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly events: readonly EventEnvelope[];
  readonly committedAt: Date;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  publishedAt?: Date;
}

export interface InMemoryEventStoreOptions {
  /** The clock stamping `committedAt`; tests pass their own. */
  readonly now?: () => Date;
  /** Pose as a store begun before create ids were scoped (issue 13); tests of that lookup. Default false. */
  readonly mayHoldUnscopedCreateIds?: boolean;
}

const toCommit = (c: StoredCommit): Commit => ({
  streamId: c.streamId,
  firstVersion: c.firstVersion,
  lastVersion: c.lastVersion,
  events: jsonCopy(c.events),
  committedAt: new Date(c.committedAt),
  ...(c.idempotencyKey !== undefined ? { idempotencyKey: c.idempotencyKey } : {}),
  ...(c.requestHash !== undefined ? { requestHash: c.requestHash } : {}),
  ...(c.publishedAt !== undefined ? { publishedAt: new Date(c.publishedAt) } : {}),
});

export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StoredCommit[]>();
  private readonly unpublished = new Set<StoredCommit>();
  private readonly notifier = new AppendNotifier();
  private readonly now: () => Date;
  readonly mayHoldUnscopedCreateIds: boolean;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.mayHoldUnscopedCreateIds = options.mayHoldUnscopedCreateIds ?? false;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    checkAppendable(streamId, expectedVersion, events);
    // Everything below runs without yielding, which is what makes it atomic here.
    const commits = this.streams.get(streamId) ?? [];
    if (options.idempotencyKey !== undefined) {
      const earlier = commits.find((c) => c.idempotencyKey === options.idempotencyKey);
      if (earlier) return replayOf(toCommit(earlier), options);
    }
    const last = commits.at(-1);
    const current = last?.lastVersion ?? 0;
    if (current !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, current);
    const stored: StoredCommit = {
      streamId,
      firstVersion: expectedVersion + 1,
      lastVersion: expectedVersion + events.length,
      events: jsonCopy(events),
      committedAt: commitTime(this.now(), last?.committedAt),
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.requestHash !== undefined ? { requestHash: options.requestHash } : {}),
    };
    commits.push(stored);
    this.streams.set(streamId, commits);
    this.unpublished.add(stored);
    this.notifier.notify();
    return { status: 'appended', commit: toCommit(stored) };
  }

  async readStream(streamId: string): Promise<EventEnvelope[]> {
    return (this.streams.get(streamId) ?? []).flatMap((c) => jsonCopy(c.events));
  }

  async readCommits(streamId: string): Promise<Commit[]> {
    return (this.streams.get(streamId) ?? []).map(toCommit);
  }

  async findByIdempotencyKey(streamId: string, idempotencyKey: string): Promise<Commit | undefined> {
    const found = this.streams.get(streamId)?.find((c) => c.idempotencyKey === idempotencyKey);
    return found ? toCommit(found) : undefined;
  }

  async readUnpublished(limit: number): Promise<Commit[]> {
    return [...this.unpublished].map(toCommit).sort(compareOutboxOrder).slice(0, limit);
  }

  async markPublished(commits: readonly CommitRef[], at: Date): Promise<void> {
    for (const ref of commits) {
      const stored = this.streams.get(ref.streamId)?.find((c) => c.firstVersion === ref.firstVersion);
      if (!stored) continue;
      stored.publishedAt ??= new Date(at);
      this.unpublished.delete(stored);
    }
  }

  async outboxStats(now: Date): Promise<OutboxStats> {
    let oldest: Date | undefined;
    for (const c of this.unpublished) if (!oldest || c.committedAt < oldest) oldest = c.committedAt;
    return {
      backlog: this.unpublished.size,
      oldestUnpublishedAgeMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : null,
    };
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }
}
