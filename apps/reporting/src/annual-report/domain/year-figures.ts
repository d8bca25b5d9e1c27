// What happened in one statistical year for a set of agencies, counted from case facts under the
// counting rules of REPORTS §3:
//   - a request is 本年新收 in the year of its receipt date;
//   - an outcome counts in the year the request was concluded;
//   - a request received before the year and not concluded before it is 上年结转; one not concluded
//     by the end of the period is 结转下年度继续办理;
//   - everything is cut at `asOf` (a live report during the year counts what has happened so far).
// Both report templates are drawn from these figures, so the two formats can never disagree.
import { unreachable } from '#event-sourcing';
import { type CaseFact, type DisclosureRequestFact, type ReplyDeadlineFact } from './case-facts.js';
import { maxDate, minDate, type LegalDate, within, yearEnd, yearStart } from '#contracts/legal-time';
import {
  APPEAL_KINDS,
  type AppealKind,
  APPLICANT_TYPES,
  type ApplicantType,
  CHANNELS,
  type Channel,
  CONSULTATION_CHANNELS,
  type ConsultationChannel,
  type DecisionSource,
  ENFORCEMENT_DECISIONS,
  type EnforcementDecision,
  type Era2008Outcome,
  MEASURES,
  type Measure,
  type NationalOutcome,
  NORMATIVE_KINDS,
  type NormativeKind,
} from './vocabulary.js';

export interface FigureScope {
  /** The agencies counted: one agency, or an agency and every agency below it. */
  readonly agencyIds: readonly string[];
  readonly year: number;
  /** Legal-date cut-off; the year end when absent or later. */
  readonly asOf?: LegalDate;
}

export type ByApplicant = Record<ApplicantType, number>;
export type AppealCounts = { upheld: number; corrected: number; other: number; pending: number };

/** `granted`, `refused/state-secret`, … : one key per outcome row of either template. */
export const nationalKey = (o: NationalOutcome): string => ('reason' in o ? `${o.category}/${o.reason}` : o.category);
export const era2008Key = (o: Era2008Outcome): string => ('reason' in o ? `${o.category}/${o.reason}` : o.category);

/**
 * One agency's year count of 行政处罚 or 行政强制 and where it comes from: the periods it declared,
 * or enforcement's decided cases — as the agency chose, else declarations once any period is
 * declared, else the cases. Both are kept so the report can show what it did not use.
 */
export interface AgencyDecisionCount {
  readonly agencyId: string;
  readonly source: DecisionSource;
  /** Whether the agency chose the source (false: the default rule picked it). */
  readonly chosen: boolean;
  readonly count: number;
  /** The declared periods' total; undefined when no period was declared. */
  readonly declared: number | undefined;
  readonly enforcementCases: number;
}

/**
 * One agency's 现行有效件数 of a kind and its parts: the opening stock it declared (documents in
 * force at the end of `asOf`), the documents issued and repealed after it up to the end of the
 * period, and the stock-take corrections in between. Without an opening stock every document
 * recorded here counts from its issue. inForce = opening + issuedSince − repealedSince + corrections.
 */
export interface AgencyStock {
  readonly agencyId: string;
  readonly opening?: { readonly asOf: LegalDate; readonly count: number };
  readonly issuedSince: number;
  readonly repealedSince: number;
  readonly corrections: number;
  readonly inForce: number;
}

export interface ExcludedFact {
  readonly factId: string;
  readonly reason: string;
}

export interface YearFigures {
  readonly year: number;
  /** The period counted: 1 January to the earlier of 31 December and asOf. */
  readonly from: LegalDate;
  readonly to: LegalDate;
  readonly publications: { total: number; fullTextElectronic: number };
  readonly catalogueEntries: number;
  readonly normative: Record<NormativeKind, { issued: number; repealed: number; inForce: number }>;
  readonly requests: {
    readonly receivedByChannel: Record<Channel, number>;
    readonly received: ByApplicant;
    readonly carriedIn: ByApplicant;
    readonly carriedOut: ByApplicant;
    /** National outcome key → count per applicant type. */
    readonly concluded: Record<string, ByApplicant>;
    /** 2008-era outcome key → count (replies the 2008-era table has a row for). */
    readonly era2008Replies: Record<string, number>;
    /** Concluded requests the 2008-era table has no row for (withdrawn, lapsed …). */
    readonly concludedWithout2008Label: number;
    readonly feeNotices: { count: number; amountFen: number };
    /** Whole fen, added as integers. */
    readonly feesPaidFen: number;
    /**
     * The requests concluded in the period (those of 办理结果) by their statutory reply deadline:
     * answered within it, late, not known (no deadline on record), or owing none (withdrawn, abandoned).
     */
    readonly replyDeadlines: ReplyDeadlineCounts;
  };
  readonly consultations: Record<ConsultationChannel, number>;
  readonly measures: Record<Measure, number>;
  readonly violations: {
    discovered: number;
    stopped: number;
    filed: number;
    /** 市本级 cases filed in the year, and of those the ones closed by the end of the period. */
    cityFiled: number;
    cityClosed: number;
    penaltyDecisions: number;
    coercionDecisions: number;
  };
  /** 现行有效件数 per kind and agency with anything in force, by agency id: the table sums `inForce`. */
  readonly stock: Record<NormativeKind, readonly AgencyStock[]>;
  /** 行政处罚 / 行政强制 per agency with anything to count, by agency id: the table sums `count`. */
  readonly decisionCounts: Record<EnforcementDecision, readonly AgencyDecisionCount[]>;
  /** Appeals about disclosure filed in the year, by kind, with their state at the end of the period. */
  readonly appeals: Record<AppealKind, AppealCounts>;
  /** Facts left out because they lack what the counting needs (listed in the report manifest). */
  readonly excluded: readonly ExcludedFact[];
}

