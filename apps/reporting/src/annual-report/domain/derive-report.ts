// A report derived from case facts: the tables of a template for one agency (or its roll-up) and
// year, its balancing checks, what was left out and why, and its content hash.
import { type CaseFact } from './case-facts.js';
import { type LegalDate } from '#contracts/legal-time';
import { checksFor } from './checks.js';
import { replyDeadlinesTable } from './reply-deadlines.js';
import { contentHash } from './content-hash.js';
import { type ExplainedFigure, explain } from './explanation.js';
import { type Check, type ReportTable } from './report-model.js';
import { type DeclaredFacts, tablesFor } from './templates.js';
import { type ExcludedFact, yearFigures, type YearFigures } from './year-figures.js';
import { APPLICANT_TYPES, type Scope, type Template } from './vocabulary.js';

export interface ReportSubject {
  readonly template: Template;
  readonly agencyId: string;
  readonly scope: Scope;
  readonly year: number;
}

export interface DerivedReport extends ReportSubject {
  /** The last legal date counted (the year end, or earlier during the year). */
  readonly asOf: LegalDate;
  readonly tables: readonly ReportTable[];
  /**
   * Derived measures the document cites that no statutory table has (reply deadlines met): never
   * printed as tables and not covered by the content hash, which is the statutory tables'.
   */
  readonly measures: readonly ReportTable[];
  readonly checks: readonly Check[];
  readonly excluded: readonly ExcludedFact[];
  readonly contentHash: string;
  /** How the figures the office answers for are made, and where each part comes from. */
  readonly explanation: readonly ExplainedFigure[];
}

export interface DeriveInput extends ReportSubject {
  /** The agencies counted: [agencyId] for scope 'agency', the agency and its descendants for 'rollup'. */
  readonly agencyIds: readonly string[];
  readonly facts: Iterable<CaseFact>;
  readonly declared?: DeclaredFacts;
  /** Count only what happened up to this legal date (a live report during the year). */
  readonly asOf?: LegalDate;
}

export function deriveFromFigures(
  subject: ReportSubject,
  figures: YearFigures,
  declared: DeclaredFacts | undefined,
): DerivedReport {
  const tables = tablesFor(subject.template, figures, declared);
  const carriedInRequests = APPLICANT_TYPES.reduce((n, t) => n + figures.requests.carriedIn[t], 0);
  return {
    ...subject,
    asOf: figures.to,
    tables,
    measures: [replyDeadlinesTable(figures.requests.replyDeadlines)],
    checks: checksFor(subject.template, tables, { carriedInRequests }),
    excluded: figures.excluded,
    contentHash: contentHash({ ...subject, tables }),
    explanation: explain(subject.template, figures),
  };
}

export function deriveReport(input: DeriveInput): DerivedReport {
  const { template, agencyId, scope, year } = input;
  const figures = yearFigures(input.facts, { agencyIds: input.agencyIds, year, asOf: input.asOf });
  return deriveFromFigures({ template, agencyId, scope, year }, figures, input.declared);
}
