// "Deadlines met" (issue 17.1): of the requests concluded in the year, how many were answered within
// the statutory time limit (答复期限, REPORTS §3) and how many late. Neither format has a table cell
// for it, so it is a derived measure: a small table that is never printed among the statutory tables,
// whose cells the document's prose cites by placeholder like any other — `{{期限.按期答复}}`,
// `{{期限.逾期答复}}` (cell-address.ts, ADR 0013 addendum) — so the sentence follows the data and a
// figure an office types into it is bound and checked like one stating a statutory cell.
import { type ReportTable } from './report-model.js';
import { type ReplyDeadlineCounts } from './year-figures.js';

export const REPLY_DEADLINES_TABLE_ID = 'measure-reply-deadlines';

/** The row labels (the address segments after 期限.). */
export const LDEADLINE = {
  within: '按期答复',
  late: '逾期答复',
  /** Replies whose deadline the applications service could not state (see ReplyDeadlineFact). */
  unknown: '期限不明',
  /** Withdrawn or abandoned: no reply was owed, so no deadline applies. */
  notApplicable: '不计期限',
  /** 按期答复 ÷ (按期答复 + 逾期答复), in % to one decimal: requests of unknown deadline are left out. */
  share: '按期答复率',
} as const;

/** Within ÷ (within + late) in %, to one decimal; undefined when no reply had a known deadline. */
export function shareWithin(counts: Pick<ReplyDeadlineCounts, 'within' | 'late'>): number | undefined {
  const judged = counts.within + counts.late;
  return judged === 0 ? undefined : Math.round((counts.within / judged) * 1000) / 10;
}

/** The derived table of reply deadlines for the year's concluded requests. */
export function replyDeadlinesTable(counts: ReplyDeadlineCounts): ReportTable {
  const share = shareWithin(counts);
  return {
    id: REPLY_DEADLINES_TABLE_ID,
    title: '办结申请的答复期限情况（派生指标，不属法定统计表）',
    rows: [
      { label: LDEADLINE.within, unit: '件', value: counts.within },
      { label: LDEADLINE.late, unit: '件', value: counts.late },
      { label: LDEADLINE.unknown, unit: '件', value: counts.unknown },
      { label: LDEADLINE.notApplicable, unit: '件', value: counts['not-applicable'] },
      { label: LDEADLINE.share, unit: '%', ...(share === undefined ? {} : { value: share }) },
    ],
  };
}

/** The same table with no figures: the skeleton frozen figures are put back into. */
export const replyDeadlinesSkeleton = (): ReportTable =>
  replyDeadlinesTable({ within: 0, late: 0, unknown: 0, 'not-applicable': 0 });
