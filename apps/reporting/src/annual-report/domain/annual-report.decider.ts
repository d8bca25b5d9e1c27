// The annual report of one agency (or its roll-up) for one year, as a case of its own: the facts
// the office declares (staff, expenditure), closing the year (freezing its figures with a manifest),
// reopening it for a stated reason, and publishing it. Figures themselves are derived from the
// other services' cases; this stream records only what the office decides about them.
import {
  type FactsDeclaredData,
  type NarrativeEditedData,
  type ReportPublishedData,
  type YearClosedData,
  type YearReopenedData,
} from '#contracts/reporting';
import { type Decider, type DomainEvent, DomainError, unreachable } from '#event-sourcing';
import { type LegalDate, yearEnd } from '#contracts/legal-time';
import { SECTION_LAYOUTS } from './document.js';
import { fenOf } from './money.js';
import { type Scope, type Template } from './vocabulary.js';

export type AnnualReportEvent =
  | DomainEvent<'FactsDeclared', FactsDeclaredData>
  | DomainEvent<'YearClosed', YearClosedData>
  | DomainEvent<'YearReopened', YearReopenedData>
  | DomainEvent<'ReportPublished', ReportPublishedData>
  | DomainEvent<'NarrativeEdited', NarrativeEditedData>;

export interface ReportKey {
  readonly agencyId: string;
  readonly scope: Scope;
  readonly year: number;
}

export type AnnualReportCommand =
  | {
      readonly type: 'DeclareFacts';
      readonly report: ReportKey;
      readonly fullTimeStaff: number;
      readonly partTimeStaff: number;
      readonly expenditureWanYuan: number;
    }
  | {
      readonly type: 'CloseYear';
      readonly report: ReportKey;
      /** Today in the agency's calendar: a year closes only once it is over. */
      readonly today: LegalDate;
      /** The frozen figures and manifest, computed by the application from the projection. */
      readonly snapshot: Pick<YearClosedData, 'manifest' | 'reports' | 'narrative'>;
    }
  | {
      /** The office replaces a section's text; literal figures come bound to their cells (document.ts). */
      readonly type: 'EditNarrative';
      readonly report: ReportKey;
      readonly template: Template;
      readonly sectionId: string;
      readonly text: string;
      readonly bindings: NarrativeEditedData['bindings'];
    }
  | { readonly type: 'ReopenYear'; readonly report: ReportKey; readonly reason: string }
  | { readonly type: 'PublishReport'; readonly report: ReportKey; readonly today: LegalDate };

export type AnnualReportStatus = 'open' | 'closed' | 'published';

export interface AnnualReportState {
  readonly status: AnnualReportStatus;
  readonly declared?: FactsDeclaredData;
  /** The frozen snapshot while closed or published. */
  readonly closed?: YearClosedData;
  readonly closeCount: number;
  readonly reopenings: ReadonlyArray<{ readonly closeNumber: number; readonly reason: string }>;
  readonly published?: ReportPublishedData;
}

export const initialAnnualReportState: AnnualReportState = { status: 'open', closeCount: 0, reopenings: [] };

/** The stream of an agency-year's report. */
export const annualReportStreamId = (k: ReportKey): string => `annual-report:${k.agencyId}:${k.scope}:${k.year}`;

/** Publication deadline: 31 January of the next year (2019 条例第四十九条), 31 March before 2019 (2007 条例). */
export const publicationDeadline = (year: number): LegalDate =>
  year >= 2019 ? `${year + 1}-01-31` : `${year + 1}-03-31`;

export const ALL_TEMPLATES: readonly Template[] = ['2008', 'national-2021'];

