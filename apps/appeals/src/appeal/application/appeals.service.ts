// The appeal use cases: file a reconsideration or a lawsuit, extend, decide, correct the act
// reference; and the act-confirmation side (ADR 0005): an appeal whose act has not been seen yet
// waits in `pending-act-references` until the act arrives on its topic (ActsConsumer), a re-check
// right after filing, or the sweeper finds it.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { appealsContracts, type ActReference } from '#contracts/appeals';
import {
  type CommandContext,
  CommandRunner,
  type Commit,
  ConcurrencyError,
  type DocumentCollections,
  DOCUMENTS,
  DomainError,
  type FindResult,
  newEventId,
  OutboxRelay,
  StreamViews,
  type Where,
  type CommandOptions,
} from '#event-sourcing';
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
 * `knownOn` is the day the appellant learned of the contested act — their day, not one of the
 * office's or the court's acts, so it gets no non-working-day warning.
 */
const NOT_A_LEGAL_ACT_DATE = ['knownOn'];

@Injectable()
export class AppealsService implements OnModuleInit {
  private readonly logger = new Logger('AppealsService');
  private readonly appeals: StreamViews<AppealCommand, AppealEvent, AppealState, AppealView>;
  readonly acts: KnownActs;

  constructor(
    @Inject(CommandRunner) runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.appeals = new StreamViews(
      runner,
      {
        service: 'appeals',
        decider: appealDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.agencyId),
        isNew: (s) => s.status === 'none',
      },
      documents.collection<AppealView>(APPEAL_VIEWS, {
        indexes: ['agencyId', 'filedOn', 'actStatus', 'status', 'actRef'],
      }),
      toView,
      new Set(appealsContracts.map((c) => c.type)),
      { rule: 'appeal.unknown', what: 'appeal' },
    );
    this.acts = new KnownActs(documents);
  }

  onModuleInit(): void {
    this.appeals.listenTo(this.relay);
    // A process may die between appending a pending appeal and registering it as waiting: the
    // relay sees every commit (at least once) and registers it then.
    this.relay.addCommitListener((commit) => this.registerWaiting(commit));
  }

  async file(input: FileInput, ctx: CommandContext, meta: Meta): Promise<WithDateWarnings<AppealView>> {
    const today = legalToday(ctx.now);
    let command: AppealCommand;
    // The agency the appeal is filed with; a lawsuit after reconsideration belongs to the
    // reconsideration's (an unknown one has none, and the decider refuses it).
    let agencyId: string;
    if (input.type === 'FileLawsuitAfterReconsideration') {
      const { state } = await this.appeals.state(input.reconsiderationId);
      command = { ...input, reconsideration: state, today };
      agencyId = state.status === 'none' ? '' : state.agencyId;
    } else {
      command = { ...input, today, knownAct: await this.acts.lookup(input.act.ref) };
      agencyId = input.agencyId;
    }
    const id = await this.appeals.idForCreate(agencyId, meta.idempotencyKey);
    const view = await this.appeals.run(id, command, ctx, meta);
    return withDateWarnings(await this.afterChange(view, ctx), command, NOT_A_LEGAL_ACT_DATE);
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
    const view = await this.appeals.run(id, command, ctx, options);
    const answer = input.type === 'CorrectActReference' ? await this.afterChange(view, ctx) : view;
    return withDateWarnings(answer, command, NOT_A_LEGAL_ACT_DATE);
  }

  get(id: string): Promise<AppealView> {
    return this.appeals.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<AppealView>> {
    return this.appeals.list(where, { filedOn: -1 }, skip, limit);
  }

  /**
   * The act arrived (or was found known): confirm — or dispute, when it is another agency's — the
   * appeal, and stop waiting for it. Idempotent: deciding again decides nothing.
   */
  async confirmAct(appealId: string, act: ActReference, knownAct: KnownAct, ctx: CommandContext): Promise<AppealView> {
    const view = await this.appeals.run(appealId, { type: 'ConfirmAct', act, knownAct }, ctx, { retryOnConflict: 5 });
    if (view.actStatus !== 'pending') await this.acts.stopWaiting(appealId);
    return view;
  }

  /** Flags an appeal whose act is still not seen after the bound. */
  async flagOverdue(
    appealId: string,
    pendingSince: string,
    boundSeconds: number,
    ctx: CommandContext,
  ): Promise<AppealView> {
    return this.appeals.run(appealId, { type: 'FlagActOverdue', pendingSince, boundSeconds }, ctx, {
      retryOnConflict: 5,
    });
  }

  /** The appeal as it stands, for the sweeper. */
  state(appealId: string): Promise<{ state: AppealState; version: number }> {
    return this.appeals.state(appealId);
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

  /**
   * After an appeal became pending: register it as waiting, THEN look for its act once more. The act
   * consumer records an act and then looks for waiting appeals, so whichever of the two runs second
   * sees the other's write: a pending appeal is never left behind by an act that arrived meanwhile.
   */
  private async afterChange(view: AppealView, ctx: CommandContext): Promise<AppealView> {
    if (view.actStatus !== 'pending') return view;
    const act: ActReference = { kind: view.actKind, ref: view.actRef };
    await this.acts.awaitAct(view.id, act, ctx.now.toISOString());
    const known = await this.acts.lookup(act.ref);
    if (!known) return view;
    try {
      return await this.confirmAct(view.id, act, known, ctx);
    } catch (err) {
      // The appeal is recorded and waiting; the consumer or the sweeper confirms it.
      if (!(err instanceof ConcurrencyError || err instanceof DomainError)) throw err;
      this.logger.warn(`confirming ${view.id} right after filing failed: ${(err as Error).message}`);
      return view;
    }
  }

  private async registerWaiting(commit: Commit): Promise<void> {
    const becamePending = commit.events.some((e) => {
      const data = e.data as { actConfirmation?: string };
      return (
        (e.type === 'appeals.ReconsiderationFiled' ||
          e.type === 'appeals.LawsuitFiled' ||
          e.type === 'appeals.ActReferenceCorrected') &&
        data.actConfirmation === 'pending'
      );
    });
    if (!becamePending) return;
    const { state } = await this.appeals.state(commit.streamId);
    if (state.status !== 'none' && state.actStatus === 'pending') {
      await this.acts.awaitAct(commit.streamId, state.act, commit.committedAt.toISOString());
    }
  }
}
