// The appeal use cases: file a reconsideration or a lawsuit, extend, decide, correct the act
// reference; and the two commands the act-confirmation process (ADR 0005,
// act-confirmation.process.ts) gives an appeal on its own: confirm its act, flag it overdue.
import { Inject, Injectable } from '@nestjs/common';
import { type EventEnvelope } from '#contracts';
import { actConfirmationOverdue, actConfirmed, appealsContracts, type ActReference } from '#contracts/appeals';
import { type CommandContext, newEventId, type CommandOptions } from '#event-sourcing';
import { StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import {
  appealDecider,
  type AppealCommand,
  type AppealEvent,
  type AppealState,
  type FiledAppeal,
  type KnownAct,
} from '../domain/appeal.decider.js';
import { KnownActs } from './known-acts.js';

export interface AppealView {
  readonly id: string;
  readonly version: number;
  readonly kind: FiledAppeal['kind'];
  readonly agencyId: string;
  readonly actKind: ActReference['kind'];
  readonly actRef: string;
  /** confirmed: counts; pending: the act has not been seen yet; disputed: it belongs to another agency. */
  readonly actStatus: FiledAppeal['actStatus'];
  readonly actOverdue: boolean;
  readonly reconsiderationId: string | null;
  readonly filedOn: string;
  readonly acceptedOn: string;
  readonly filingDeadline: string;
  readonly filedInTime: boolean;
  readonly decisionDueOn: string;
  readonly extended: boolean;
  readonly status: 'pending' | 'decided';
  readonly decidedOn: string | null;
  readonly result: string | null;
}

export const APPEAL_VIEWS = 'appeals';

function toView(id: string, version: number, s: AppealState): AppealView | undefined {
  if (s.status === 'none') return undefined;
  return {
    id,
    version,
    kind: s.kind,
    agencyId: s.agencyId,
    actKind: s.act.kind,
    actRef: s.act.ref,
    actStatus: s.actStatus,
    actOverdue: s.actOverdue,
    reconsiderationId: s.reconsiderationId ?? null,
    filedOn: s.filedOn,
    acceptedOn: s.acceptedOn,
    filingDeadline: s.filingDeadline,
    filedInTime: s.filedInTime,
    decisionDueOn: s.decisionDueOn,
    extended: s.extended,
    status: s.status,
    decidedOn: s.decidedOn ?? null,
    result: s.result ?? null,
  };
}

type Meta = { idempotencyKey?: string; requestHash?: string };
type Omitted<C, K extends string> = C extends unknown ? Omit<C, K> : never;
export type FileInput =
  | Omitted<Extract<AppealCommand, { type: 'FileReconsideration' | 'FileDirectLawsuit' }>, 'today' | 'knownAct'>
  | Omitted<Extract<AppealCommand, { type: 'FileLawsuitAfterReconsideration' }>, 'today' | 'reconsideration'>;
export type ChangeInput = Omitted<
  Extract<AppealCommand, { type: 'ExtendDecisionDeadline' | 'DecideAppeal' | 'CorrectActReference' }>,
  'today' | 'knownAct'
>;

/** Who the system acts as when it confirms or flags an appeal on its own. */
export const ACT_CONFIRMATION_ACTOR = 'system:appeals-act-confirmation';

/**
 * The act confirmation's own marks on an appeal (ADR 0005): they change whether the appeal counts,
 * not what a clerk extends or decides, so a clerk's If-Match from before them still holds.
 */
export function isActConfirmationBookkeeping(event: Pick<EventEnvelope, 'type' | 'actor'>): boolean {
  return (
    event.actor === ACT_CONFIRMATION_ACTOR &&
    (event.type === actConfirmed.type || event.type === actConfirmationOverdue.type)
  );
}

/**
 * `knownOn` is the day the appellant learned of the contested act — their day, not one of the
 * office's or the court's acts, so it gets no non-working-day warning.
 */
const NOT_A_LEGAL_ACT_DATE = ['knownOn'];

@Injectable()
export class AppealsService {
  /** The appeals with their list view: what the routes read (`get`, `list`) straight from the kernel. */
  readonly views: StreamViews<AppealCommand, AppealEvent, AppealState, AppealView>;

  constructor(
    @Inject(CaseKinds) kinds: CaseKinds,
    @Inject(KnownActs) private readonly acts: KnownActs,
  ) {
    this.views = kinds.of((registry) => ({
      stream: {
        service: 'appeals',
        decider: appealDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.agencyId),
        isNew: (s) => s.status === 'none',
        ifMatchIgnores: isActConfirmationBookkeeping,
      },
      collection: APPEAL_VIEWS,
      indexes: ['agencyId', 'filedOn', 'actStatus', 'status', 'actRef'],
      eventTypes: new Set(appealsContracts.map((c) => c.type)),
      view: toView,
      notFound: { rule: 'appeal.unknown', what: 'appeal' },
    }));
  }

  async file(input: FileInput, ctx: CommandContext, meta: Meta): Promise<WithDateWarnings<AppealView>> {
    const today = legalToday(ctx.now);
    let command: AppealCommand;
    // The agency the appeal is filed with; a lawsuit after reconsideration belongs to the
    // reconsideration's (an unknown one has none, and the decider refuses it).
    let agencyId: string;
    if (input.type === 'FileLawsuitAfterReconsideration') {
      const { state } = await this.views.state(input.reconsiderationId);
      command = { ...input, reconsideration: state, today };
      agencyId = state.status === 'none' ? '' : state.agencyId;
    } else {
      command = { ...input, today, knownAct: await this.acts.lookup(input.act.ref) };
      agencyId = input.agencyId;
    }
    const id = await this.views.idForCreate(agencyId, meta.idempotencyKey);
    const view = await this.views.run(id, command, ctx, meta);
    return withDateWarnings(view, command, NOT_A_LEGAL_ACT_DATE);
  }

  async change(
    id: string,
    input: ChangeInput,
    ctx: CommandContext,
    options: CommandOptions = {},
  ): Promise<WithDateWarnings<AppealView>> {
    const today = legalToday(ctx.now);
    const command: AppealCommand =
      input.type === 'CorrectActReference'
        ? { ...input, knownAct: await this.acts.lookup(input.act.ref) }
        : { ...input, today };
    return withDateWarnings(await this.views.run(id, command, ctx, options), command, NOT_A_LEGAL_ACT_DATE);
  }

  /**
   * Confirms the appeal's act — or disputes it, when the act is another agency's. Idempotent:
   * deciding again decides nothing.
   */
  confirmAct(appealId: string, act: ActReference, knownAct: KnownAct, ctx: CommandContext): Promise<AppealView> {
    return this.views.run(appealId, { type: 'ConfirmAct', act, knownAct }, ctx, { retryOnConflict: 5 });
  }

  /** Flags an appeal whose act is still not seen after the bound. */
  async flagOverdue(
    appealId: string,
    pendingSince: string,
    boundSeconds: number,
    ctx: CommandContext,
  ): Promise<AppealView> {
    return this.views.run(appealId, { type: 'FlagActOverdue', pendingSince, boundSeconds }, ctx, {
      retryOnConflict: 5,
    });
  }

  /** The appeal as it stands, for the act-confirmation process. */
  state(appealId: string): Promise<{ state: AppealState; version: number }> {
    return this.views.state(appealId);
  }

  systemContext(causationId: string, correlationId: string = causationId): CommandContext {
    return {
      now: new Date(),
      actor: ACT_CONFIRMATION_ACTOR,
      correlationId,
      causationId,
      newId: newEventId,
    };
  }
}
