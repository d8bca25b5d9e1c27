// The safety net of ADR 0005: every so often the act-confirmation process looks at each appeal still
// waiting for its act — confirmed if the act is known by now (the consumer and the filing crossed, or a
// process died half-way), flagged once as overdue when the bound has passed. Running it on several
// replicas at once is harmless: every step is idempotent.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ActConfirmationProcess } from './act-confirmation.process.js';
import { ACT_CONFIRMATION_SETTINGS, type ActConfirmationSettings } from './act-confirmation.settings.js';

@Injectable()
export class ActConfirmationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ActConfirmationSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(ActConfirmationProcess) private readonly process: ActConfirmationProcess,
    @Inject(ACT_CONFIRMATION_SETTINGS) private readonly settings: ActConfirmationSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.sweepEveryMs <= 0) return;
    // A round's failure is logged by sweepOnce; the next round tries again.
    this.timer = setInterval(() => void this.sweepOnce(), this.settings.sweepEveryMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round over the waiting appeals; a round already under way is joined, not doubled. */
  sweepOnce(now: Date = new Date()): Promise<void> {
    this.running ??= this.process
      .sweep(now)
      .catch((err: unknown) => this.logger.error(`sweep failed: ${(err as Error).stack ?? String(err)}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
