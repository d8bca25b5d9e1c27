// Case texts: the free text people type into a case (what a request asks for, a reason, a title, a
// document number) is personal data by default (DESIGN §4) — a name, an ID number or a phone number
// typed into it must never reach an event, a topic (kept forever) or a log. A service keeps such
// text here, beside its other personal data, one document per (case, field), and its events carry
// no text: a reader of the event finds the text, while it is held, by (stream id, field) through
// the owning service's API. Erasure overwrites the text with a tombstone that keeps who and when.
//
// Writes are version-guarded with the stream version of the event the text belongs to, so a
// retried command writes nothing twice, and an erasure (written at ERASED_VERSION) can never be
// undone by a late or retried write. Writing does not read (DESIGN §5: the command path inserts);
// reading and erasing look a case up by its id, off the hot path.
import { type DocumentCollection, type DocumentCollections } from './document-collection.js';

/** A text while it is held, or the record that it was erased. */
export type CaseTextRecord =
  | {
      readonly caseId: string;
      /** The field of the command it was typed into, e.g. `informationRequested`, `decisionNumber@4`. */
      readonly key: string;
      /** The person the text is about when the case has one (an applicant's pseudonymous ref). */
      readonly subjectRef: string | null;
      readonly status: 'held';
      readonly text: string;
    }
  | {
      readonly caseId: string;
      readonly key: string;
      readonly subjectRef: string | null;
      readonly status: 'erased';
      readonly erasedAt: string;
      /** Who erased it (a user id, never personal data). */
      readonly erasedBy: string;
    };

/** What a view shows in place of an erased text. */
export const ERASED_TEXT = '[erased]';

/** Higher than any stream version: an erased text is never written again. */
export const ERASED_VERSION = Number.MAX_SAFE_INTEGER;

/** The texts of one case by key; erased ones read as ERASED_TEXT. */
export type CaseTextValues = Readonly<Record<string, string>>;

export interface CaseTextsOptions {
  /** The collection's name in the service's database; default `case_texts`. */
  readonly collection?: string;
}

export class CaseTexts {
  private readonly records: DocumentCollection<CaseTextRecord>;

  constructor(documents: DocumentCollections, { collection = 'case_texts' }: CaseTextsOptions = {}) {
    this.records = documents.collection<CaseTextRecord>(collection, { indexes: ['caseId', 'subjectRef'] });
  }

  /**
   * Keeps the texts a command typed into a case, at the stream version of the event that recorded
   * them. Empty and absent texts are skipped. Call it after the append succeeded: a refused command
   * leaves no text behind; a retried one (same Idempotency-Key) writes the same texts again.
   */
  async keep(
    caseId: string,
    streamVersion: number,
    texts: Readonly<Record<string, string | undefined>>,
    subjectRef: string | null = null,
  ): Promise<void> {
    const writes = Object.entries(texts).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
    await Promise.all(
      writes.map(([key, text]) =>
        this.records.upsertIfNewer(idOf(caseId, key), streamVersion, {
          caseId,
          key,
          subjectRef,
          status: 'held',
          text,
        }),
      ),
    );
  }

  /** The texts of a case by key (erased ones as ERASED_TEXT); `{}` when it has none. */
  async of(caseId: string): Promise<CaseTextValues> {
    return (await this.ofMany([caseId])).get(caseId) ?? {};
  }

  /**
   * The texts of many cases (a page of a list): one equality query per case, side by side. Not one
   * `caseId: { $in }` query: FerretDB cannot hand `$in` on a field other than `_id` to its backend, so
   * that query read the whole collection — on every command's answer, a cost growing with the cases
   * stored (issue 15) — while an equality on the indexed `caseId` is an index lookup on either store.
   */
  async ofMany(caseIds: readonly string[]): Promise<ReadonlyMap<string, CaseTextValues>> {
    const byCase = new Map<string, Record<string, string>>();
    const pages = await Promise.all(
      [...new Set(caseIds)].map((caseId) =>
        // The texts only: not counted first (a round trip less on every command's answer).
        this.records.find({ where: { caseId }, limit: MAX_TEXTS_PER_CASE, count: false }),
      ),
    );
    for (const r of pages.flatMap((page) => page.items)) {
      const texts = byCase.get(r.caseId) ?? {};
      texts[r.key] = r.status === 'held' ? r.text : ERASED_TEXT;
      byCase.set(r.caseId, texts);
    }
    return byCase;
  }

