// The violation-case use cases (执法监察): discover, stop on site, file, decide penalties and
// coercive measures, close — the kind's StreamViews, and the commands its changes make.
import { Inject, Injectable } from '@nestjs/common';
import { VIOLATION_CASE_EVENT_TYPES } from '#contracts/enforcement';
import { CaseKinds } from '#event-sourcing/nest';
import { CaseTexts, type CaseTextValues, StreamViews } from '#event-sourcing/read-model';
import {
  violationCaseDecider,
  violationCaseTextsOf,
  type ViolationCaseCommand,
  type ViolationCaseEvent,
  type ViolationCaseState,
} from '../domain/violation-case.decider.js';

export interface ViolationCaseView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly level: 'city' | 'county';
  readonly kind: 'land' | 'mining';
  readonly source: string;
  readonly discoveredOn: string;
  readonly areaMu: number;
  readonly status: 'discovered' | 'filed' | 'closed';
  readonly stoppedOn: string | null;
  readonly filedOn: string | null;
  /** Free text (kept apart as case texts, shown while held): null when none is on file. */
  readonly caseNumber: string | null;
  readonly closedOn: string | null;
  readonly penaltyDecisions: number;
  readonly coerciveMeasures: number;
  /** The numbers of the penalty and coercive decisions, in the order they were recorded (case texts). */
  readonly decisionNumbers: readonly string[];
}

/** The decision numbers among a case's texts, in the order of their events. */
export const decisionNumbersIn = (texts: CaseTextValues): string[] =>
  Object.entries(texts)
    .filter(([key]) => key.startsWith('decisionNumber@'))
    .sort(([a], [b]) => Number(a.split('@')[1]) - Number(b.split('@')[1]))
    .map(([, text]) => text);

/** The view as read: its case and decision numbers put in from the case texts. */
export const showCaseTexts = (view: ViolationCaseView, texts: CaseTextValues): ViolationCaseView => ({
  ...view,
  caseNumber: texts['caseNumber'] ?? null,
  decisionNumbers: decisionNumbersIn(texts),
});

/** A command as the HTTP layer gives it: without `today`, which comes from the clock. */
export type CaseCommandInput = ViolationCaseCommand extends infer C
  ? C extends { today: string }
    ? Omit<C, 'today'>
    : never
  : never;

export const VIOLATION_CASE_VIEWS = 'violation-cases';

function toView(id: string, version: number, s: ViolationCaseState): ViolationCaseView | undefined {
  if (s.status === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    level: s.level,
    kind: s.kind,
    source: s.source,
    discoveredOn: s.discoveredOn,
    areaMu: s.areaMu,
    status: s.status,
    stoppedOn: s.stoppedOn ?? null,
    filedOn: s.filedOn ?? null,
    caseNumber: null,
    closedOn: s.closedOn ?? null,
    penaltyDecisions: s.penaltyDecisions,
    coerciveMeasures: s.coerciveMeasures,
    decisionNumbers: [],
  };
}

@Injectable()
export class ViolationCasesService {
  readonly cases: StreamViews<ViolationCaseCommand, ViolationCaseEvent, ViolationCaseState, ViolationCaseView>;
  private readonly texts: CaseTexts;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.texts = new CaseTexts(kinds.documents);
    this.cases = kinds.of((registry) => ({
      stream: {
        service: 'enforcement',
        decider: violationCaseDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.agencyId),
        isNew: (s) => s.status === 'none',
      },
      collection: VIOLATION_CASE_VIEWS,
      indexes: ['agencyId', 'status', 'discoveredOn', 'level'],
      eventTypes: new Set(VIOLATION_CASE_EVENT_TYPES),
      view: toView,
      notFound: { rule: 'case.unknown', what: 'violation case' },
      texts: { store: this.texts, of: violationCaseTextsOf, show: showCaseTexts },
    }));
  }

  /**
   * The command a change makes on the legal day `today`. A decision number may not repeat on a case;
   * the numbers on file are case texts, not events, so they are read (not the stream) and handed in.
   */
  async changeCommand(id: string, input: CaseCommandInput, today: string): Promise<ViolationCaseCommand> {
    const onFile =
      'decisionNumber' in input && input.decisionNumber !== undefined
        ? { decisionNumbersOnFile: decisionNumbersIn(await this.texts.of(id)) }
        : {};
    return { ...input, ...onFile, today } as ViolationCaseCommand;
  }
}
