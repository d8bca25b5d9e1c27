// The reply deadline of an open request (答复期限).
//
// - The time limit is fixed by the regime at receipt: 15 working days (+ at most 15) under the 2007
//   条例 第二十四条, 20 (+ at most 20) under the 2019 条例 第三十三条.
// - It counts working days after the day the clock started — the receipt date, or the day a
//   requested clarification (补正) arrived: the 2019 条例 第三十条 restarts the count from there.
// - Days while a third party or another agency is consulted do not count (2007 第二十四条, 2019
//   第三十二条/第三十三条), nor, under the 2019 regime, days between a fee notice and its payment.
//   A pause from `from` to `to` excludes the days after `from` up to and including `to`: the day the
//   consultation goes out is still a working day of the office; the day the answer arrives is not.
// - While a clarification is awaited there is no due date: the count will start afresh.
import { REGIME_TIME_LIMITS, type Regime } from '#contracts/applications';
import { type LegalDate, type WorkingCalendar } from '#contracts/legal-time';

export type PauseReason = 'clarification' | 'consultation' | 'fee';

export interface ClockPause {
  readonly reason: PauseReason;
  readonly from: LegalDate;
  /** Absent while the pause lasts. */
  readonly to?: LegalDate;
}

export interface ClockFacts {
  readonly regime: Regime;
  /** Receipt date, or the date the last awaited clarification arrived. */
  readonly startedOn: LegalDate;
  readonly extensionWorkingDays: number;
  readonly pauses: readonly ClockPause[];
}

export type Deadline =
  /** Due by the end of `dueDate`. */
  | {
      readonly status: 'running';
      readonly dueDate: LegalDate;
      readonly allowedWorkingDays: number;
    }
  | {
      readonly status: 'paused';
      readonly reason: PauseReason;
      readonly since: LegalDate;
      /** Working days left when the clock resumes; null when it will restart from zero (补正). */
      readonly remainingWorkingDays: number | null;
    }
  /** The holiday arrangement of `missingYear` is not on file yet. */
  | { readonly status: 'unknown'; readonly missingYear: number };

export const allowedWorkingDays = (facts: Pick<ClockFacts, 'regime' | 'extensionWorkingDays'>): number =>
  REGIME_TIME_LIMITS[facts.regime].replyWorkingDays + facts.extensionWorkingDays;

export function deadlineOf(facts: ClockFacts, calendar: WorkingCalendar): Deadline {
  const allowed = allowedWorkingDays(facts);
  const open = facts.pauses.find((p) => p.to === undefined);
  if (open?.reason === 'clarification') {
    return { status: 'paused', reason: 'clarification', since: open.from, remainingWorkingDays: null };
  }
  const closed = facts.pauses.flatMap((p) => (p.to === undefined ? [] : [{ from: p.from, to: p.to }]));
  const skip = (day: LegalDate): boolean => closed.some((p) => p.from < day && day <= p.to);
  const found = calendar.nthWorkingDayAfter(facts.startedOn, allowed, skip, open?.from);
  if ('date' in found) return { status: 'running', dueDate: found.date, allowedWorkingDays: allowed };
  if ('missingYear' in found) return { status: 'unknown', missingYear: found.missingYear };
  // The clock stopped at the open pause before the time limit ran out.
  if (!open) throw new Error('the deadline clock stopped with no open pause to stop at');
  return {
    status: 'paused',
    reason: open.reason,
    since: open.from,
    remainingWorkingDays: allowed - found.stoppedWithCounted,
  };
}

/** The due date a reply is judged against, and whether the reply met it (the reply event's `replyDeadline`). */
export type ReplyJudgement =
  | { readonly status: 'within' | 'late'; readonly dueOn: LegalDate }
  | { readonly status: 'unknown'; readonly reason: 'calendar-not-on-file' };

/**
 * Judges a reply given on `repliedOn` against the deadline in force that day. A pause still open on
 * the reply day (a consultation whose opinion has not come back, an unpaid fee under the 2019 regime,
 * an awaited clarification) is taken to end on the reply day: the reply ends it. An awaited
 * clarification would restart the count on arrival, so the count starts on the reply day: the reply
 * came before the clock could run out. The day the reply is given counts as within when it is the due
 * date itself (due by the end of `dueDate`).
 */
export function judgeReply(facts: ClockFacts, repliedOn: LegalDate, calendar: WorkingCalendar): ReplyJudgement {
  const awaitingClarification = facts.pauses.some((p) => p.reason === 'clarification' && p.to === undefined);
  const deadline = deadlineOf(
    {
      ...facts,
      startedOn: awaitingClarification ? repliedOn : facts.startedOn,
      pauses: facts.pauses.map((p) => (p.to === undefined ? { ...p, to: repliedOn } : p)),
    },
    calendar,
  );
  if (deadline.status === 'unknown') return { status: 'unknown', reason: 'calendar-not-on-file' };
  // Every pause is closed, so the clock cannot be paused.
  if (deadline.status === 'paused') throw new Error('a reply deadline with every pause closed cannot be paused');
  return { status: repliedOn <= deadline.dueDate ? 'within' : 'late', dueOn: deadline.dueDate };
}
