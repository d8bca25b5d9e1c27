// Specs for business rules and projections (DESIGN §8.5).
//
// Deciders: `given(decider, ...pastEvents).when(command).then(expectedEvents)` or
// `.thenThrows('rule.id')`. Projections: Kafka delivers at least once and only orders events within
// a partition, so a projection must give the same result when every event arrives twice and streams
// arrive interleaved; the helpers below build such deliveries, deterministically from a seed so a
// failing order can be replayed.
import assert from 'node:assert/strict';
import { DomainError, fold, type Decider, type DomainEvent } from '#event-sourcing';

export interface WhenStep<TEvent extends DomainEvent, TState> {
  /** Asserts the command decides exactly these events (deep equality, in order). */
  then(expected: readonly TEvent[]): TEvent[];
  /** Asserts the command decides nothing (an accepted no-op, e.g. a repeated idempotent command). */
  thenNothing(): void;
  /**
   * Asserts the command is refused with a DomainError of this rule id (and, when given, this field
   * and kind). Returns the error for further checks.
   */
  thenThrows(rule: string, expect?: { field?: string; kind?: DomainError['kind'] }): DomainError;
  /** The state after the given events, for assertions on `evolve`. */
  readonly state: TState;
}

export interface GivenStep<TCommand, TEvent extends DomainEvent, TState> {
  when(command: TCommand): WhenStep<TEvent, TState>;
  /** The state after the given events. */
  readonly state: TState;
}

export function given<TCommand, TEvent extends DomainEvent, TState>(
  decider: Decider<TCommand, TEvent, TState>,
  ...history: TEvent[]
): GivenStep<TCommand, TEvent, TState> {
  const state = fold(decider, history);
  return {
    state,
    when(command: TCommand): WhenStep<TEvent, TState> {
      const decide = (): TEvent[] => decider.decide(command, state);
      return {
        state,
        then(expected: readonly TEvent[]): TEvent[] {
          // `then` makes this object look like a promise to `await`: refuse that loudly.
          if (typeof expected === 'function') {
            throw new TypeError('given(...).when(...) is not a promise: call .then([...events]) without await');
          }
          const actual = decide();
          assert.deepEqual(actual, expected);
          // The decided events must also fold: a decider whose own events break evolve is wrong.
          fold(decider, actual, state);
          return actual;
        },
        thenNothing(): void {
          assert.deepEqual(decide(), []);
        },
        thenThrows(rule: string, expect: { field?: string; kind?: DomainError['kind'] } = {}): DomainError {
          let caught: unknown;
          let decided: TEvent[] | undefined;
          try {
            decided = decide();
          } catch (err) {
            caught = err;
          }
          if (caught === undefined) {
            assert.fail(`expected DomainError ${rule}, but the command decided ${JSON.stringify(decided)}`);
          }
          if (!(caught instanceof DomainError)) throw caught;
          assert.equal(caught.rule, rule, `rule of: ${caught.message}`);
          if (expect.field !== undefined) assert.equal(caught.field, expect.field, `field of: ${caught.message}`);
          if (expect.kind !== undefined) assert.equal(caught.kind, expect.kind, `kind of: ${caught.message}`);
          return caught;
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Deliveries for projection specs

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic Fisher–Yates shuffle: every order across and within streams is possible. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The stream (case) an event belongs to: `streamId` for envelopes. */
export type KeyOf<T> = (event: T) => string;

const streamIdOf = <T>(event: T): string => {
  const id = (event as { streamId?: unknown }).streamId;
  if (typeof id !== 'string') throw new TypeError('event has no streamId: pass keyOf');
  return id;
};

/**
 * Merges the events of several streams the way partitions interleave: each stream keeps its own
 * order, the choice of which stream goes next is drawn from the seed.
 */
export function interleave<T>(events: readonly T[], seed: number, keyOf: KeyOf<T> = streamIdOf): T[] {
  const queues = new Map<string, T[]>();
  for (const e of events) {
    const key = keyOf(e);
    const q = queues.get(key);
    if (q) q.push(e);
    else queues.set(key, [e]);
  }
  const random = seededRandom(seed);
  const pending = [...queues.values()];
  const out: T[] = [];
  while (pending.length > 0) {
    const i = Math.floor(random() * pending.length);
    const q = pending[i]!;
    out.push(q.shift()!);
    if (q.length === 0) pending.splice(i, 1);
  }
  return out;
}

/**
 * At-least-once delivery: streams interleaved (each in its own order) and every event delivered a
 * second time at a later, seed-drawn position — as after a consumer restart that re-reads
 * uncommitted messages. So an older version of a case can arrive after a newer one.
 */
export function replayWithDuplicates<T>(events: readonly T[], seed = 1, keyOf: KeyOf<T> = streamIdOf): T[] {
  // Work on positions so that equal events in the input stay distinct.
  const firsts = interleave(
    events.map((e, i) => ({ e, i })),
    seed,
    (x) => keyOf(x.e),
  );
  const random = seededRandom(seed ^ 0x9e3779b9);
  const out = [...firsts];
  // Insert each redelivery somewhere after its first delivery.
  for (const item of firsts) {
    const firstAt = out.indexOf(item);
    const at = firstAt + 1 + Math.floor(random() * (out.length - firstAt));
    out.splice(at, 0, { ...item });
  }
  return out.map((x) => x.e);
}

export interface Delivery<T> {
  readonly name: string;
  readonly events: T[];
}

/**
 * The deliveries a projection spec replays and compares with the in-order result: in order, each
 * event twice in a row, and for each seed an interleaving with late redeliveries.
 */
export function deliveries<T>(
  events: readonly T[],
  { seeds = [1, 2, 3, 42], keyOf = streamIdOf as KeyOf<T> }: { seeds?: readonly number[]; keyOf?: KeyOf<T> } = {},
): Delivery<T>[] {
  return [
    { name: 'in order', events: [...events] },
    { name: 'every event twice in a row', events: events.flatMap((e) => [e, e]) },
    ...seeds.map((seed) => ({
      name: `interleaved with redeliveries (seed ${seed})`,
      events: replayWithDuplicates(events, seed, keyOf),
    })),
  ];
}
