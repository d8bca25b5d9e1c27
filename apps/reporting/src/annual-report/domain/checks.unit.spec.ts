import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZHUZHOU_AGENCIES, CITY_AGENCY_ID } from '#contracts';
import { appliedEventsOf, generateYear } from '../testing/year-generator.js';
import { factOf } from './case-facts.js';
import { checks2008, checksNational } from './checks.js';
import { deriveReport } from './derive-report.js';
import { type Check, type ReportRow, type ReportTable } from './report-model.js';

const generated = generateYear({
  seed: 99,
  year: 2020,
  agencyIds: ZHUZHOU_AGENCIES.ids(),
  cityAgencyId: CITY_AGENCY_ID,
});
const facts = generated.cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
const base = {
  agencyId: CITY_AGENCY_ID,
  scope: 'rollup' as const,
  year: 2020,
  agencyIds: ZHUZHOU_AGENCIES.ids(),
  facts,
};
const declared = { fullTimeStaff: 1, partTimeStaff: 4, expenditureWanYuan: 3 };
const r2008 = deriveReport({ ...base, template: '2008', declared });
const rNat = deriveReport({ ...base, template: 'national-2021' });

/** A copy of the tables with one figure changed (by label path, and column for a matrix). */
function tamper(
  tables: readonly ReportTable[],
  id: string,
  path: string[],
  delta: number,
  column?: string,
): ReportTable[] {
  const edit = (rows: readonly ReportRow[], rest: string[]): ReportRow[] =>
    rows.map((r) => {
      if (r.label !== rest[0]) return r;
      if (rest.length > 1) return { ...r, children: edit(r.children ?? [], rest.slice(1)) };
      return column === undefined
        ? { ...r, value: (r.value ?? 0) + delta }
        : { ...r, values: { ...r.values, [column]: (r.values?.[column] ?? 0) + delta } };
    });
  return tables.map((t) => (t.id === id ? { ...t, rows: edit(t.rows, path) } : t));
}

const failing = (checks: readonly Check[]): string[] => checks.filter((c) => !c.holds).map((c) => c.rule);

describe('balancing identities', () => {
  it('hold on derived reports of both templates', () => {
    assert.deepEqual(failing(r2008.checks), []);
    assert.deepEqual(failing(rNat.checks), []);
    // 2008: 8 rules with everything declared and a city filing; national: 2 per column + 2.
    assert.ok(r2008.checks.length >= 8, `${r2008.checks.length}`);
    assert.equal(rNat.checks.length, 7 * 2 + 2);
  });

  it('2008: a channel count that does not add up to 受理申请总数 is caught', () => {
    const t = tamper(r2008.tables, '2008-2', ['受理申请总数', '网上申请数'], 1);
    assert.deepEqual(failing(checks2008(t)), ['2008-2.received-equals-channels']);
  });

  it('2008: a reply breakdown, a refusal reason and the one-outcome rule are each caught', () => {
    const t1 = tamper(r2008.tables, '2008-2', ['对申请的答复总数'], -1);
    assert.deepEqual(failing(checks2008(t1, { carriedInRequests: 1000 })), ['2008-2.replies-equal-breakdown']);
    const t2 = tamper(r2008.tables, '2008-2', ['对申请的答复总数', '不予公开总数', '“商业秘密”数'], 2);
    assert.deepEqual(failing(checks2008(t2, { carriedInRequests: 1000 })), ['2008-2.refused-equals-reasons']);
    const t3 = tamper(
      tamper(r2008.tables, '2008-2', ['对申请的答复总数', '同意公开数'], 1000),
      '2008-2',
      ['对申请的答复总数'],
      1000,
    );
    assert.deepEqual(failing(checks2008(t3)), ['2008-2.one-outcome-per-request']);
  });

  it('2008: staff, full text, city closures and the closure rate are each checked', () => {
    assert.deepEqual(failing(checks2008(tamper(r2008.tables, '2008-5', ['政府信息公开指定专职人员总数'], 1))), [
      '2008-5.staff-equals-full-and-part-time',
    ]);
    assert.deepEqual(
      failing(checks2008(tamper(r2008.tables, '2008-1', ['主动公开信息数', '全文电子化的主动公开信息数'], 10_000))),
      ['2008-1.full-text-within-published'],
    );
    assert.deepEqual(failing(checks2008(tamper(r2008.tables, '2008-enforcement', ['市本级结案率'], 5))), [
      '2008-enforcement.closure-rate',
    ]);
    const closed = tamper(r2008.tables, '2008-enforcement', ['市本级结案'], 1000);
    assert.deepEqual(failing(checks2008(closed)).sort(), [
      '2008-enforcement.city-closed-within-filed',
      '2008-enforcement.closure-rate',
    ]);
  });

  it('national 三: the column identity, the outcome total and the 总计 column are each caught', () => {
    const carried = tamper(rNat.tables, 'national-3', ['二、上年结转政府信息公开申请数量'], 1, '商业企业');
    assert.deepEqual(failing(checksNational(carried)).sort(), [
      'national-3.balance.商业企业',
      'national-3.total-column',
    ]);
    const leaf = tamper(rNat.tables, 'national-3', ['三、本年度办理结果', '（五）不予处理', '2.重复申请'], 1, '自然人');
    assert.deepEqual(failing(checksNational(leaf)).sort(), [
      'national-3.outcome-total.自然人',
      'national-3.total-column',
    ]);
    const total = tamper(rNat.tables, 'national-3', ['四、结转下年度继续办理'], 3, '总计');
    assert.deepEqual(failing(checksNational(total)).sort(), ['national-3.balance.总计', 'national-3.total-column']);
  });

  it('national 四: 总计 must be 维持 + 纠正 + 其他 + 尚未审结 in every row', () => {
    const t = tamper(rNat.tables, 'national-4', ['行政诉讼', '复议后起诉'], 1, '尚未审结');
    const check = checksNational(t).find((c) => c.rule === 'national-4.total');
    assert.equal(check?.holds, false);
    assert.match(check!.detail, /行政诉讼 \/ 复议后起诉: 总计 \d+ ≠ \d+/);
  });

  it('name the figures in the detail', () => {
    const received = r2008.checks.find((c) => c.rule === '2008-2.received-equals-channels')!;
    assert.match(received.detail, /^受理申请总数 \d+ = 当面申请数 \d+ \+ 传真申请数 \d+ \+ 电子邮件申请数 \d+/);
  });
});