  /**
   * The cases holding a text under one of `keys` that `matches` accepts (erased texts never match):
   * a free-text search. It scans the held texts of those keys — a reader's query, off the hot path.
   */
  async casesMatching(keys: readonly string[], matches: (text: string) => boolean): Promise<string[]> {
    const found = await this.records.find({ where: { key: { $in: [...keys] }, status: 'held' }, limit: 1_000_000 });
    const ids = new Set<string>();
    for (const r of found.items) if (r.status === 'held' && matches(r.text)) ids.add(r.caseId);
    return [...ids];
  }

  /** Erases every text of a case; the count of texts erased now (0 when already erased). */
  async eraseCase(caseId: string, actor: string, now: Date): Promise<number> {
    return this.eraseWhere({ caseId }, actor, now);
  }

  /** Erases every text about one person, in every case that names them. */
  async eraseSubject(subjectRef: string, actor: string, now: Date): Promise<number> {
    return this.eraseWhere({ subjectRef }, actor, now);
  }

  private async eraseWhere(where: { caseId: string } | { subjectRef: string }, actor: string, now: Date) {
    const found = await this.records.find({ where, limit: 100_000 });
    const held = found.items.filter((r) => r.status === 'held');
    await Promise.all(
      held.map((r) =>
        this.records.upsertIfNewer(idOf(r.caseId, r.key), ERASED_VERSION, {
          caseId: r.caseId,
          key: r.key,
          subjectRef: r.subjectRef,
          status: 'erased',
          erasedAt: now.toISOString(),
          erasedBy: actor,
        }),
      ),
    );
    return held.length;
  }
}

const idOf = (caseId: string, key: string): string => `${caseId}|${key}`;

/** Far more texts than a case gathers (one per typed field and step); bounds a read. */
const MAX_TEXTS_PER_CASE = 10_000;

/** How a kind of case keeps its free text: where, what a command typed, and how a view shows it. */
/**
 * The texts a command's answer shows without reading them back: a case just opened (its first
 * commit, not a retry) holds exactly what its create typed. Undefined when they must be read — a
 * change (earlier commands typed the rest) or a retry (its texts may have been erased since).
 * Reading back costs a scan of the texts collection on FerretDB (ADR 0006): on every create of the
 * 2009 feed that doubled the real stack's feed time.
 */
export function textsOfNewCase(
  result: { readonly duplicate: boolean; readonly events: readonly { readonly streamVersion: number }[] },
  typed: Readonly<Record<string, string | undefined>>,
): CaseTextValues | undefined {
  if (result.duplicate || result.events[0]?.streamVersion !== 1) return undefined;
  return Object.fromEntries(
    Object.entries(typed).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

export interface CaseTextsOfStream<TCommand, TView, TState = never> {
  readonly store: CaseTexts;
  /** The texts a command typed, by key (see textKeyAt in text-keys.ts for a kind of event a case may have several of). */
  readonly of: (command: TCommand, streamVersion: number) => Readonly<Record<string, string | undefined>>;
  /**
   * The person the texts are about (an applicant's reference), when the case has one: their texts are
   * erased with their personal data (`eraseSubject`).
   */
  readonly subjectOf?: (state: TState) => string | null;
  /** The view as a reader sees it, its texts put in (views are stored without them). */
  readonly show: (view: TView, texts: CaseTextValues) => TView;
}

/**
 * A `show` for views whose text fields are stored as null: each named view field gets the text of
 * its key (`null` when none is on file, ERASED_TEXT once erased).
 */
export function showTexts<TView extends object>(
  fields: Readonly<Partial<Record<keyof TView & string, string>>>,
): (view: TView, texts: CaseTextValues) => TView {
  return (view, texts) => {
    const shown: Record<string, string | null> = {};
    for (const [field, key] of Object.entries(fields)) shown[field] = texts[key as string] ?? null;
    return { ...view, ...shown };
  };
}
