// The EventStore port (DESIGN §3). One "commit" per append holds the stream id, its first and last
// version and the events; a unique index on (stream id, first version) makes two appends with the
// same expected version collide, without transactions. A commit is unpublished until the relay has
// had the broker acknowledge every event in it (where that is recorded is the store's business: the
// Mongo store keeps small pending markers beside the commits, ADR 0015).
import { type EventEnvelope } from '#contracts';

export interface Commit {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly events: readonly EventEnvelope[];
  readonly committedAt: Date;
  /** Set when the command carried an Idempotency-Key: a retry finds this commit instead of appending. */
  readonly idempotencyKey?: string;
  /** Hash of the request that carried the key; the same key with another request is refused. */
  readonly requestHash?: string;
  readonly publishedAt?: Date;
}

export type CommitRef = Pick<Commit, 'streamId' | 'firstVersion'>;

export interface AppendOptions {
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
}

export type AppendResult =
  | { readonly status: 'appended'; readonly commit: Commit }
  /** The same idempotency key and request were already appended: nothing new was written. */
  | { readonly status: 'duplicate'; readonly commit: Commit };

export interface OutboxStats {
  /** Commits not yet acknowledged by the broker. */
  readonly backlog: number;
  /** Age of the oldest unpublished commit, null when the backlog is empty. */
  readonly oldestUnpublishedAgeMs: number | null;
}

/** Someone else appended to the stream since the caller read it (HTTP 409). */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
    /** The types of the events past the expected version, when known (types only: no data). */
    readonly typesSince: readonly string[] = [],
  ) {
    super(
      `stream ${streamId} is at version ${actualVersion ?? 'unknown'}, not the expected ${expectedVersion}` +
        (typesSince.length > 0 ? ` (since then: ${typesSince.join(', ')})` : '') +
        ': reload the case and try again',
    );
    this.name = 'ConcurrencyError';
  }
}

/** An Idempotency-Key was reused for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency-Key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export interface EventStore {
  /**
   * Appends `events` (versions expectedVersion+1 …) as one commit. `expectedVersion` 0 means the
   * stream must not exist. Throws ConcurrencyError when the stream is elsewhere. With an
   * idempotency key, a retry of the same request returns `duplicate` with the first commit.
   */
  append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventEnvelope[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Every event of the stream in version order, as stored (upcasting is the reader's job). */
  readStream(streamId: string): Promise<EventEnvelope[]>;
  /**
   * The stream's commits in version order, with their idempotency keys: what a command reads once
   * to both load the stream and find an earlier attempt of itself (one walk, not two).
   */
  readCommits(streamId: string): Promise<Commit[]>;
  /** The commit an idempotency key produced on a stream, if any. */
  findByIdempotencyKey(streamId: string, idempotencyKey: string): Promise<Commit | undefined>;
  /**
   * Whether this store may hold cases a keyed create opened before create ids were scoped to the
   * agency (issue 13; `legacyStreamIdForCreate`): only a store that held commits before it. A store
   * begun since never does, and a keyed create then skips the lookup of the old id (stream-ids.ts).
   */
  readonly mayHoldUnscopedCreateIds: boolean;

  // ---- outbox side, used by the relay ----
  /** Up to `limit` unpublished commits, oldest first, each stream's in version order. */
  readUnpublished(limit: number): Promise<Commit[]>;
  markPublished(commits: readonly CommitRef[], at: Date): Promise<void>;
  outboxStats(now: Date): Promise<OutboxStats>;
  /** In-process wake-up for the relay after each append; returns an unsubscribe function. */
  onAppended(listener: () => void): () => void;
}

/**
 * Called with each commit after its events were acknowledged and before it is marked published, in
 * per-stream version order. Services keep their own list views converged with it. At least once:
 * a listener must be idempotent (version-guarded); when it throws, the commit stays unpublished and
 * the whole batch is retried.
 */
export type CommitListener = (commit: Commit) => Promise<void>;

/**
 * Where a service's commits can be followed as they are published (the outbox relay is one): the
 * port a read model takes to keep its views converged, so it needs no transport to do so.
 */
export interface CommitFeed {
  /** Adds `listener`; the function it returns removes it again. */
  addCommitListener(listener: CommitListener): () => void;
}
