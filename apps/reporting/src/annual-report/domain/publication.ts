// What the public may read of an agency-year's report: the one last published. Publication is a
// legal act (2019 条例第四十九条: the report is public information); reopening the year to correct it
// does not unpublish what the public has already been given — the published text stays readable
// until a corrected report is published in its place.
import { type ReportPublishedData, type YearClosedData } from '#contracts/reporting';
import { type Scope } from './vocabulary.js';

export interface Publication {
  readonly published: ReportPublishedData;
  /** The close whose frozen figures were published. */
  readonly closed: YearClosedData;
}

interface RecordedEvent {
  readonly type: string;
  readonly data: unknown;
}

/** The last publication recorded on an annual report's stream, with the close it published. */
export function lastPublication(events: readonly RecordedEvent[]): Publication | undefined {
  const closes = new Map<number, YearClosedData>();
  let last: Publication | undefined;
  for (const e of events) {
    if (e.type === 'reporting.YearClosed') {
      const closed = e.data as YearClosedData;
      closes.set(closed.closeNumber, closed);
    } else if (e.type === 'reporting.ReportPublished') {
      const published = e.data as ReportPublishedData;
      const closed = closes.get(published.closeNumber);
      if (closed) last = { published, closed };
    }
  }
  return last;
}

/**
 * The scopes under which an agency's published report is looked for, in order: an agency with
 * bureaus below it publishes its roll-up (the city bureau's report covers its county bureaus, as the
 * 2009 seed's does), one without publishes its own; the other scope is the fallback.
 */
export function publishedScopes(hasSubordinates: boolean): readonly Scope[] {
  return hasSubordinates ? ['rollup', 'agency'] : ['agency', 'rollup'];
}
