// The statistics read model: one "case fact" per case (stream), holding only what the report tables
// need — the agency, the legal dates that decide the year, the channel, the applicant type, the
// outcome in both report vocabularies, amounts. A fact is a pure fold of the fact changes the
// consumers translated from the owning services' events, applied in stream-version order and at most
// once per version: delivering an event twice, or two streams' events interleaved, or a later event
// before an earlier one, all give the same fact.
import { unreachable } from '#event-sourcing';
import { maxDate, minDate, type LegalDate, yearOf } from '#contracts/legal-time';
import {
  type AppealKind,
  type AppealResult,
  type ApplicantType,
  type Channel,
  type ConsultationChannel,
  type Era2008Outcome,
  type Measure,
  type NationalOutcome,
  type NormativeKind,
  STOCK_MEASURES,
} from './vocabulary.js';

/** 市本级 (a case handled at city level) or a county bureau's case. */
export type CaseLevel = 'city' | 'county';

/** A fact change: what one event of another service means for the statistics, in our own words. */
export type FactChange =
  // 依申请公开: a disclosure request from receipt to its one outcome.
  | {
      readonly kind: 'disclosure-request';
      readonly type: 'received';
      /** The legal receipt date (REPORTS §3): it decides the year the request is 本年新收. */
      readonly receiptDate: LegalDate;
      readonly channel: Channel;
      readonly applicantType: ApplicantType;
    }
  | {
      readonly kind: 'disclosure-request';
      /** Replied, withdrawn or lapsed: the request is concluded with exactly one outcome. */
      readonly type: 'concluded';
      readonly date: LegalDate;
      readonly national: NationalOutcome;
      /** What the 2008-era 附表二 calls it; absent when that table has no row for it (e.g. withdrawn). */
      readonly era2008?: Era2008Outcome;
      /** The statutory reply deadline it was judged against; absent on changes stored before it was kept. */
      readonly replyDeadline?: ReplyDeadlineFact;
    }
  | {
      readonly kind: 'disclosure-request';
      readonly type: 'fee-noticed';
      readonly date: LegalDate;
      /** Whole fen (0.01 yuan): money is added as integers (money.ts). */
      readonly amountFen: number;
    }
  | {
      readonly kind: 'disclosure-request';
      readonly type: 'fee-paid';
      readonly date: LegalDate;
      /** Whole fen (0.01 yuan): money is added as integers (money.ts). */
      readonly amountFen: number;
    }
  // 依申请公开信息目录: the catalogue of information available on request.
  | { readonly kind: 'catalogue-entry'; readonly type: 'listed'; readonly date: LegalDate }
  | { readonly kind: 'catalogue-entry'; readonly type: 'delisted'; readonly date: LegalDate }
  // 主动公开: one proactively published item.
  | {
      readonly kind: 'publication';
      readonly type: 'published';
      readonly date: LegalDate;
      /** 全文电子化: the full text is available electronically. */
      readonly fullTextElectronic: boolean;
    }
  /** Recorded in error or taken down: it no longer counts in a year not yet over when retracted. */
  | { readonly kind: 'publication'; readonly type: 'retracted'; readonly date: LegalDate }
  | {
      readonly kind: 'normative-document';
      readonly type: 'issued';
      readonly date: LegalDate;
      readonly documentKind: NormativeKind;
    }
  | { readonly kind: 'normative-document'; readonly type: 'repealed'; readonly date: LegalDate }
  // 咨询 recorded one by one.
  | {
      readonly kind: 'consultation';
      readonly type: 'received';
      readonly date: LegalDate;
      readonly channel: ConsultationChannel;
    }
  // 执法监察: one violation (违法用地 or 违法采矿) from discovery to closure.
  | { readonly kind: 'violation'; readonly type: 'discovered'; readonly date: LegalDate; readonly level: CaseLevel }
  | { readonly kind: 'violation'; readonly type: 'stopped'; readonly date: LegalDate }
  | { readonly kind: 'violation'; readonly type: 'filed'; readonly date: LegalDate; readonly level?: CaseLevel }
  | { readonly kind: 'violation'; readonly type: 'closed'; readonly date: LegalDate }
  | {
      readonly kind: 'violation';
      /** 行政处罚 (penalty) or 行政强制 (coercive measure) decided on the case. */
      readonly type: 'decision';
      readonly date: LegalDate;
      readonly decision: 'penalty' | 'coercion';
    }
  // 复议、诉讼 about government information disclosure (subject 'disclosure') or anything else.
  | {
      readonly kind: 'appeal';
      readonly type: 'filed';
      readonly date: LegalDate;
      readonly appealKind: AppealKind;
      /** Only appeals against disclosure acts belong in the disclosure report. */
      readonly subject: 'disclosure' | 'other';
      /** An appeal counts only once the act it contests is confirmed to exist (with its agency). */
      readonly confirmed: boolean;
    }
  | {
      readonly kind: 'appeal';
      /** The contested act was confirmed, disputed, or corrected (possibly to another kind of act). */
      readonly type: 'act-confirmation';
      readonly confirmed: boolean;
      readonly subject?: 'disclosure' | 'other';
    }
  | { readonly kind: 'appeal'; readonly type: 'decided'; readonly date: LegalDate; readonly result: AppealResult }
  // Dated amounts; an entry is replaced, never added to, when its key is declared again.
  | {
      readonly kind: 'measures';
      readonly type: 'measured';
      /** Identifies the entry within the stream (a period, a batch chunk, an inspection). */
      readonly key: string;
      readonly date: LegalDate;
      readonly values: Readonly<Partial<Record<Measure, number>>>;
      /** When one stream carries amounts for several agencies (bulk imports). */
      readonly agencyId?: string;
    }
  | { readonly kind: 'measures'; readonly type: 'retracted'; readonly key: string };