function decide(command: AnnualReportCommand, state: AnnualReportState): AnnualReportEvent[] {
  const { scope, year } = command.report;
  switch (command.type) {
    case 'DeclareFacts': {
      if (state.status !== 'open') {
        throw new DomainError(
          'annual-report.closed',
          `the ${year} report is ${state.status}: reopen it, with a reason, before declaring facts`,
          { kind: 'conflict' },
        );
      }
      const fields = [
        ['fullTimeStaff', command.fullTimeStaff],
        ['partTimeStaff', command.partTimeStaff],
      ] as const;
      for (const [field, value] of fields) {
        if (!Number.isInteger(value) || value < 0) {
          throw new DomainError('declared.staff-count', `${field} must be a whole number ≥ 0`, { field });
        }
      }
      if (!(command.expenditureWanYuan >= 0)) {
        throw new DomainError('declared.expenditure', 'expenditureWanYuan must be ≥ 0', {
          field: 'expenditureWanYuan',
        });
      }
      // The report prints the amount as declared, never rounded: so it must be a whole number of
      // fen, at most 6 decimals of 万元.
      if (fenOf(command.expenditureWanYuan, '万元') === undefined) {
        throw new DomainError(
          'declared.expenditure-precision',
          'expenditureWanYuan has at most 6 decimals (1 fen = 0.000001 万元)',
          { field: 'expenditureWanYuan' },
        );
      }
      const data: FactsDeclaredData = {
        scope,
        year,
        fullTimeStaff: command.fullTimeStaff,
        partTimeStaff: command.partTimeStaff,
        expenditureWanYuan: command.expenditureWanYuan,
      };
      // Declaring the same figures again changes nothing.
      const d = state.declared;
      if (
        d &&
        d.fullTimeStaff === data.fullTimeStaff &&
        d.partTimeStaff === data.partTimeStaff &&
        d.expenditureWanYuan === data.expenditureWanYuan
      ) {
        return [];
      }
      return [{ type: 'FactsDeclared', data }];
    }
    case 'EditNarrative': {
      if (state.status !== 'open') {
        throw new DomainError(
          'annual-report.closed',
          `the ${year} report is ${state.status}: its text is frozen with its figures; reopen it, with a reason, to edit`,
          { kind: 'conflict' },
        );
      }
      const sections = SECTION_LAYOUTS[command.template];
      if (!sections.some((s) => s.id === command.sectionId)) {
        throw new DomainError(
          'narrative.unknown-section',
          `sectionId must be one of ${sections.map((s) => s.id).join(', ')} for template ${command.template}`,
          { field: 'sectionId' },
        );
      }
      const text = command.text.trim();
      if (text.length === 0) {
        throw new DomainError('narrative.text-required', 'text must not be empty', { field: 'text' });
      }
      return [
        {
          type: 'NarrativeEdited',
          data: {
            scope,
            year,
            template: command.template,
            sectionId: command.sectionId,
            text,
            bindings: command.bindings,
          },
        },
      ];
    }
    case 'CloseYear': {
      if (state.status !== 'open') {
        throw new DomainError('annual-report.already-closed', `the ${year} report is already ${state.status}`, {
          kind: 'conflict',
        });
      }
      if (command.today <= yearEnd(year)) {
        throw new DomainError(
          'annual-report.year-not-over',
          `the year ${year} is not over (today is ${command.today}); it can be closed from ${year + 1}-01-01`,
          { field: 'year' },
        );
      }
      return [
        {
          type: 'YearClosed',
          data: {
            scope,
            year,
            closeNumber: state.closeCount + 1,
            closedOn: command.today,
            manifest: command.snapshot.manifest,
            reports: command.snapshot.reports,
            ...(command.snapshot.narrative ? { narrative: command.snapshot.narrative } : {}),
          },
        },
      ];
    }
    case 'ReopenYear': {
      if (state.status === 'open' || !state.closed) {
        throw new DomainError('annual-report.not-closed', `the ${year} report is not closed`, { kind: 'conflict' });
      }
      const reason = command.reason.trim();
      if (reason.length < 5) {
        throw new DomainError(
          'annual-report.reopen-reason-required',
          'reopening a closed year needs a reason (≥ 5 characters)',
          {
            field: 'reason',
          },
        );
      }
      return [{ type: 'YearReopened', data: { scope, year, reopenedCloseNumber: state.closed.closeNumber, reason } }];
    }
    case 'PublishReport': {
      if (state.status === 'published') {
        throw new DomainError('annual-report.already-published', `the ${year} report is already published`, {
          kind: 'conflict',
        });
      }
      if (state.status !== 'closed' || !state.closed) {
        throw new DomainError('annual-report.not-closed', `close the year ${year} before publishing its report`, {
          kind: 'conflict',
        });
      }
      const deadline = publicationDeadline(year);
      return [
        {
          type: 'ReportPublished',
          data: {
            scope,
            year,
            closeNumber: state.closed.closeNumber,
            publishedOn: command.today,
            deadline,
            onTime: command.today <= deadline,
            contentHashes: state.closed.reports.map((r) => ({ template: r.template, contentHash: r.contentHash })),
          },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function evolve(state: AnnualReportState, event: AnnualReportEvent): AnnualReportState {
  switch (event.type) {
    case 'FactsDeclared':
      return { ...state, declared: event.data };
    case 'YearClosed':
      return { ...state, status: 'closed', closed: event.data, closeCount: event.data.closeNumber };
    case 'YearReopened': {
      const { closed: _closed, published: _published, ...rest } = state;
      return {
        ...rest,
        status: 'open',
        reopenings: [...state.reopenings, { closeNumber: event.data.reopenedCloseNumber, reason: event.data.reason }],
      };
    }
    case 'ReportPublished':
      return { ...state, status: 'published', published: event.data };
    case 'NarrativeEdited':
      // Who edited and when are the envelope's; the service reads the edits from the stream's events.
      return state;
    default:
      return unreachable(event);
  }
}

export const annualReportDecider: Decider<AnnualReportCommand, AnnualReportEvent, AnnualReportState> = {
  decide,
  evolve,
  initialState: initialAnnualReportState,
};
