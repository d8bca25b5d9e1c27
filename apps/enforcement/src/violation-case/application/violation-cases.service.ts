// The violation-case use cases (执法监察): discover, stop on site, file, decide penalties and
// coercive measures, close; read one, list many.
import { Inject, Injectable } from '@nestjs/common';
import { VIOLATION_CASE_EVENT_TYPES } from '#contracts/enforcement';
import { type CommandContext, type CommandOptions } from '#event-sourcing';
import { CaseKinds } from '#event-sourcing/nest';
import { CaseTexts, type CaseTextValues, type FindResult, StreamViews, type Where } from '#event-sourcing/read-model';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
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
  private readonly cases: StreamViews<ViolationCaseCommand, ViolationCaseEvent, ViolationCaseState, ViolationCaseView>;
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

  async discover(
    input: Omit<Extract<ViolationCaseCommand, { type: 'DiscoverViolation' }>, 'type' | 'today'>,
    ctx: CommandContext,
    meta: { idempotencyKey?: string; requestHash?: string },
  ): Promise<WithDateWarnings<ViolationCaseView>> {
    const command: ViolationCaseCommand = { type: 'DiscoverViolation', ...input, today: legalToday(ctx.now) };
    return withDateWarnings(
      await this.cases.run(await this.cases.idForCreate(input.agencyId, meta.idempotencyKey), command, ctx, meta),
      command,
    );
  }

  async change(
    id: string,
    command: CaseCommandInput,
    ctx: CommandContext,
    options: CommandOptions,
  ): Promise<WithDateWarnings<ViolationCaseView>> {
    // A decision number may not repeat on a case; the numbers on file are case texts, not events.
    const onFile =
      'decisionNumber' in command && command.decisionNumber !== undefined
        ? { decisionNumbersOnFile: decisionNumbersIn(await this.texts.of(id)) }
        : {};
    const full = { ...command, ...onFile, today: legalToday(ctx.now) } as ViolationCaseCommand;
    return withDateWarnings(await this.cases.run(id, full, ctx, options), full);
  }

  /** Erases the free text of a case (case and decision numbers); its events and figures stay. */
  async eraseTexts(id: string, ctx: CommandContext, mayActFor: (agencyId: string) => void): Promise<ViolationCaseView> {
    return this.cases.eraseTexts(id, ctx, mayActFor);
  }

  get(id: string): Promise<ViolationCaseView> {
    return this.cases.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<ViolationCaseView>> {
    return this.cases.list(where, { discoveredOn: -1 }, skip, limit);
  }
}
