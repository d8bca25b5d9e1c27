// The act-confirmation process (ADR 0005): carries out the workflow of ../domain/act-confirmation.workflow.ts
// for one appeal at a time. Four things wake it, and each only feeds it:
// - a clerk's filing or correction that left the appeal pending (the controller, right after the command);
// - the relay's commit listener, for a process that died between the append and the line above;
// - the act arriving on its topic (ActsConsumer records it, then wakes the appeals waiting for it);
// - the sweeper's round over every waiting appeal (ActConfirmationSweeper), which also flags overdue ones.
// Each wake reads the appeal's situation, takes the workflow's step, and reads again until no step is
// left. Every step is idempotent, so two wakes of one appeal at once are harmless.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope } from '#contracts';
import { type ActReference } from '#contracts/appeals';
import { type CommandContext, type Commit, ConcurrencyError, DomainError } from '#event-sourcing';
import { OutboxRelay } from '#event-sourcing/outbox';
import {
  nextActConfirmationStep,
  type ActConfirmationSituation,
  type ActConfirmationStep,
} from '../domain/act-confirmation.workflow.js';
import { ACT_CONFIRMATION_SETTINGS, type ActConfirmationSettings } from './act-confirmation.settings.js';
import { AppealsService, type AppealView } from './appeals.service.js';
import { KnownActs } from './known-acts.js';

/** More steps than a whole confirmation takes (register, confirm, stop waiting): something is amiss. */
const MAX_STEPS = 6;
/** Waiting appeals looked at per sweeper round. */
const SWEEP_BATCH = 500;

/** The events after which an appeal may have become pending (filed or corrected without a known act). */
const PENDING_AFTER = new Set([
  'appeals.ReconsiderationFiled',
  'appeals.LawsuitFiled',
  'appeals.ActReferenceCorrected',
]);

@Injectable()
export class ActConfirmationProcess implements OnModuleInit {
  private readonly logger = new Logger('ActConfirmation');

  constructor(
    @Inject(AppealsService) private readonly appeals: AppealsService,
    @Inject(KnownActs) private readonly acts: KnownActs,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(ACT_CONFIRMATION_SETTINGS) private readonly settings: ActConfirmationSettings,
  ) {}

  onModuleInit(): void {
    // The relay sees every commit at least once, also those whose process died before `afterCommand`.
    this.relay.addCommitListener((commit) => this.afterCommit(commit));
  }

  /**
   * Right after a clerk's filing or correction: a pending appeal is registered and its act looked up
   * once more. A failure here fails nothing the clerk did — the appeal is recorded, and the consumer
   * or the sweeper finish the confirmation — so the clerk gets the appeal as it stands.
   */
  async afterCommand<V extends AppealView>(view: V, ctx: CommandContext): Promise<V> {
    if (view.actStatus !== 'pending') return view;
    try {
      const advanced = await this.advance(
        view.id,
        this.appeals.systemContext(ctx.causationId ?? ctx.correlationId, ctx.correlationId),
      );
      // The appeal as it now stands, with what the answer carried besides (the date warnings).
      return advanced ? { ...view, ...advanced } : view;
    } catch (err) {
      if (!(err instanceof ConcurrencyError || err instanceof DomainError)) throw err;
      this.logger.warn(`confirming ${view.id} right after the command failed: ${err.message}`);
      return view;
    }
  }

  /** An act arrived on its topic and was recorded: every appeal waiting for it moves on. */
  async actSeen(event: EventEnvelope, act: ActReference): Promise<void> {
    for (const waiting of await this.acts.waitingFor(act)) {
      await this.advance(waiting.appealId, this.appeals.systemContext(event.id, event.correlationId));
    }
  }

  /** The sweeper's round: every waiting appeal is looked at again (confirmed, re-registered, flagged). */
  async sweep(now: Date): Promise<void> {
    for (const waiting of await this.acts.allWaiting(SWEEP_BATCH)) {
      const ctx = { ...this.appeals.systemContext(`sweep:${waiting.appealId}:${now.toISOString()}`), now };
      try {
        await this.advance(waiting.appealId, ctx);
      } catch (err) {
        // One appeal's trouble (say, a store hiccup) does not keep the others waiting until the next round.
        this.logger.error(`sweeping ${waiting.appealId} failed: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Takes the workflow's steps for one appeal until none is left; the appeal as it then stands
   * (undefined when no command was needed and nothing was read back).
   */
  async advance(appealId: string, ctx: CommandContext): Promise<AppealView | undefined> {
    let view: AppealView | undefined;
    for (let taken = 0; ; taken++) {
      const step = nextActConfirmationStep(await this.situation(appealId, ctx.now));
      if (!step) return view;
      if (taken === MAX_STEPS) {
        this.logger.error(`appeal ${appealId}: still stepping after ${MAX_STEPS} steps (next: ${step.type})`);
        return view;
      }
      view = (await this.take(appealId, step, ctx)) ?? view;
    }
  }

  private async situation(appealId: string, now: Date): Promise<ActConfirmationSituation> {
    const [{ state: appeal }, registered] = await Promise.all([
      this.appeals.state(appealId),
      this.acts.registration(appealId),
    ]);
    return {
      appeal,
      waiting: registered && { act: { kind: registered.actKind, ref: registered.actRef }, since: registered.since },
      known: appeal.status === 'none' ? undefined : await this.acts.lookup(appeal.act.ref),
      now: now.toISOString(),
      boundSeconds: this.settings.boundSeconds,
    };
  }

  private async take(
    appealId: string,
    step: ActConfirmationStep,
    ctx: CommandContext,
  ): Promise<AppealView | undefined> {
    switch (step.type) {
      case 'AwaitAct':
        await this.acts.awaitAct(appealId, step.act, step.since);
        return undefined;
      case 'ConfirmAct':
        return this.appeals.confirmAct(appealId, step.act, step.knownAct, ctx);
      case 'FlagOverdue':
        return this.appeals.flagOverdue(appealId, step.pendingSince, step.boundSeconds, ctx);
      case 'StopWaiting':
        await this.acts.stopWaiting(appealId);
        return undefined;
    }
  }

  private async afterCommit(commit: Commit): Promise<void> {
    const mayBePending = commit.events.some(
      (e) => PENDING_AFTER.has(e.type) && (e.data as { actConfirmation?: string }).actConfirmation === 'pending',
    );
    if (mayBePending)
      await this.advance(commit.streamId, this.appeals.systemContext(commit.events[0]?.id ?? commit.streamId));
  }
}
