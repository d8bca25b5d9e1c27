import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annualReportDecider,
  type AnnualReportCommand,
  type AnnualReportEvent,
  type AnnualReportState,
} from './annual-report.decider.js';
import { lastPublication, publishedScopes } from './publication.js';

const report = { agencyId: 'zhuzhou-city', scope: 'rollup' as const, year: 2009 };
const snapshotWith = (received: number) => ({
  manifest: {
    projectionVersion: 'facts-v1',
    watermark: [{ topic: 'applications.events', partition: 0, offset: String(received) }],
    eventCounts: [{ topic: 'applications.events', events: received * 2 }],
    factCount: received,
    excludedFacts: 0,
  },
  reports: [
    {
      template: '2008' as const,
      asOf: '2009-12-31',
      contentHash: `sha256:${String(received).padStart(64, '0')}`,
      figures: [{ table: '2008-2', path: ['受理申请总数'], value: received }],
    },
  ],
});

/** Runs commands through the decider and records its events as the store gives them back (`reporting.<type>`). */
function history(commands: readonly AnnualReportCommand[]): Array<{ type: string; data: unknown }> {
  let state: AnnualReportState = annualReportDecider.initialState;
  const recorded: Array<{ type: string; data: unknown }> = [];
  for (const command of commands) {
    const events: AnnualReportEvent[] = annualReportDecider.decide(command, state);
    for (const e of events) {
      state = annualReportDecider.evolve(state, e);
      recorded.push({ type: `reporting.${e.type}`, data: e.data });
    }
  }
  return recorded;
}

const close = (received: number, today: string): AnnualReportCommand => ({
  type: 'CloseYear',
  report,
  today,
  snapshot: snapshotWith(received),
});
const publish = (today: string): AnnualReportCommand => ({ type: 'PublishReport', report, today });
const reopen: AnnualReportCommand = {
  type: 'ReopenYear',
  report,
  reason: 'a reply dated 2009-12-30 was recorded late',
};

const receivedIn = (p: ReturnType<typeof lastPublication>) => p?.closed.reports[0]?.figures[0]?.value;

describe('what the public may read of an annual report', () => {
  it('is nothing until a close has been published', () => {
    assert.equal(lastPublication([]), undefined);
    assert.equal(lastPublication(history([close(14, '2010-01-15')])), undefined);
  });

  it('is the close that was published, with when', () => {
    const p = lastPublication(history([close(14, '2010-01-15'), publish('2010-01-20')]));
    assert.equal(receivedIn(p), 14);
    assert.equal(p?.published.publishedOn, '2010-01-20');
    assert.equal(p?.published.closeNumber, p?.closed.closeNumber);
  });

  it('stays the published text while the year is reopened and closed again, until the correction is published', () => {
    const corrected = [close(14, '2010-01-15'), publish('2010-01-20'), reopen, close(15, '2010-02-01')];
    assert.equal(receivedIn(lastPublication(history(corrected))), 14, 'reopened and closed, not yet published');
    const republished = lastPublication(history([...corrected, publish('2010-02-02')]));
    assert.equal(receivedIn(republished), 15);
    assert.equal(republished?.published.publishedOn, '2010-02-02');
  });

  it('is looked for first in the roll-up of an agency with bureaus below it, else in its own report', () => {
    assert.deepEqual(publishedScopes(true), ['rollup', 'agency']);
    assert.deepEqual(publishedScopes(false), ['agency', 'rollup']);
  });
});
