// Warnings, not refusals: a legal date that falls on a day off (a weekend, or a day off of the State
// Council's holiday notice) is accepted — offices do work on some days off, and a date typed a day
// out is easier to see than to forbid — but the answer says so, naming the field and the day.
// Only the dates of the office's own acts (and an in-person receipt, which needs the office open)
// are checked: a request sent online or by post, a payment, an applicant's clarification or a
// withdrawal can legitimately arrive on any day.
import { unreachable } from '#event-sourcing';
import { type CivilDate } from './civil-date.js';
import { type DisclosureRequestCommand } from './disclosure-request.js';
import { OFFICIAL_CALENDAR, type WorkingCalendar } from './working-calendar.js';

export const NON_WORKING_DAY_RULE = 'date.non-working-day';

export interface DateWarning {
  /** The command field holding the date, e.g. `repliedOn`. */
  readonly field: string;
  readonly rule: typeof NON_WORKING_DAY_RULE;
  readonly message: string;
}

/** The legal dates of a command that the office sets by its own act, by field. */
export function officeDatesOf(command: DisclosureRequestCommand): Array<{ field: string; date: CivilDate }> {
  switch (command.type) {
    case 'ReceiveRequest':
      return command.channel === 'in-person' ? [{ field: 'receiptDate', date: command.receiptDate }] : [];
    case 'RequestClarification':
      // The due date too: a time limit should not be set to end on a day off.
      return [
        { field: 'requestedOn', date: command.requestedOn },
        { field: 'dueOn', date: command.dueOn },
      ];
    case 'ConsultThirdParty':
      return [{ field: 'consultedOn', date: command.consultedOn }];
    case 'ExtendDeadline':
      return [{ field: 'extendedOn', date: command.extendedOn }];
    case 'NoticeFee':
      return [{ field: 'noticedOn', date: command.noticedOn }];
    case 'Reply':
      return [{ field: 'repliedOn', date: command.repliedOn }];
    case 'ReceiveClarification':
    case 'ReceiveConsultationOpinion':
    case 'PayFee':
    case 'LapseFeeNotice':
    case 'Withdraw':
      return [];
    default:
      return unreachable(command);
  }
}

/** One warning per office date that falls on a known day off; none for working or unknown days. */
export function nonWorkingDayWarnings(
  command: DisclosureRequestCommand,
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): DateWarning[] {
  return officeDatesOf(command).flatMap(({ field, date }) => {
    const day = calendar.dayKind(date);
    if (day.kind === 'working' || day.kind === 'unknown') return [];
    const why =
      day.kind === 'weekend'
        ? 'a Saturday or Sunday that is not a make-up working day (调休上班)'
        : `a day off${day.name ? ` of ${day.name}` : ''}${day.notice ? ` under ${day.notice}` : ''}`;
    return [
      {
        field,
        rule: NON_WORKING_DAY_RULE,
        message: `${field} ${date} is not a working day: it is ${why}. Accepted as given; check the date.`,
      },
    ];
  });
}