/**
 * Whether a concluded request was answered within its statutory time limit (答复期限): `within` or
 * `late` against `dueOn`; `unknown` when the owning service could not tell (its holiday calendar
 * lacked a year, or the reply was recorded before it said); `not-applicable` when nothing was owed
 * in time — the applicant withdrew or abandoned the request (no clarification, an unpaid fee).
 */
export type ReplyDeadlineFact =
  { readonly status: 'within' | 'late'; readonly dueOn: LegalDate } | { readonly status: 'unknown' | 'not-applicable' };

export type FactKind = FactChange['kind'];

/** Where a change came from, kept for year-close manifests and post-close adjustments. */
export interface ChangeSource {
  readonly eventId: string;
  /** Qualified event type, e.g. `applications.DisclosureRequestReplied`. */
  readonly eventType: string;
  readonly streamVersion: number;
  readonly agencyId: string;
  readonly recordedAt: string;
  readonly topic?: string;
  readonly partition?: number;
  /** Kafka offset as a decimal string. */
  readonly offset?: string;
}

/** What one event meant for the statistics: usually one change, sometimes none or several. */
export interface AppliedEvent {
  readonly source: ChangeSource;
  readonly changes: readonly FactChange[];
}

interface FactBase {
  /** The case's stream id. */
  readonly id: string;
  readonly agencyId: string;
  /** Highest stream version applied. */
  readonly version: number;
  /** Data problems found while folding (listed in the manifest; the report stays consistent). */
  readonly anomalies: readonly string[];
}

