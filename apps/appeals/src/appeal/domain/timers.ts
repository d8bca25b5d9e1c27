// The statutory clocks of an appeal (REPORTS §4). Periods in days are calendar days counted from
// the day after the starting date; periods in months end on the same day of the month (see
// addMonths). Holidays at the end of a period (which would move it to the next working day) are
// not applied: the deadlines are recorded for follow-up, a late filing is never refused.
//
// Sources, as we read them (articles of the laws in force at the time):
// - 行政复议法 (1999) 第九条 / (2023 修订, in force 2024-01-01) 第二十条: apply within 60 days of
//   knowing the act. 1999 第三十一条 / 2023 第六十二条: decide within 60 days of acceptance; where
//   complex, extendable once by at most 30 days. (The 2023 simplified procedure — 30 days — is not
//   modelled: REPORTS §4 could not confirm it from the text.)
// - 行政诉讼法 (1989) 第三十九条: a direct suit within 3 months of knowing the act; the 2014
//   amendment (in force 2015-05-01) 第四十六条: 6 months. 1989 第三十八条 / 2014 第四十五条: after
//   reconsideration, within 15 days of receiving the decision, or of the end of the decision period
//   when none was made. 1989 第五十七条: first-instance judgment within 3 months of acceptance (立案);
//   2014 第八十一条: 6 months. We pick the law by the filing date (the acceptance date for the
//   judgment), an assumption for cases straddling 2015-05-01.
import { addDays, addMonths } from '#contracts/legal-time';

export const RECONSIDERATION_FILING_DAYS = 60;
export const RECONSIDERATION_DECISION_DAYS = 60;
export const RECONSIDERATION_MAX_EXTENSION_DAYS = 30;
export const LAWSUIT_AFTER_RECONSIDERATION_DAYS = 15;
/** The amended 行政诉讼法 took effect: 6-month periods from this day, 3 months before. */
export const LITIGATION_LAW_2014_IN_FORCE = '2015-05-01';

export interface Timers {
  readonly filingDeadline: string;
  readonly filedInTime: boolean;
  readonly decisionDueOn: string;
}

const litigationMonths = (date: string): number => (date >= LITIGATION_LAW_2014_IN_FORCE ? 6 : 3);

export function reconsiderationTimers(knownOn: string, filedOn: string, acceptedOn: string): Timers {
  const filingDeadline = addDays(knownOn, RECONSIDERATION_FILING_DAYS);
  return {
    filingDeadline,
    filedInTime: filedOn <= filingDeadline,
    decisionDueOn: addDays(acceptedOn, RECONSIDERATION_DECISION_DAYS),
  };
}

export function directLawsuitTimers(knownOn: string, filedOn: string, acceptedOn: string): Timers {
  const filingDeadline = addMonths(knownOn, litigationMonths(filedOn));
  return {
    filingDeadline,
    filedInTime: filedOn <= filingDeadline,
    decisionDueOn: addMonths(acceptedOn, litigationMonths(acceptedOn)),
  };
}

/**
 * After reconsideration: 15 days from its decision, or — when it was not decided — from the end of
 * its decision period.
 */
export function lawsuitAfterReconsiderationTimers(
  reconsideration: { readonly decidedOn: string | undefined; readonly decisionDueOn: string },
  filedOn: string,
  acceptedOn: string,
): Timers {
  const from = reconsideration.decidedOn ?? reconsideration.decisionDueOn;
  const filingDeadline = addDays(from, LAWSUIT_AFTER_RECONSIDERATION_DAYS);
  return {
    filingDeadline,
    filedInTime: filedOn <= filingDeadline,
    decisionDueOn: addMonths(acceptedOn, litigationMonths(acceptedOn)),
  };
}
