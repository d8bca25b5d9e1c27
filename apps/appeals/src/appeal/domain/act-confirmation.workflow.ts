// The act-confirmation workflow (ADR 0005) as one pure decision: an appeal contests an act (a reply to
// a disclosure request, a decision on a violation case) that this service learns of only from other
// services' topics. Until the act is seen, the appeal is pending — recorded, not counted — and
// registered as waiting for it. Whatever wakes the workflow (the filing, the act arriving on its
// topic, a commit seen by the relay, the sweeper's round), it looks at the appeal's situation afresh
// and takes the one step that situation calls for; the process (../application/act-confirmation.process.ts)
// carries the step out and looks again, until no step is left.
import { type ActReference } from '#contracts/appeals';
import { type AppealState, type KnownAct } from './appeal.decider.js';

/** What the workflow looks at for one appeal, read afresh before every step. */
export interface ActConfirmationSituation {
  readonly appeal: AppealState;
  /** The appeal's registration as waiting for its act (`pending-act-references`), if any. */
  readonly waiting: { readonly act: ActReference; readonly since: string } | undefined;
  /** The act with the reference the appeal names, as seen on its topic; undefined when not seen. */
  readonly known: KnownAct | undefined;
  /** The instant of this look (ISO). */
  readonly now: string;
  /** How long an appeal may wait for its act before a clerk is asked to check it (the overdue flag). */
  readonly boundSeconds: number;
}

export type ActConfirmationStep =
  /** Register the appeal as waiting for this act (the bound of the overdue flag runs from `since`). */
  | { readonly type: 'AwaitAct'; readonly act: ActReference; readonly since: string }
  /** Append ActConfirmed — or ActReferenceDisputed when the act belongs to another agency. */
  | { readonly type: 'ConfirmAct'; readonly act: ActReference; readonly knownAct: KnownAct }
  /** Append ActConfirmationOverdue: still not seen after the bound; the appeal keeps waiting. */
  | { readonly type: 'FlagOverdue'; readonly pendingSince: string; readonly boundSeconds: number }
  /** Remove the registration: the appeal waits for nothing any more. */
  | { readonly type: 'StopWaiting' };

const sameAct = (a: ActReference, b: ActReference): boolean => a.kind === b.kind && a.ref === b.ref;

/**
 * The next step for one appeal, or undefined when there is nothing to do now. Registering comes
 * before confirming: an act recorded by the consumer between a look that missed it and the
 * registration is found by the next look, which the process takes right after registering (and the
 * consumer, which records before it reads the registrations, finds the appeal otherwise).
 */
export function nextActConfirmationStep(s: ActConfirmationSituation): ActConfirmationStep | undefined {
  if (s.appeal.status === 'none' || s.appeal.actStatus !== 'pending') {
    return s.waiting ? { type: 'StopWaiting' } : undefined;
  }
  const act = s.appeal.act;
  // Not registered yet, or registered for a reference a clerk has corrected since.
  if (!s.waiting || !sameAct(s.waiting.act, act)) return { type: 'AwaitAct', act, since: s.now };
  // An act known under another kind is not this appeal's act: it keeps waiting (and is flagged).
  if (s.known && s.known.kind === act.kind) return { type: 'ConfirmAct', act, knownAct: s.known };
  const waitedMs = Date.parse(s.now) - Date.parse(s.waiting.since);
  if (!s.appeal.actOverdue && waitedMs >= s.boundSeconds * 1000) {
    return { type: 'FlagOverdue', pendingSince: s.waiting.since, boundSeconds: s.boundSeconds };
  }
  return undefined;
}
