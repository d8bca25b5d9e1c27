// Which legal dates of a disclosure-request command the non-working-day warning checks (the warning
// itself is the shared one of `#contracts/legal-time`: accepted, but the answer says so).
// Only the dates of the office's own acts (and an in-person receipt, which needs the office open)
// are checked: a request sent online or by post, a payment, an applicant's clarification or a
// withdrawal can legitimately arrive on any day.
import {
  type DatedField,
  type LegalDateWarning,
  nonWorkingDayWarnings,
  OFFICIAL_CALENDAR,
  type WorkingCalendar,
} from '#contracts/legal-time';
import { unreachable } from '#event-sourcing';
import { type DisclosureRequestCommand } from './disclosure-request.js';

/** The legal dates of a command that the office sets by its own act, by field. */
export function officeDatesOf(command: DisclosureRequestCommand): DatedField[] {
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

/** One warning per office date that falls on a day off (the shared rule of `#contracts/legal-time`). */
export const officeDateWarnings = (
  command: DisclosureRequestCommand,
  calendar: WorkingCalendar = OFFICIAL_CALENDAR,
): LegalDateWarning[] => nonWorkingDayWarnings(officeDatesOf(command), calendar);
