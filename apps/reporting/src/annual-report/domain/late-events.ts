// Late events: events applied after a year was closed (above the close's watermark). One of them
// matters to the closed year when it changes that year's figures — in either direction: a request
// received in the year raises 本年新收, a repeal dated in the year lowers 现行有效件数 of the year and
// of every later one, a conclusion dated in an earlier year takes a request out of 上年结转. So each
// is judged by what it does to the year's figures of its case, not by the dates it carries.
import { type AppliedEvent, factOf } from './case-facts.js';
import { type FigureScope, yearFigures } from './year-figures.js';

/** What one case contributes to a year's figures (nothing when its events make no fact yet). */
function contribution(caseId: string, events: readonly AppliedEvent[], scope: FigureScope): string {
  const fact = factOf(caseId, events);
  return JSON.stringify(yearFigures(fact ? [fact] : [], scope));
}

/**
 * The late events of one case that change the year's figures: each added, in stream-version order,
 * to the events the close counted and the late ones before it, and the case's contribution compared.
 */
export function eventsChangingYear(
  caseId: string,
  settled: readonly AppliedEvent[],
  late: readonly AppliedEvent[],
  scope: FigureScope,
): AppliedEvent[] {
  const changing: AppliedEvent[] = [];
  let applied = [...settled];
  let before = contribution(caseId, applied, scope);
  for (const event of [...late].sort((a, b) => a.source.streamVersion - b.source.streamVersion)) {
    applied = [...applied, event];
    const after = contribution(caseId, applied, scope);
    if (after !== before) changing.push(event);
    before = after;
  }
  return changing;
}