export type ReplyDeadlineCounts = Record<ReplyDeadlineFact['status'], number>;

const zeroBy = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function yearFigures(facts: Iterable<CaseFact>, scope: FigureScope): YearFigures {
  const from = yearStart(scope.year);
  const to = scope.asOf ? minDate(yearEnd(scope.year), scope.asOf) : yearEnd(scope.year);
  const agencies = new Set(scope.agencyIds);
  const inYear = (d: LegalDate | undefined): boolean => within(d, from, to);

  const f = {
    publications: { total: 0, fullTextElectronic: 0 },
    catalogueEntries: 0,
    normative: Object.fromEntries(NORMATIVE_KINDS.map((k) => [k, { issued: 0, repealed: 0, inForce: 0 }])) as Record<
      NormativeKind,
      { issued: number; repealed: number; inForce: number }
    >,
    requests: {
      receivedByChannel: zeroBy<Channel>(CHANNELS),
      received: zeroBy<ApplicantType>(APPLICANT_TYPES),
      carriedIn: zeroBy<ApplicantType>(APPLICANT_TYPES),
      carriedOut: zeroBy<ApplicantType>(APPLICANT_TYPES),
      concluded: {} as Record<string, ByApplicant>,
      era2008Replies: {} as Record<string, number>,
      concludedWithout2008Label: 0,
      feeNotices: { count: 0, amountFen: 0 },
      feesPaidFen: 0,
      replyDeadlines: { within: 0, late: 0, unknown: 0, 'not-applicable': 0 },
    },
    consultations: zeroBy<ConsultationChannel>(CONSULTATION_CHANNELS),
    measures: zeroBy<Measure>(MEASURES),
    violations: {
      discovered: 0,
      stopped: 0,
      filed: 0,
      cityFiled: 0,
      cityClosed: 0,
      penaltyDecisions: 0,
      coercionDecisions: 0,
    },
    appeals: Object.fromEntries(
      APPEAL_KINDS.map((k) => [k, { upheld: 0, corrected: 0, other: 0, pending: 0 }]),
    ) as Record<AppealKind, AppealCounts>,
  };
  const excluded: ExcludedFact[] = [];
  const decisions = new DecisionTally();
  const stock = new DocumentStock(to);

  for (const fact of facts) {
    if (fact.kind === 'measures') {
      for (const entry of Object.values(fact.entries)) {
        if (!agencies.has(entry.agencyId)) continue;
        stock.measured(entry.agencyId, entry.date, entry.values);
        if (!inYear(entry.date)) continue;
        for (const m of MEASURES) f.measures[m] += entry.values[m] ?? 0;
        decisions.measured(entry.agencyId, entry.values);
      }
      continue;
    }
    if (!agencies.has(fact.agencyId)) continue;
    switch (fact.kind) {
      case 'disclosure-request':
        countRequest(fact, from, to, f.requests, excluded);
        break;
      case 'catalogue-entry':
        if (inYear(fact.listedDate) && !(fact.delistedDate !== undefined && fact.delistedDate <= to)) {
          f.catalogueEntries++;
        }
        break;
      case 'publication':
        // Retracted by the end of the period: it does not count. Retracted in a later year: the
        // earlier year's figure stands (it was published then).
        if (inYear(fact.publishedDate) && !(fact.retractedDate !== undefined && fact.retractedDate <= to)) {
          f.publications.total++;
          if (fact.fullTextElectronic) f.publications.fullTextElectronic++;
        }
        break;
      case 'normative-document': {
        if (!fact.documentKind || !fact.issuedDate) {
          if (fact.repealedDate && inYear(fact.repealedDate))
            excluded.push({ factId: fact.id, reason: 'normative document repealed but never issued' });
          break;
        }
        const n = f.normative[fact.documentKind];
        if (inYear(fact.issuedDate)) n.issued++;
        if (inYear(fact.repealedDate)) n.repealed++;
        stock.document(fact.agencyId, fact.documentKind, fact.issuedDate, fact.repealedDate);
        break;
      }
      case 'consultation':
        if (fact.channel && inYear(fact.date)) f.consultations[fact.channel]++;
        break;
      case 'violation': {
        const v = f.violations;
        if (inYear(fact.discoveredDate)) v.discovered++;
        if (inYear(fact.stoppedDate)) v.stopped++;
        if (inYear(fact.filedDate)) {
          v.filed++;
          if (fact.level === 'city') {
            v.cityFiled++;
            if (fact.closedDate !== undefined && fact.closedDate <= to) v.cityClosed++;
          }
        }
        for (const d of fact.decisions) {
          if (!inYear(d.date)) continue;
          if (d.decision === 'penalty') v.penaltyDecisions++;
          else v.coercionDecisions++;
          decisions.decided(fact.agencyId, d.decision);
        }
        break;
      }
      case 'appeal': {
        if (fact.subject !== 'disclosure' || !fact.confirmed || !inYear(fact.filedDate)) break;
        if (!fact.appealKind) break;
        const counts = f.appeals[fact.appealKind];
        const decided = fact.decided && fact.decided.date <= to ? fact.decided : undefined;
        if (!decided) counts.pending++;
        else counts[decided.result]++;
        break;
      }
      default:
        unreachable(fact);
    }
  }
  const stocks = stock.stocks();
  for (const k of NORMATIVE_KINDS) f.normative[k].inForce = stocks[k].reduce((n, a) => n + a.inForce, 0);
  return { year: scope.year, from, to, ...f, stock: stocks, decisionCounts: decisions.counts(), excluded };
}

