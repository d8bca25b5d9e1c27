// Load → decide → append (DESIGN §3): the one way a command changes a case.
import { type ContractRegistry, type EventEnvelope, type ServiceName } from '#contracts';
import { fold, type Decider, type DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';
import { ConcurrencyError, IdempotencyKeyReusedError, type Commit, type EventStore } from './event-store.js';

/** Who, when and under which correlation a command runs. Time and ids come in, never made up. */
export interface CommandContext {
  /** Recording time of the events (`recordedAt`), and the default legal time. */
  readonly now: Date;
  readonly actor: string;
  readonly correlationId: string;
  /** The message that caused this command; defaults to the correlation id (an HTTP request). */
  readonly causationId?: string;
  /** A fresh UUID v7 per call. */
  readonly newId: () => string;
}

export interface CommandOptions {
  /**
   * The caller's agency check (throws the refusal), run on the case's agency as the command loads
   * it — so a command on an existing case reads its stream once, not once to check and once to
   * decide. Not run while the case does not exist: its decider refuses a change to nothing (404).
   */
  readonly mayActFor?: (agencyId: string) => void;
  /** From `If-Match`: the version the caller saw. Absent → the version just loaded. */
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  /**
   * Re-load and re-decide this many times on a concurrency conflict. Only for commands whose
   * outcome does not depend on what the caller saw (never when `expectedVersion` is given).
   */
  readonly retryOnConflict?: number;
}

/** How one kind of stream (aggregate) is stored: its owner, its logic and its contracts. */
export interface StreamType<TCommand, TEvent extends DomainEvent, TState> {
  readonly service: ServiceName;
  readonly decider: Decider<TCommand, TEvent, TState>;
  readonly registry: ContractRegistry;
  /** The agency the case belongs to, read from the state after the new events. */
  readonly agencyOf: (state: TState) => string;
  /** True when no event has created the case yet (initial state). */
  readonly isNew?: (state: TState) => boolean;
  /**
   * Events the service appends on its own that change nothing a caller decides on (the appeals
   * service confirming an appeal's act, ADR 0005): an If-Match from before them still holds. Without
   * it, a clerk who opened an appeal would get 409 for a confirmation they could not have seen coming.
   */
  readonly ifMatchIgnores?: (event: EventEnvelope) => boolean;
}

export interface CommandResult<TState> {
  readonly streamId: string;
  readonly version: number;
  readonly state: TState;
  readonly events: readonly EventEnvelope[];
  /** True when an idempotent retry returned the first result and nothing was appended. */
  readonly duplicate: boolean;
  readonly commit: Commit | undefined;
}

/**
 * What a slice runs its commands through (the Nest `CommandRunner` is the one services inject): the
 * port read models and use cases depend on, so they need no framework to be tested or reused.
 */
export interface StreamCommands {
  run<TCommand, TEvent extends DomainEvent, TState>(
    streamType: StreamType<TCommand, TEvent, TState>,
    streamId: string,
    command: TCommand,
    ctx: CommandContext,
    options?: CommandOptions,
  ): Promise<CommandResult<TState>>;
  load<TEvent extends DomainEvent, TState>(
    streamType: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
    streamId: string,
  ): Promise<{ state: TState; version: number; events: EventEnvelope[] }>;
  /** The id of the case a create opens in `agencyId` under `idempotencyKey` (stream-ids.ts). */
  idForCreate(service: ServiceName, agencyId: string, idempotencyKey: string | undefined): Promise<string>;
}

const shortType = (qualified: string): string => qualified.slice(qualified.indexOf('.') + 1);

/** A stream as a command sees it: its state, version and events (upcast). */
interface Loaded<TState> {
  readonly state: TState;
  readonly version: number;
  readonly events: EventEnvelope[];
}

/** Reads a stream through the contracts (upcasting old versions) into domain events. */
export async function loadStream<TEvent extends DomainEvent, TState>(
  store: EventStore,
  type: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
  streamId: string,
): Promise<Loaded<TState>> {
  return foldStored(type, await store.readStream(streamId));
}

function foldStored<TEvent extends DomainEvent, TState>(
  type: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
  stored: readonly EventEnvelope[],
): Loaded<TState> {
  const events = stored.map((e) => type.registry.read(e));
  const domainEvents = events.map(
    (e) => ({ type: shortType(e.type), data: e.data, occurredAt: e.occurredAt }) as TEvent,
  );
  return { state: fold(type.decider, domainEvents), version: events.length, events };
}

/**
 * The stream loaded, and the commit an earlier attempt of this request made (its idempotency key),
 * from one read of the stream's commits: on the Mongo store a walk of the stream costs a point
 * lookup per commit and one for "no next commit", so a keyed command looked the stream up twice
 * before (the key, then the load) — two misses for a new case (issue 15).
 */
async function loadWithKey<TEvent extends DomainEvent, TState>(
  store: EventStore,
  type: Pick<StreamType<unknown, TEvent, TState>, 'decider' | 'registry'>,
  streamId: string,
  idempotencyKey: string | undefined,
): Promise<{ loaded: Loaded<TState>; earlier: Commit | undefined }> {
  const commits = await store.readCommits(streamId);
  const earlier = idempotencyKey ? commits.find((c) => c.idempotencyKey === idempotencyKey) : undefined;
  const events = commits.flatMap((c) => c.events);
  return { loaded: foldStored(type, events), earlier };
}

/** How often a command with If-Match decides again after system marks raced its append. */
const IF_MATCH_RETRIES_AFTER_A_MARK = 3;

export async function handleCommand<TCommand, TEvent extends DomainEvent, TState>(
  store: EventStore,
  type: StreamType<TCommand, TEvent, TState>,
  streamId: string,
  command: TCommand,
  ctx: CommandContext,
  options: CommandOptions = {},
): Promise<CommandResult<TState>> {
  // With If-Match, a conflict at append is decided again too: the check of the caller's version
  // below runs on every attempt, so an attempt only goes through when nothing the caller could
  // have seen landed meanwhile (a system mark committed between this load and the append).
  const retries =
    options.expectedVersion === undefined ? (options.retryOnConflict ?? 0) : IF_MATCH_RETRIES_AFTER_A_MARK;
  for (let attempt = 0; ; attempt++) {
    // One read answers both: the stream, and whether this request (its key) was appended already —
    // possibly by an earlier attempt whose answer was lost (the store went away mid-write) and whose
    // write landed late. The two come from the same commits, so they cannot disagree.
    const { loaded, earlier } = await loadWithKey(store, type, streamId, options.idempotencyKey);
    if (earlier) return duplicateResult(store, type, streamId, earlier, options, loaded);
    checkAgency(type, loaded, options);
    if (options.expectedVersion !== undefined && !stillCurrent(type, loaded.events, options.expectedVersion)) {
      throw new ConcurrencyError(
        streamId,
        options.expectedVersion,
        loaded.version,
        loaded.events.slice(options.expectedVersion).map((e) => e.type),
      );
    }
    let decided: TEvent[];
    try {
      decided = type.decider.decide(command, loaded.state);
    } catch (err) {
      return firstResultOrThrow(store, type, streamId, options, err);
    }
    if (decided.length === 0) {
      return {
        streamId,
        version: loaded.version,
        state: loaded.state,
        events: [],
        duplicate: false,
        commit: undefined,
      };
    }
    const state = fold(type.decider, decided, loaded.state);
    const envelopes = decided.map((event, i) => toEnvelope(type, streamId, loaded.version + i + 1, event, state, ctx));
    try {
      const result = await store.append(streamId, loaded.version, envelopes, {
        idempotencyKey: options.idempotencyKey,
        requestHash: options.requestHash,
      });
      if (result.status === 'duplicate') return duplicateResult(store, type, streamId, result.commit, options);
      return {
        streamId,
        version: result.commit.lastVersion,
        state,
        events: envelopes,
        duplicate: false,
        commit: result.commit,
      };
    } catch (err) {
      if (err instanceof ConcurrencyError && attempt < retries) continue;
      return firstResultOrThrow(store, type, streamId, options, err);
    }
  }
}

function checkAgency<TState>(
  type: Pick<StreamType<unknown, never, TState>, 'agencyOf' | 'isNew'>,
  loaded: { readonly state: TState; readonly version: number },
  options: CommandOptions,
): void {
  if (!options.mayActFor) return;
  const exists = type.isNew ? !type.isNew(loaded.state) : loaded.version > 0;
  if (exists) options.mayActFor(type.agencyOf(loaded.state));
}

/**
 * Whether the version a caller saw (If-Match) is still the case's: nothing was appended since, or
 * only events the stream type declares invisible to callers (`ifMatchIgnores`).
 */
function stillCurrent(
  type: Pick<StreamType<unknown, never, unknown>, 'ifMatchIgnores'>,
  events: readonly EventEnvelope[],
  expectedVersion: number,
): boolean {
  if (expectedVersion === events.length) return true;
  if (expectedVersion > events.length || !type.ifMatchIgnores) return false;
  return events.slice(expectedVersion).every(type.ifMatchIgnores);
}

/**
 * A refusal of a keyed command may be a retry that raced its own first attempt: N copies of one
 * create sent at once all miss the key lookup, then one appends and the others either lose the
 * insert (ConcurrencyError) or load the stream after it landed and the decider refuses it ("already
 * received"). Either way the winner's commit — which carries the key, in the same insert that made
 * the stream exist — is there now: the same request gets its result, another request under the key
 * the 422. No wait is needed: whatever made this attempt fail is the commit that holds the key.
 */
async function firstResultOrThrow<TEvent extends DomainEvent, TState>(
  store: EventStore,
  type: StreamType<unknown, TEvent, TState>,
  streamId: string,
  options: CommandOptions,
  err: unknown,
): Promise<CommandResult<TState>> {
  const refused = err instanceof DomainError || err instanceof ConcurrencyError;
  if (!refused || !options.idempotencyKey) throw err;
  const landed = await store.findByIdempotencyKey(streamId, options.idempotencyKey);
  if (!landed) throw err;
  return duplicateResult(store, type, streamId, landed, options);
}

function toEnvelope<TEvent extends DomainEvent, TState>(
  type: StreamType<unknown, TEvent, TState>,
  streamId: string,
  streamVersion: number,
  event: TEvent,
  state: TState,
  ctx: CommandContext,
): EventEnvelope {
  const qualified = `${type.service}.${event.type}`;
  const data = type.registry.validateData(qualified, event.data);
  return {
    id: ctx.newId(),
    type: qualified,
    schemaVersion: type.registry.contractOf(qualified).schemaVersion,
    streamId,
    streamVersion,
    agencyId: type.agencyOf(state),
    occurredAt: event.occurredAt ?? ctx.now.toISOString(),
    recordedAt: ctx.now.toISOString(),
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? ctx.correlationId,
    actor: ctx.actor,
    data,
  };
}

async function duplicateResult<TEvent extends DomainEvent, TState>(
  store: EventStore,
  type: StreamType<unknown, TEvent, TState>,
  streamId: string,
  commit: Commit,
  options: CommandOptions,
  /** The stream, when the caller has just read it with the commit (it holds the commit). */
  read?: Loaded<TState>,
): Promise<CommandResult<TState>> {
  if (options.requestHash && commit.requestHash && commit.requestHash !== options.requestHash) {
    throw new IdempotencyKeyReusedError(options.idempotencyKey ?? '');
  }
  const loaded = read ?? (await loadStream(store, type, streamId));
  // A retry is answered only to a caller who may act on the case (the key alone proves nothing).
  checkAgency(type, loaded, options);
  const upTo = loaded.events.filter((e) => e.streamVersion <= commit.lastVersion);
  const state = fold(
    type.decider,
    upTo.map((e) => ({ type: shortType(e.type), data: e.data, occurredAt: e.occurredAt }) as TEvent),
  );
  return { streamId, version: commit.lastVersion, state, events: commit.events, duplicate: true, commit };
}
