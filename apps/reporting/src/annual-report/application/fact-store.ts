// Where the statistics read model lives: one document per case holding every event applied to it
// (translated into fact changes, with its topic-partition-offset), from which the fact is folded.
// Writes are version-guarded (`upsertIfNewer` with the number of distinct events applied), so a
// duplicate or a redelivery cannot change a figure, and two writers racing on one case both land.
// Each projection generation has its own pair of collections, so a rebuild never touches the live one.
//
// The store is on the consumer's hot path, so it saves round trips: the cases it wrote recently are
// cached (a stale entry only makes the guarded write fail, and the case is then read again), and the
// per-partition progress is kept in memory and written behind, at most every `flushEveryMs` and
// before any read of it — so a persisted watermark may lag what is applied, never lead it.
import { onceUnlessFailed, RecentMap } from '#event-sourcing';
import { type DocumentCollection, type DocumentCollections, type NewerWrite } from '#event-sourcing/read-model';
import {
  agenciesOf,
  type AppliedEvent,
  type CaseFact,
  factOf,
  type FactKind,
  OPEN_YEAR,
  yearSpan,
} from '../domain/case-facts.js';

/** Bumped when the translation or the fold changes what a fact holds: a rebuild is then due. */
// facts-v2: money in whole fen (facts-v1 stored yuan; its documents are still read, case-facts `upgraded`).
export const PROJECTION_VERSION = 'facts-v2';

export interface StoredFact {
  readonly streamId: string;
  readonly kind: FactKind;
  readonly agencyIds: string[];
  readonly fromYear: number;
  readonly toYear: number;
  /** In stream-version order, one per version. */
  readonly events: AppliedEvent[];
  /**
   * The topic of the case's events (a stream's events all go to its service's topic, keyed by the
   * stream id) and the highest offset applied: found by `storedWithEventsFrom` even when its latest
   * event moved it out of the years it counted in (a repeal dated in an earlier year).
   */
  readonly topic?: string;
  readonly lastOffset?: number;
}

/** How far a generation has applied one topic-partition. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to apply: every message below it has been handled (or dead-lettered). */
  readonly nextOffset: number;
  /** Messages handled in this partition, whether or not they changed a fact. */
  readonly events: number;
}

export type Watermark = ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: number }>;

const watermarkKey = (topic: string, partition: number): string => `${topic}#${partition}`;

export type ApplyResult = 'applied' | 'duplicate' | 'no-change';

const CACHE_SIZE = 20_000;