/**
 * The documents in force at the end of a period (`to`), per agency and kind, from the documents
 * recorded here and the opening stock and corrections the office declared (those dated after `to`
 * do not apply yet; an opening stock counted after `to` neither).
 */
class DocumentStock {
  private readonly documents: Array<{
    agencyId: string;
    kind: NormativeKind;
    issued: LegalDate;
    repealed?: LegalDate;
  }> = [];
  /** By agency and kind: the latest declared (an entry replaces the earlier one). */
  private readonly openings = new Map<string, { agencyId: string; asOf: LegalDate; count: number }>();
  private readonly corrections: Array<{ agencyId: string; kind: NormativeKind; date: LegalDate; change: number }> = [];

  constructor(private readonly to: LegalDate) {}

  measured(agencyId: string, date: LegalDate, values: Readonly<Partial<Record<Measure, number>>>): void {
    if (date > this.to) return;
    for (const kind of NORMATIVE_KINDS) {
      const opening = values[`${kind}-opening-stock`];
      const change = values[`${kind}-stock-correction`];
      if (opening !== undefined)
        this.openings.set(`${agencyId}\u0000${kind}`, { agencyId, asOf: date, count: opening });
      if (change !== undefined) this.corrections.push({ agencyId, kind, date, change });
    }
  }

  document(agencyId: string, kind: NormativeKind, issued: LegalDate, repealed: LegalDate | undefined): void {
    if (issued <= this.to) this.documents.push({ agencyId, kind, issued, ...(repealed ? { repealed } : {}) });
  }

  stocks(): Record<NormativeKind, AgencyStock[]> {
    const agencies = [
      ...new Set([
        ...this.documents.map((d) => d.agencyId),
        ...[...this.openings.values()].map((o) => o.agencyId),
        ...this.corrections.map((c) => c.agencyId),
      ]),
    ].sort();
    const of = (kind: NormativeKind): AgencyStock[] =>
      agencies.flatMap((agencyId) => {
        const declared = this.openings.get(`${agencyId}\u0000${kind}`);
        const opening = declared ? { asOf: declared.asOf, count: declared.count } : undefined;
        // After the opening stock's day (it counts what was in force at its end), or since ever.
        const since = (d: LegalDate | undefined): boolean =>
          d !== undefined && d <= this.to && (opening === undefined || d > opening.asOf);
        const docs = this.documents.filter((d) => d.agencyId === agencyId && d.kind === kind);
        const issuedSince = docs.filter((d) => since(d.issued)).length;
        const repealedSince = docs.filter((d) => since(d.repealed)).length;
        const corrections = this.corrections
          .filter((c) => c.agencyId === agencyId && c.kind === kind && since(c.date))
          .reduce((n, c) => n + c.change, 0);
        if (!opening && docs.length === 0 && corrections === 0) return [];
        const inForce = (opening?.count ?? 0) + issuedSince - repealedSince + corrections;
        return [{ agencyId, ...(opening ? { opening } : {}), issuedSince, repealedSince, corrections, inForce }];
      });
    return { regulation: of('regulation'), 'normative-document': of('normative-document') };
  }
}

