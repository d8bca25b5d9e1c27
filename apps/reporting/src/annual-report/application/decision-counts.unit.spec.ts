// 行政处罚 / 行政强制 counts (national 二, 第二十条第（六）项): each agency's count comes from the
// periods it declared in publications, or from enforcement's decided cases where it chose so (and
// when it declared nothing). The events arrive as the two services publish them; the expected cells
// are computed here from the inputs, and the explanation must name each agency's source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, CITY_AGENCY_ID, type EventEnvelope } from '#contracts';
import { type AppliedEvent, factOf } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { rowAt } from '../domain/report-model.js';
import { translate } from './fact-translation.js';

const YEAR = 2022;
const [A, B, C] = agencyAndDescendants(CITY_AGENCY_ID) as [string, string, string];
type Source = 'declarations' | 'enforcement-cases';
type Decision = 'penalty' | 'coercion';
/** Per agency and decision: successive declarations per period, decided cases, the choice if any. */
interface Input {
  readonly declared: Readonly<Record<string, readonly number[]>>;
  readonly cases: number;
  readonly chosen?: Source;
}
const INPUTS: Record<string, Record<Decision, Input>> = {
  [A]: {
    penalty: { declared: { '2022-Q1': [5], '2022-Q2': [4, 6] }, cases: 3 },
    coercion: { declared: {}, cases: 2 },
  },
  [B]: { penalty: { declared: {}, cases: 2 }, coercion: { declared: {}, cases: 1 } },
  [C]: {
    penalty: { declared: { '2022': [4] }, cases: 1, chosen: 'enforcement-cases' },
    coercion: { declared: { '2022-03': [9] }, cases: 2, chosen: 'declarations' },
  },
};

let n = 0;
const arrived = (agencyId: string, streamId: string, type: string, data: Record<string, unknown>): AppliedEvent => {
  const e: EventEnvelope = {
    id: `01900000-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId,
    streamVersion: n,
    agencyId,
    occurredAt: `${YEAR}-01-01T00:00:00+08:00`,
    recordedAt: `${YEAR}-06-01T02:00:00.000Z`,
    correlationId: 'c',
    causationId: 'c',
    actor: 'office',
    data,
  };
  return {
    source: { eventId: e.id, eventType: e.type, streamVersion: e.streamVersion, agencyId, recordedAt: e.recordedAt },
    changes: translate(e),
  };
};

const TYPE: Record<Decision, string> = { penalty: 'administrative-penalty', coercion: 'administrative-coercion' };
const ENFORCEMENT_EVENT: Record<Decision, string> = {
  penalty: 'enforcement.PenaltyDecided',
  coercion: 'enforcement.CoerciveMeasureTaken',
};

function factsOf() {
  const facts = [];
  for (const [agencyId, byDecision] of Object.entries(INPUTS)) {
    for (const decision of ['penalty', 'coercion'] as const) {
      const input = byDecision[decision];
      const stream = `decision-count.${TYPE[decision]}.${agencyId}.${YEAR}`;
      const events: AppliedEvent[] = [];
      for (const [period, counts] of Object.entries(input.declared)) {
        for (const count of counts) {
          events.push(
            arrived(agencyId, stream, 'publications.DecisionCountDeclared', {
              agencyId,
              decisionType: TYPE[decision],
              year: YEAR,
              period,
              count,
            }),
          );
        }
      }
      if (input.chosen) {
        events.push(
          arrived(agencyId, stream, 'publications.DecisionCountSourceChosen', {
            agencyId,
            decisionType: TYPE[decision],
            year: YEAR,
            source: input.chosen,
          }),
        );
      }
      if (events.length > 0) facts.push(factOf(stream, events)!);
      for (let i = 0; i < input.cases; i++) {
        const id = `violation-${agencyId}-${decision}-${i}`;
        facts.push(
          factOf(id, [arrived(agencyId, id, ENFORCEMENT_EVENT[decision], { decidedOn: `${YEAR}-05-0${i + 1}` })])!,
        );
      }
    }
  }
  return facts;
}

/** The rule, from the inputs: the choice, else declarations if any period was declared, else the cases. */
function expected(input: Input): { source: Source; count: number } {
  const periods = Object.values(input.declared).filter((counts) => counts.length > 0);
  const source = input.chosen ?? (periods.length > 0 ? 'declarations' : 'enforcement-cases');
  const declared = periods.reduce((sum, counts) => sum + counts.at(-1)!, 0);
  return { source, count: source === 'declarations' ? declared : input.cases };
}

describe('行政处罚 / 行政强制 counts: declared or enforcement’s cases, per agency', () => {
  const report = deriveReport({
    template: 'national-2021',
    agencyId: CITY_AGENCY_ID,
    scope: 'rollup',
    year: YEAR,
    agencyIds: [A, B, C],
    facts: factsOf(),
  });
  const LABEL: Record<Decision, string> = { penalty: '行政处罚', coercion: '行政强制' };

  for (const decision of ['penalty', 'coercion'] as const) {
    it(`${LABEL[decision]}: the roll-up cell is the sum of each agency's count from its source`, () => {
      const table = report.tables.find((t) => t.id === 'national-2');
      const cell = rowAt(table, ['第二十条第（六）项', LABEL[decision]])?.values?.['本年处理决定数量'];
      const want = Object.values(INPUTS).reduce((sum, byDecision) => sum + expected(byDecision[decision]).count, 0);
      assert.equal(cell, want);
    });

    it(`${LABEL[decision]}: the explanation names each agency's source and count`, () => {
      const explained = report.explanation.find((x) => x.path.at(-1) === LABEL[decision])!;
      assert.deepEqual(
        explained.parts.map((p) => [p.agencyId, p.source, p.value]),
        Object.entries(INPUTS)
          .map(([agencyId, byDecision]) => {
            const { source, count } = expected(byDecision[decision]);
            return [agencyId, source, count];
          })
          .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
      );
      assert.equal(
        explained.value,
        explained.parts.reduce((sum, p) => sum + p.value, 0),
      );
    });
  }
});
