// How the act confirmation (ADR 0005) waits: the bound after which a still-unseen act is flagged for a
// clerk, and how often the sweeper looks at every waiting appeal again.
export interface ActConfirmationSettings {
  /** How long an appeal may wait for its act before it is flagged. Default one day. */
  readonly boundSeconds: number;
  /** How often to sweep; 0 turns the sweeper off. Default every minute. */
  readonly sweepEveryMs: number;
}

export const ACT_CONFIRMATION_SETTINGS = Symbol('ACT_CONFIRMATION_SETTINGS');
export const DEFAULT_ACT_CONFIRMATION: ActConfirmationSettings = { boundSeconds: 86_400, sweepEveryMs: 60_000 };