export interface DisclosureRequestFact extends FactBase {
  readonly kind: 'disclosure-request';
  readonly receiptDate?: LegalDate;
  readonly channel?: Channel;
  readonly applicantType?: ApplicantType;
  readonly concluded?: {
    readonly date: LegalDate;
    readonly national: NationalOutcome;
    readonly era2008?: Era2008Outcome;
    /** Absent: not known (a change stored before the deadline was kept). */
    readonly replyDeadline?: ReplyDeadlineFact;
  };
  readonly feeNotices: ReadonlyArray<{ readonly date: LegalDate; readonly amountFen: number }>;
  readonly feePayments: ReadonlyArray<{ readonly date: LegalDate; readonly amountFen: number }>;
}
export interface CatalogueEntryFact extends FactBase {
  readonly kind: 'catalogue-entry';
  readonly listedDate?: LegalDate;
  readonly delistedDate?: LegalDate;
}
export interface PublicationFact extends FactBase {
  readonly kind: 'publication';
  readonly publishedDate?: LegalDate;
  readonly fullTextElectronic: boolean;
  readonly retractedDate?: LegalDate;
}
export interface NormativeDocumentFact extends FactBase {
  readonly kind: 'normative-document';
  readonly documentKind?: NormativeKind;
  readonly issuedDate?: LegalDate;
  readonly repealedDate?: LegalDate;
}
export interface ConsultationFact extends FactBase {
  readonly kind: 'consultation';
  readonly date?: LegalDate;
  readonly channel?: ConsultationChannel;
}
export interface ViolationFact extends FactBase {
  readonly kind: 'violation';
  readonly level: CaseLevel;
  readonly discoveredDate?: LegalDate;
  readonly stoppedDate?: LegalDate;
  readonly filedDate?: LegalDate;
  readonly closedDate?: LegalDate;
  readonly decisions: ReadonlyArray<{ readonly date: LegalDate; readonly decision: 'penalty' | 'coercion' }>;
}
export interface AppealFact extends FactBase {
  readonly kind: 'appeal';
  readonly appealKind?: AppealKind;
  readonly subject?: 'disclosure' | 'other';
  readonly confirmed: boolean;
  readonly filedDate?: LegalDate;
  readonly decided?: { readonly date: LegalDate; readonly result: AppealResult };
}
export interface MeasureEntry {
  readonly date: LegalDate;
  readonly values: Readonly<Partial<Record<Measure, number>>>;
  readonly agencyId: string;
}
export interface MeasuresFact extends FactBase {
  readonly kind: 'measures';
  readonly entries: Readonly<Record<string, MeasureEntry>>;
}

export type CaseFact =
  | DisclosureRequestFact
  | CatalogueEntryFact
  | PublicationFact
  | NormativeDocumentFact
  | ConsultationFact
  | ViolationFact
  | AppealFact
  | MeasuresFact;

function emptyFact(id: string, kind: FactKind, agencyId: string): CaseFact {
  const base = { id, agencyId, version: 0, anomalies: [] };
  switch (kind) {
    case 'disclosure-request':
      return { ...base, kind, feeNotices: [], feePayments: [] };
    case 'catalogue-entry':
      return { ...base, kind };
    case 'publication':
      return { ...base, kind, fullTextElectronic: false };
    case 'normative-document':
      return { ...base, kind };
    case 'consultation':
      return { ...base, kind };
    case 'violation':
      return { ...base, kind, level: 'county', decisions: [] };
    case 'appeal':
      return { ...base, kind, confirmed: false };
    case 'measures':
      return { ...base, kind, entries: {} };
    default:
      return unreachable(kind);
  }
}

/**
 * The fact of one case from every change applied to it so far, in any order and with any
 * duplicates: changes are deduplicated by stream version and folded in version order.
 */
export function factOf(id: string, events: Iterable<AppliedEvent>): CaseFact | undefined {
  const byVersion = new Map<number, AppliedEvent>();
  for (const e of events) if (!byVersion.has(e.source.streamVersion)) byVersion.set(e.source.streamVersion, e);
  const ordered = [...byVersion.values()].sort((a, b) => a.source.streamVersion - b.source.streamVersion);
  const first = ordered.find((e) => e.changes.length > 0);
  const firstChange = first?.changes[0];
  if (!first || !firstChange) return undefined;
  let fact = emptyFact(id, firstChange.kind, first.source.agencyId);
  for (const e of ordered) for (const change of e.changes) fact = applyChange(fact, upgraded(change), e.source);
  return fact;
}

/**
 * Changes stored before money was kept in fen (projection `facts-v1`) hold yuan: `amountYuan` on a
 * fee, the measure `administrative-fees-yuan`. They are read as the whole fen they were made from
 * (fen / 100, so × 100 rounds back exactly), and a store written before folds to the same figures
 * without a rebuild.
 */