/** Collects, per agency, the declared and the enforcement-case counts of 行政处罚 / 行政强制 and the choice. */
class DecisionTally {
  private readonly byAgency = new Map<
    string,
    Record<EnforcementDecision, { declared?: number; cases: number; fromCases?: boolean }>
  >();

  private of(agencyId: string) {
    let tally = this.byAgency.get(agencyId);
    if (!tally) {
      tally = { penalty: { cases: 0 }, coercion: { cases: 0 } };
      this.byAgency.set(agencyId, tally);
    }
    return tally;
  }

  measured(agencyId: string, values: Readonly<Partial<Record<Measure, number>>>): void {
    for (const d of ENFORCEMENT_DECISIONS) {
      const declared = values[`${d}-decisions`];
      const fromCases = values[`${d}-from-enforcement-cases`];
      if (declared === undefined && fromCases === undefined) continue;
      const t = this.of(agencyId)[d];
      if (declared !== undefined) t.declared = (t.declared ?? 0) + declared;
      if (fromCases !== undefined) t.fromCases = fromCases === 1;
    }
  }

  decided(agencyId: string, decision: EnforcementDecision): void {
    this.of(agencyId)[decision].cases++;
  }

  counts(): Record<EnforcementDecision, AgencyDecisionCount[]> {
    const agencies = [...this.byAgency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const countsOf = (d: EnforcementDecision): AgencyDecisionCount[] =>
      agencies.map(([agencyId, tally]) => {
        const t = tally[d];
        const source: DecisionSource =
          t.fromCases === true || (t.fromCases === undefined && t.declared === undefined)
            ? 'enforcement-cases'
            : 'declarations';
        return {
          agencyId,
          source,
          chosen: t.fromCases !== undefined,
          count: source === 'enforcement-cases' ? t.cases : (t.declared ?? 0),
          declared: t.declared,
          enforcementCases: t.cases,
        };
      });
    return { penalty: countsOf('penalty'), coercion: countsOf('coercion') };
  }
}

function countRequest(
  fact: DisclosureRequestFact,
  from: LegalDate,
  to: LegalDate,
  r: {
    receivedByChannel: Record<Channel, number>;
    received: ByApplicant;
    carriedIn: ByApplicant;
    carriedOut: ByApplicant;
    concluded: Record<string, ByApplicant>;
    era2008Replies: Record<string, number>;
    concludedWithout2008Label: number;
    feeNotices: { count: number; amountFen: number };
    feesPaidFen: number;
    replyDeadlines: ReplyDeadlineCounts;
  },
  excluded: ExcludedFact[],
): void {
  // Fees count in the year they were noticed or paid, whatever became of the request.
  for (const n of fact.feeNotices) {
    if (!within(n.date, from, to)) continue;
    r.feeNotices.count++;
    r.feeNotices.amountFen += n.amountFen;
  }
  for (const p of fact.feePayments) if (within(p.date, from, to)) r.feesPaidFen += p.amountFen;

  const { receiptDate, channel, applicantType } = fact;
  if (!receiptDate || !channel || !applicantType) {
    if (fact.concluded && within(fact.concluded.date, from, to))
      excluded.push({ factId: fact.id, reason: 'request concluded but its receipt was never recorded' });
    return;
  }
  if (receiptDate > to) return;
  // A conclusion dated before the receipt is a data error; it counts on the receipt date, so a
  // request can never be concluded in a year before the one it was received in.
  const concludedOn = fact.concluded ? maxDate(fact.concluded.date, receiptDate) : undefined;
  const concludedBy = (d: LegalDate): boolean => concludedOn !== undefined && concludedOn <= d;

  if (receiptDate >= from) {
    r.received[applicantType]++;
    r.receivedByChannel[channel]++;
  } else if (!concludedBy(dayBefore(from))) {
    r.carriedIn[applicantType]++;
  } else {
    return; // concluded in an earlier year
  }
  if (fact.concluded && concludedBy(to)) {
    const key = nationalKey(fact.concluded.national);
    const row = (r.concluded[key] ??= zeroBy<ApplicantType>(APPLICANT_TYPES));
    row[applicantType]++;
    r.replyDeadlines[fact.concluded.replyDeadline?.status ?? 'unknown']++;
    if (fact.concluded.era2008) {
      const k = era2008Key(fact.concluded.era2008);
      r.era2008Replies[k] = (r.era2008Replies[k] ?? 0) + 1;
    } else {
      r.concludedWithout2008Label++;
    }
  } else {
    r.carriedOut[applicantType]++;
  }
}

/** `YYYY-01-01` → the previous 31 December (only ever called with a year start). */
const dayBefore = (yearStartDate: LegalDate): LegalDate =>
  `${String(Number(yearStartDate.slice(0, 4)) - 1).padStart(4, '0')}-12-31`;