export class FactStore {
  private readonly facts: DocumentCollection<StoredFact>;
  private readonly progress: DocumentCollection<PartitionProgress>;
  /** The cases written most recently, with the version written (a stale entry only costs a read). */
  private readonly cache = new RecentMap<string, { version: number; doc: StoredFact }>(CACHE_SIZE);
  private readonly partitions = new Map<string, { state: PartitionProgress; dirty: boolean }>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    documents: DocumentCollections,
    readonly generation: number,
  ) {
    this.facts = documents.collection<StoredFact>(`stat_facts_g${generation}`, {
      indexes: [['agencyIds', 'fromYear', 'toYear']],
    });
    this.progress = documents.collection<PartitionProgress>(`stat_progress_g${generation}`);
  }

  /**
   * Adds a batch of events (in delivery order) to their cases: each case folded once with all its
   * new events and written once — cases this store has not written are inserted, the others updated
   * in bulk under their version guard (DocumentCollection.upsertManyIfNewer). A case whose write is
   * refused (it was stored by someone else, or the cached copy was stale) goes through `apply`, which
   * reads it and adds the events one by one. Results in the order of `items`.
   */
  async applyBatch(items: readonly { streamId: string; event: AppliedEvent }[]): Promise<ApplyResult[]> {
    const results: ApplyResult[] = new Array<ApplyResult>(items.length);
    /** An item by its place in `items`. */
    type Placed = { readonly i: number; readonly event: AppliedEvent };
    const byCase = new Map<string, Placed[]>();
    items.forEach(({ streamId, event }, i) => {
      const at = byCase.get(streamId);
      if (at) at.push({ i, event });
      else byCase.set(streamId, [{ i, event }]);
    });
    const pending: Array<{ readonly write: NewerWrite<StoredFact>; readonly mine: readonly Placed[] }> = [];
    for (const [streamId, placed] of byCase) {
      const cached = this.cache.get(streamId);
      const versions = new Set((cached?.doc.events ?? []).map((e) => e.source.streamVersion));
      const mine: Placed[] = [];
      for (const { i, event } of placed) {
        if (versions.has(event.source.streamVersion)) results[i] = 'duplicate';
        // An event that changes no figure (the reply clock, batch bookkeeping) is not kept.
        else if (event.changes.length === 0) results[i] = 'no-change';
        else {
          versions.add(event.source.streamVersion);
          mine.push({ i, event });
        }
      }
      if (mine.length === 0) continue;
      const next = [...(cached?.doc.events ?? []), ...mine.map(({ event }) => event)].sort(
        (a, b) => a.source.streamVersion - b.source.streamVersion,
      );
      const doc = storedFactOf(streamId, next);
      if (!doc) {
        for (const { i } of mine) results[i] = 'no-change';
        continue;
      }
      pending.push({ write: { id: streamId, version: next.length, doc, fresh: cached === undefined }, mine });
    }
    const written = await this.facts.upsertManyIfNewer(pending.map(({ write }) => write));
    for (const [w, { write, mine }] of pending.entries()) {
      if (written[w]) {
        this.remember(write.id, write.version, write.doc);
        for (const { i } of mine) results[i] = 'applied';
        continue;
      }
      this.cache.delete(write.id);
      for (const { i, event } of mine) results[i] = await this.apply(write.id, event);
    }
    return results;
  }

  /** Adds one event to its case, unless that version is already there. */
  async apply(streamId: string, event: AppliedEvent): Promise<ApplyResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current =
        (attempt === 0 ? this.cache.get(streamId) : undefined) ?? (await this.facts.getVersioned(streamId));
      const events = current?.doc.events ?? [];
      if (events.some((e) => e.source.streamVersion === event.source.streamVersion)) return 'duplicate';
      // An event that changes no figure (the reply clock, batch bookkeeping) is not kept.
      if (event.changes.length === 0) return 'no-change';
      const next = [...events, event].sort((a, b) => a.source.streamVersion - b.source.streamVersion);
      const doc = storedFactOf(streamId, next);
      if (!doc) return 'no-change';
      if (await this.facts.upsertIfNewer(streamId, next.length, doc)) {
        this.remember(streamId, next.length, doc);
        return 'applied';
      }
      // Someone else added another event of this case meanwhile (or the cache was stale): read
      // again and add ours to theirs.
      this.cache.delete(streamId);
    }
    throw new Error(`case ${streamId}: could not apply version ${event.source.streamVersion} after 20 attempts`);
  }

  private remember(streamId: string, version: number, doc: StoredFact): void {
    this.cache.set(streamId, { version, doc });
  }

  /** Reads the stored progress once (again after a failed read: the store restarting). */
  private readonly loadProgress = onceUnlessFailed(() =>
    this.progress.find({}).then(({ items }) => {
      for (const p of items) {
        const key = watermarkKey(p.topic, p.partition);
        const mine = this.partitions.get(key);
        if (!mine || mine.state.nextOffset < p.nextOffset) this.partitions.set(key, { state: p, dirty: false });
      }
    }),
  );

  /** Records that the message at `offset` of a partition has been handled (written behind). */
  async recordProgress(topic: string, partition: number, offset: number): Promise<void> {
    await this.loadProgress();
    const key = watermarkKey(topic, partition);
    const current = this.partitions.get(key)?.state;
    if (current && current.nextOffset > offset) return; // a redelivery
    this.partitions.set(key, {
      state: { topic, partition, nextOffset: offset + 1, events: (current?.events ?? 0) + 1 },
      dirty: true,
    });
  }

  /**
   * Writes the progress recorded since the last flush. Flushes run one after another; one that
   * failed (the store restarting) neither blocks the next nor loses what it was writing — the
   * partition stays dirty and the next flush writes it.
   */
  flush(): Promise<void> {
    const run = this.flushing
      .catch(() => {})
      .then(async () => {
        for (const [key, entry] of this.partitions) {
          if (!entry.dirty) continue;
          entry.dirty = false;
          try {
            await this.progress.upsertIfNewer(key, entry.state.nextOffset, entry.state);
          } catch (err) {
            entry.dirty = true;
            throw err;
          }
        }
      });
    this.flushing = run;
    return run;
  }

  async progressByPartition(): Promise<PartitionProgress[]> {
    await this.loadProgress();
    await this.flush();
    const { items } = await this.progress.find({ sort: { topic: 1, partition: 1 } });
    return items;
  }

  async watermark(): Promise<Watermark> {
    return (await this.progressByPartition()).map((p) => ({
      topic: p.topic,
      partition: p.partition,
      offset: p.nextOffset,
    }));
  }

  /**
   * The latest year in which a case of `agencyIds` began (received, discovered, issued, filed…), or
   * undefined when there is none: what a reader wants to see by default, rather than the machine's year.
   */
  async latestYear(agencyIds: readonly string[]): Promise<number | undefined> {
    const { items } = await this.facts.find({
      where: { agencyIds: { $in: [...agencyIds] }, fromYear: { $lt: OPEN_YEAR } },
      sort: { fromYear: -1 },
      limit: 1,
    });
    return items[0]?.fromYear;
  }

  /** Whether any case of `agencyId` is recorded (an agency with cases is ended, never removed). */
  async hasCase(agencyId: string): Promise<boolean> {
    const { items } = await this.facts.find({ where: { agencyIds: { $in: [agencyId] } }, limit: 1 });
    return items.length > 0;
  }

  /**
   * The stored cases that can change the figures of `agencyIds` in the years [fromYear, toYear]; and
   * every normative document issued by then, whenever it was repealed: once an opening stock is
   * declared, a document of the stock repealed in an earlier year still lowers 现行有效件数 of later
   * years (the stock counted it; year-figures.ts `DocumentStock`). Documents are few.
   */
  async storedFor(agencyIds: readonly string[], fromYear: number, toYear: number): Promise<StoredFact[]> {
    const agencies = { $in: [...agencyIds] };
    const [inYears, repealedBefore] = await Promise.all([
      this.facts.find({ where: { agencyIds: agencies, fromYear: { $lte: toYear }, toYear: { $gte: fromYear } } }),
      this.facts.find({ where: { agencyIds: agencies, kind: 'normative-document', toYear: { $lt: fromYear } } }),
    ]);
    return [...inYears.items, ...repealedBefore.items];
  }

  /**
   * The stored cases of `agencyIds` with an event at or above the watermark (applied after it was
   * taken), whatever years they count in now: one query per topic, from its lowest partition offset.
   */
  async storedWithEventsFrom(agencyIds: readonly string[], watermark: Watermark): Promise<StoredFact[]> {
    const lowest = new Map<string, number>();
    for (const w of watermark) lowest.set(w.topic, Math.min(lowest.get(w.topic) ?? w.offset, w.offset));
    const found = await Promise.all(
      [...lowest].map(([topic, offset]) =>
        this.facts.find({ where: { agencyIds: { $in: [...agencyIds] }, topic, lastOffset: { $gte: offset } } }),
      ),
    );
    const after = isAtOrAbove(watermark);
    return found.flatMap(({ items }) => items).filter((s) => s.events.some(after));
  }

  /** Those cases folded; with `upTo`, from the events below that watermark only. */
  async factsFor(
    agencyIds: readonly string[],
    fromYear: number,
    toYear: number,
    upTo?: Watermark,
  ): Promise<CaseFact[]> {
    return foldStored(await this.storedFor(agencyIds, fromYear, toYear), upTo);
  }

  /** Every case of the generation (for comparing two generations). */
  async allFacts(upTo?: Watermark): Promise<CaseFact[]> {
    const { items } = await this.facts.find({ sort: { streamId: 1 } });
    return foldStored(items, upTo);
  }

  async factCount(): Promise<number> {
    return this.facts.count();
  }
}

