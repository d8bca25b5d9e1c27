import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, ZHUZHOU_AGENCIES, CITY_AGENCY_ID } from '#contracts';
import { mismatches } from '../testing/expected-figures.js';
import { appliedEventsOf, generateYear } from '../testing/year-generator.js';
import { type CaseFact, factOf } from './case-facts.js';
import { deriveReport } from './derive-report.js';
import { figuresOf } from './report-model.js';
import { type DeclaredFacts } from './templates.js';

const YEAR = 2021;
const generated = generateYear({
  seed: 20211231,
  year: YEAR,
  agencyIds: ZHUZHOU_AGENCIES.ids(),
  cityAgencyId: CITY_AGENCY_ID,
});
const facts: CaseFact[] = generated.cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
const declared: DeclaredFacts = { fullTimeStaff: 3, partTimeStaff: 21, expenditureWanYuan: 12.5 };

const keyOf = (f: { table: string; path: readonly string[]; column?: string }): string =>
  `${f.table}|${f.path.join('/')}|${f.column ?? ''}`;

describe('a report derived from a generated year', () => {
  it('the generated year has requests crossing the year boundary in both directions', () => {
    assert.ok(generated.crossing.carriedIn >= 6, `carried in: ${generated.crossing.carriedIn}`);
    assert.ok(generated.crossing.carriedOut >= 6, `carried out: ${generated.crossing.carriedOut}`);
    assert.equal(generated.crossing.receivedDec31ConcludedJan1, ZHUZHOU_AGENCIES.ids().length);
  });

  for (const [label, agencyId, scope] of [
    ['the city bureau alone (市本级)', CITY_AGENCY_ID, 'agency'],
    ['a county bureau', 'you-county', 'agency'],
    ['the city rolled up with its five county bureaus', CITY_AGENCY_ID, 'rollup'],
  ] as const) {
    const agencies = scope === 'rollup' ? agencyAndDescendants(agencyId) : [agencyId];
    for (const template of ['2008', 'national-2021'] as const) {
      it(`${template}: every figure for ${label} equals the generator's record, and every identity holds`, () => {
        const report = deriveReport({ template, agencyId, scope, year: YEAR, agencyIds: agencies, facts, declared });
        assert.ok(figuresOf(report.tables).length > (template === '2008' ? 40 : 150));
        const prefix = template === '2008' ? '2008-' : 'national-';
        assert.deepEqual(mismatches(report.tables, generated, agencies, declared, prefix), []);
        assert.ok(report.checks.length > 0);
        assert.deepEqual(
          report.checks.filter((c) => !c.holds),
          [],
        );
        assert.deepEqual(report.excluded, []);
      });
    }
  }

  it('the roll-up equals the sum of the six agencies, figure by figure', () => {
    for (const template of ['2008', 'national-2021'] as const) {
      const rollup = deriveReport({
        template,
        agencyId: CITY_AGENCY_ID,
        scope: 'rollup',
        year: YEAR,
        agencyIds: agencyAndDescendants(CITY_AGENCY_ID),
        facts,
      });
      const parts = ZHUZHOU_AGENCIES.ids().map((a) =>
        figuresOf(deriveReport({ template, agencyId: a, scope: 'agency', year: YEAR, agencyIds: [a], facts }).tables),
      );
      for (const f of figuresOf(rollup.tables)) {
        if (f.path.includes('市本级结案率')) continue; // a ratio, not a sum
        const values = parts.map((p) => p.find((g) => keyOf(g) === keyOf(f))?.value ?? 0);
        const sum = values.reduce((a, b) => a + b, 0);
        // Areas and money are printed rounded: the roll-up rounds the sum, not the sum of rounded parts.
        const tolerance = values.every(Number.isInteger) ? 1e-6 : 0.005 * values.length;
        assert.ok(Math.abs(sum - f.value) <= tolerance, `${keyOf(f)}: roll-up ${f.value}, sum of agencies ${sum}`);
      }
    }
  });

  it('mid-year, a live report counts only what happened up to its as-of date and still balances', () => {
    const asOf = `${YEAR}-06-30`;
    const report = deriveReport({
      template: 'national-2021',
      agencyId: CITY_AGENCY_ID,
      scope: 'rollup',
      year: YEAR,
      agencyIds: agencyAndDescendants(CITY_AGENCY_ID),
      facts,
      asOf,
    });
    assert.equal(report.asOf, asOf);
    assert.deepEqual(
      report.checks.filter((c) => !c.holds),
      [],
    );
    const received = (r: typeof report): number =>
      figuresOf(r.tables).find((f) => f.path[0] === '一、本年新收政府信息公开申请数量' && f.column === '总计')!.value;
    const full = deriveReport({
      template: 'national-2021',
      agencyId: CITY_AGENCY_ID,
      scope: 'rollup',
      year: YEAR,
      agencyIds: agencyAndDescendants(CITY_AGENCY_ID),
      facts,
    });
    assert.ok(received(report) < received(full));
  });

  it('the content hash depends on the figures only', () => {
    const input = {
      template: '2008' as const,
      agencyId: CITY_AGENCY_ID,
      scope: 'rollup' as const,
      year: YEAR,
      agencyIds: agencyAndDescendants(CITY_AGENCY_ID),
      declared,
    };
    const a = deriveReport({ ...input, facts });
    const b = deriveReport({ ...input, facts: [...facts].reverse() });
    assert.match(a.contentHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(a.contentHash, b.contentHash);
    const c = deriveReport({ ...input, facts: facts.slice(1) });
    assert.notEqual(a.contentHash, c.contentHash);
  });
});