export function upgraded(change: FactChange): FactChange {
  const legacy = change as unknown as { amountYuan?: number; values?: Readonly<Record<string, number>> };
  if (
    change.kind === 'disclosure-request' &&
    (change.type === 'fee-noticed' || change.type === 'fee-paid') &&
    change.amountFen === undefined &&
    legacy.amountYuan !== undefined
  ) {
    const { amountYuan, ...rest } = change as typeof change & { amountYuan: number };
    return { ...rest, amountFen: Math.round(amountYuan * 100) };
  }
  const yuan = legacy.values?.['administrative-fees-yuan'];
  if (change.kind === 'measures' && change.type === 'measured' && legacy.values && yuan !== undefined) {
    const { 'administrative-fees-yuan': _yuan, ...values } = legacy.values;
    return { ...change, values: { ...values, 'administrative-fees-fen': Math.round(yuan * 100) } };
  }
  return change;
}

function applyChange(fact: CaseFact, change: FactChange, source: ChangeSource): CaseFact {
  const touched = { agencyId: source.agencyId, version: Math.max(fact.version, source.streamVersion) };
  if (change.kind !== fact.kind) {
    return {
      ...fact,
      anomalies: [
        ...fact.anomalies,
        `v${source.streamVersion} ${source.eventType}: a ${change.kind} change on a ${fact.kind} case, ignored`,
      ],
    };
  }
  const note = (text: string): readonly string[] => [...fact.anomalies, `v${source.streamVersion}: ${text}`];
  switch (change.kind) {
    case 'disclosure-request': {
      const f = fact as DisclosureRequestFact;
      switch (change.type) {
        case 'received':
          return {
            ...f,
            ...touched,
            receiptDate: change.receiptDate,
            channel: change.channel,
            applicantType: change.applicantType,
          };
        case 'concluded':
          return {
            ...f,
            ...touched,
            concluded: {
              date: change.date,
              national: change.national,
              era2008: change.era2008,
              ...(change.replyDeadline ? { replyDeadline: change.replyDeadline } : {}),
            },
            anomalies: f.concluded ? note(`concluded again on ${change.date}; the later outcome counts`) : f.anomalies,
          };
        case 'fee-noticed':
          return {
            ...f,
            ...touched,
            feeNotices: [...f.feeNotices, { date: change.date, amountFen: change.amountFen }],
          };
        case 'fee-paid':
          return {
            ...f,
            ...touched,
            feePayments: [...f.feePayments, { date: change.date, amountFen: change.amountFen }],
          };
        default:
          return unreachable(change);
      }
    }
    case 'catalogue-entry':
      return change.type === 'listed'
        ? { ...(fact as CatalogueEntryFact), ...touched, listedDate: change.date }
        : { ...(fact as CatalogueEntryFact), ...touched, delistedDate: change.date };
    case 'publication': {
      const f = fact as PublicationFact;
      switch (change.type) {
        case 'published':
          return { ...f, ...touched, publishedDate: change.date, fullTextElectronic: change.fullTextElectronic };
        case 'retracted':
          return { ...f, ...touched, retractedDate: change.date };
        default:
          return unreachable(change);
      }
    }
    case 'normative-document': {
      const f = fact as NormativeDocumentFact;
      switch (change.type) {
        case 'issued':
          return { ...f, ...touched, issuedDate: change.date, documentKind: change.documentKind };
        case 'repealed':
          return { ...f, ...touched, repealedDate: change.date };
        default:
          return unreachable(change);
      }
    }
    case 'consultation':
      return { ...(fact as ConsultationFact), ...touched, date: change.date, channel: change.channel };
    case 'violation': {
      const f = fact as ViolationFact;
      switch (change.type) {
        case 'discovered':
          return { ...f, ...touched, discoveredDate: change.date, level: change.level };
        case 'stopped':
          return { ...f, ...touched, stoppedDate: change.date };
        case 'filed':
          return { ...f, ...touched, filedDate: change.date, level: change.level ?? f.level };
        case 'closed':
          return { ...f, ...touched, closedDate: change.date };
        case 'decision':
          return { ...f, ...touched, decisions: [...f.decisions, { date: change.date, decision: change.decision }] };
        default:
          return unreachable(change);
      }
    }
    case 'appeal': {
      const f = fact as AppealFact;
      switch (change.type) {
        case 'filed':
          return {
            ...f,
            ...touched,
            filedDate: change.date,
            appealKind: change.appealKind,
            subject: change.subject,
            confirmed: change.confirmed,
          };
        case 'act-confirmation':
          return { ...f, ...touched, confirmed: change.confirmed, subject: change.subject ?? f.subject };
        case 'decided':
          return { ...f, ...touched, decided: { date: change.date, result: change.result } };
        default:
          return unreachable(change);
      }
    }
    case 'measures': {
      const f = fact as MeasuresFact;
      const entries = { ...f.entries };
      switch (change.type) {
        case 'measured':
          entries[change.key] = {
            date: change.date,
            values: change.values,
            agencyId: change.agencyId ?? source.agencyId,
          };
          return { ...f, ...touched, entries };
        case 'retracted':
          delete entries[change.key];
          return { ...f, ...touched, entries };
        default:
          return unreachable(change);
      }
    }
    default:
      return unreachable(change);
  }
}