/** The stored document of a case with these events; undefined when they make no fact. */
function storedFactOf(streamId: string, events: AppliedEvent[]): StoredFact | undefined {
  const fact = factOf(streamId, events);
  if (!fact) return undefined;
  const span = yearSpan(fact);
  const sourced = events.filter((e) => e.source.topic !== undefined && e.source.offset !== undefined);
  const topic = sourced[0]?.source.topic;
  const lastOffset = sourced.length > 0 ? Math.max(...sourced.map((e) => Number(e.source.offset))) : undefined;
  return {
    streamId,
    kind: fact.kind,
    agencyIds: agenciesOf(fact),
    ...span,
    events,
    ...(topic !== undefined && lastOffset !== undefined ? { topic, lastOffset } : {}),
  };
}

/**
 * Whether an event was applied at or after a watermark was taken (its offset at or above the
 * watermark's offset of its partition; a partition the watermark does not name had nothing below it).
 * Events without a source position (written before positions were kept) are never after.
 */
export function isAtOrAbove(watermark: Watermark): (e: AppliedEvent) => boolean {
  const limit = new Map(watermark.map((w) => [watermarkKey(w.topic, w.partition), w.offset]));
  return (e) => {
    const { topic, partition, offset } = e.source;
    if (topic === undefined || partition === undefined || offset === undefined) return false;
    return Number(offset) >= (limit.get(watermarkKey(topic, partition)) ?? 0);
  };
}

/** Folds stored cases into facts, keeping only events below the watermark when one is given. */
export function foldStored(stored: readonly StoredFact[], upTo?: Watermark): CaseFact[] {
  const after = upTo ? isAtOrAbove(upTo) : undefined;
  const below = (e: AppliedEvent): boolean => !after?.(e);
  return stored.map((s) => factOf(s.streamId, s.events.filter(below))).filter((f): f is CaseFact => f !== undefined);
}

/** True when `watermark` has reached `target` in every partition of `target`. */
export function hasReached(watermark: Watermark, target: Watermark): boolean {
  const reached = new Map(watermark.map((w) => [watermarkKey(w.topic, w.partition), w.offset]));
  return target.every((t) => (reached.get(watermarkKey(t.topic, t.partition)) ?? 0) >= t.offset);
}
