// The safety net of ADR 0005: every so often, each appeal still waiting for its act is looked at
// again — confirmed if the act is known by now (e.g. the consumer and the filing crossed, or a
// process died half-way), flagged once as overdue when the bound has passed. Running it on several
// replicas at once is harmless: each command is idempotent.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppealsService } from './appeals.service.js';

export interface ActConfirmationSettings {
  /** How long an appeal may wait for its act before it is flagged. Default one day. */
  readonly boundSeconds: number;
  /** How often to sweep; 0 turns the sweeper off. Default every minute. */
  readonly sweepEveryMs: number;
}

export const ACT_CONFIRMATION_SETTINGS = Symbol('ACT_CONFIRMATION_SETTINGS');
export const DEFAULT_ACT_CONFIRMATION: ActConfirmationSettings = { boundSeconds: 86_400, sweepEveryMs: 60_000 };

const SWEEP_BATCH = 500;

@Injectable()
export class ActConfirmationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ActConfirmationSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(AppealsService) private readonly appeals: AppealsService,
    @Inject(ACT_CONFIRMATION_SETTINGS) private readonly settings: ActConfirmationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.sweepEveryMs <= 0) return;
    // Each pass runs on its own timer; sweepOnce() logs a failed pass and never rejects.
    this.timer = setInterval(() => void this.sweepOnce(), this.settings.sweepEveryMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the waiting appeals; a pass already under way is joined, not doubled. */
  sweepOnce(now: Date = new Date()): Promise<void> {
    this.running ??= this.sweep(now)
      .catch((err: unknown) => this.logger.error(`sweep failed: ${(err as Error).stack ?? String(err)}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweep(now: Date): Promise<void> {
    for (const waiting of await this.appeals.acts.allWaiting(SWEEP_BATCH)) {
      const act = { kind: waiting.actKind, ref: waiting.actRef };
      const ctx = this.appeals.systemContext(`sweep:${waiting.appealId}:${now.toISOString()}`);
      const { state } = await this.appeals.state(waiting.appealId);
      if (state.status === 'none' || state.actStatus !== 'pending') {
        // Confirmed or disputed since: nothing to wait for.
        await this.appeals.acts.stopWaiting(waiting.appealId);
        continue;
      }
      if (state.act.ref !== act.ref || state.act.kind !== act.kind) {
        // Corrected since: wait for the new act from now on.
        await this.appeals.acts.awaitAct(waiting.appealId, state.act, now.toISOString());
        continue;
      }
      const known = await this.appeals.acts.lookup(act.ref);
      if (known) {
        await this.appeals.confirmAct(waiting.appealId, act, known, ctx);
      } else if (!state.actOverdue && now.getTime() - Date.parse(waiting.since) >= this.settings.boundSeconds * 1000) {
        await this.appeals.flagOverdue(waiting.appealId, waiting.since, this.settings.boundSeconds, ctx);
      }
    }
  }
}