/** Open-ended: a case still open is relevant to every later year (it is carried over). */
export const OPEN_YEAR = 9999;

/**
 * The years whose report this fact can change: from its earliest legal date to its latest, and to
 * OPEN_YEAR while it is still open (a request carried over, a normative document in force).
 * Stored beside the fact so a report reads only the facts of its year.
 */
export function yearSpan(fact: CaseFact): { fromYear: number; toYear: number } {
  const dates: LegalDate[] = [];
  let open = false;
  switch (fact.kind) {
    case 'disclosure-request':
      if (fact.receiptDate) dates.push(fact.receiptDate);
      if (fact.concluded) dates.push(fact.concluded.date);
      else open = fact.receiptDate !== undefined;
      dates.push(...fact.feeNotices.map((n) => n.date), ...fact.feePayments.map((p) => p.date));
      break;
    case 'catalogue-entry':
      if (fact.listedDate) dates.push(fact.listedDate);
      if (fact.delistedDate) dates.push(fact.delistedDate);
      break;
    case 'publication':
      if (fact.publishedDate) dates.push(fact.publishedDate);
      if (fact.retractedDate) dates.push(fact.retractedDate);
      break;
    case 'normative-document':
      if (fact.issuedDate) dates.push(fact.issuedDate);
      if (fact.repealedDate) dates.push(fact.repealedDate);
      else open = fact.issuedDate !== undefined;
      break;
    case 'consultation':
      if (fact.date) dates.push(fact.date);
      break;
    case 'violation':
      for (const d of [fact.discoveredDate, fact.stoppedDate, fact.filedDate, fact.closedDate]) if (d) dates.push(d);
      dates.push(...fact.decisions.map((d) => d.date));
      break;
    case 'appeal':
      if (fact.filedDate) dates.push(fact.filedDate);
      if (fact.decided) dates.push(fact.decided.date);
      break;
    case 'measures':
      dates.push(...Object.values(fact.entries).map((e) => e.date));
      // An opening stock of documents in force, or a correction of it, counts in every later year.
      open = Object.values(fact.entries).some((e) => STOCK_MEASURES.some((m) => e.values[m] !== undefined));
      break;
    default:
      return unreachable(fact);
  }
  if (dates.length === 0) return { fromYear: OPEN_YEAR, toYear: OPEN_YEAR };
  const from = dates.reduce(minDate);
  const to = dates.reduce(maxDate);
  return { fromYear: yearOf(from), toYear: open ? OPEN_YEAR : yearOf(to) };
}

/** The agencies whose figures a fact contributes to (a bulk measures stream may feed several). */
export function agenciesOf(fact: CaseFact): string[] {
  if (fact.kind !== 'measures') return [fact.agencyId];
  return [...new Set([fact.agencyId, ...Object.values(fact.entries).map((e) => e.agencyId)])].sort();
}
