import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, CITY_AGENCY_ID } from '#contracts';
import { SEED_DECLARED, SEED_YEAR, seedCases, seedFiling } from '../testing/seed-2009.js';
import { appliedEventsOf } from '../testing/year-generator.js';
import { factOf } from './case-facts.js';
import { deriveReport } from './derive-report.js';
import { figuresOf } from './report-model.js';
import { normalizeLabel, reconcile } from './reconcile.js';

const agencyIds = agencyAndDescendants(CITY_AGENCY_ID);
const cases = seedCases({ cityAgencyId: CITY_AGENCY_ID, countyAgencyIds: agencyIds.slice(1) });
const facts = cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
const derived = deriveReport({
  template: '2008',
  agencyId: CITY_AGENCY_ID,
  scope: 'rollup',
  year: SEED_YEAR,
  agencyIds,
  facts,
  declared: SEED_DECLARED,
});

describe('reconciling the seed’s published 2009 report against cases that match the seed', () => {
  const result = reconcile('2008', derived.tables, seedFiling);

  it('the derived report itself balances', () => {
    assert.deepEqual(
      derived.checks.filter((c) => !c.holds),
      [],
    );
  });

  it('lists exactly the discrepancies of REPORTS §1 against the derived figures', () => {
    assert.deepEqual(result.discrepancies, [
      // 对申请的答复总数 is 0 …
      { table: '附表二 依申请公开政府信息情况统计', path: ['对申请的答复总数'], filed: 0, derived: 14 },
      // … and 同意公开 + 同意部分公开 = 28 for 14 requests: each request has one outcome.
      {
        table: '附表二 依申请公开政府信息情况统计',
        path: ['对申请的答复总数', '同意部分公开数'],
        filed: 14,
        derived: 0,
      },
      // The text says 12 applications were received.
      { table: '正文', path: ['受理申请总数'], filed: 12, derived: 14 },
    ]);
  });

  it('lists exactly the seed’s own inconsistencies of REPORTS §1, and nothing else', () => {
    assert.deepEqual(
      result.violations.map((v) => [v.rule, v.detail]),
      [
        ['filed.table-printed-more-than-once', '附表四 复议、诉讼情况统计表 is printed 2 times (identical copies)'],
        ['filed.table-printed-more-than-once', '附表五 政府支出与收费情况统计 is printed 2 times (identical copies)'],
        [
          '2008-2.replies-equal-breakdown',
          '对申请的答复总数 0 ≠ 同意公开数 14 + 同意部分公开数 14 + “非《规定》所指政府信息”数 0 + 信息不存在数 0 + ' +
            '“非本机关职责权限范围”数 0 + “申请内容不明确”数 0 + “重复申请”数 0 + 不予公开总数 0 (= 28)',
        ],
        ['2008-2.one-outcome-per-request', '同意公开数 14 + 同意部分公开数 14 = 28 > 受理申请总数 14 + 上年结转 0'],
        ['filed.text-contradicts-table', '正文 受理申请总数 12 ≠ 附表二 依申请公开政府信息情况统计 受理申请总数 14'],
      ],
    );
    assert.equal(result.consistent, false);
  });

  it('matches every printed label and leaves no derived figure unstated', () => {
    assert.deepEqual(result.unmatched, []);
    assert.deepEqual(result.unfiled, []);
  });

  it('a filing of the derived figures themselves is consistent', () => {
    const own = {
      tables: [...new Set(figuresOf(derived.tables).map((f) => f.table))].map((table) => ({
        table,
        figures: figuresOf(derived.tables)
          .filter((f) => f.table === table)
          .map((f) => ({ label: f.path.at(-1)!, path: f.path, value: f.value })),
      })),
    };
    const r = reconcile('2008', derived.tables, own);
    assert.deepEqual(r.discrepancies, []);
    assert.deepEqual(r.violations, []);
    assert.equal(r.consistent, true);
  });
});

describe('reconciliation details', () => {
  it('reports unknown tables and labels instead of guessing', () => {
    const r = reconcile('2008', derived.tables, {
      tables: [
        { table: '附表九', figures: [{ label: '受理申请总数', value: 1 }] },
        { table: '附表二', figures: [{ label: '受理申请数', value: 1 }] },
      ],
    });
    assert.deepEqual(r.unmatched, [
      { table: '附表九', label: '受理申请总数', reason: 'unknown-table' },
      { table: '附表二', label: '受理申请数', reason: 'unknown-label' },
    ]);
  });

  it('says when a table printed twice carries different figures', () => {
    const r = reconcile('2008', derived.tables, {
      tables: [
        { table: '附表四', figures: [{ label: '行政复议数', value: 3 }] },
        { table: '附表四', figures: [{ label: '行政复议数', value: 4 }] },
      ],
    });
    assert.match(r.violations[0]!.detail, /printed 2 times with different figures/);
  });

  it('normalizes printed labels: quotes, 其中, numbering, width', () => {
    assert.equal(normalizeLabel('其中: (1)“国家秘密”数'), normalizeLabel('“国家秘密”数'));
    assert.equal(normalizeLabel('3.“非《规定》所指政府信息”数'), '非《规定》所指政府信息数');
    assert.equal(normalizeLabel('（七）总计'), '总计');
    assert.equal(normalizeLabel('一、本年新收政府信息公开申请数量'), '本年新收政府信息公开申请数量');
  });

  it('checks a hand-filed national table 三 column by column', () => {
    const national = deriveReport({
      template: 'national-2021',
      agencyId: CITY_AGENCY_ID,
      scope: 'rollup',
      year: SEED_YEAR,
      agencyIds,
      facts,
    });
    const r = reconcile('national-2021', national.tables, {
      tables: [
        {
          table: '三、收到和处理政府信息公开申请情况',
          figures: [
            { label: '一、本年新收政府信息公开申请数量', column: '自然人', value: 14 },
            { label: '二、上年结转政府信息公开申请数量', column: '自然人', value: 0 },
            { label: '（一）予以公开', column: '自然人', value: 10 },
            { label: '（七）总计', column: '自然人', value: 14 },
            { label: '四、结转下年度继续办理', column: '自然人', value: 0 },
          ],
        },
      ],
    });
    assert.deepEqual(r.discrepancies, [
      {
        table: '三、收到和处理政府信息公开申请情况',
        path: ['三、本年度办理结果', '（一）予以公开'],
        column: '自然人',
        filed: 10,
        derived: 14,
      },
    ]);
    assert.deepEqual(
      r.violations.map((v) => v.rule),
      [],
      'an identity with figures missing is not evaluated',
    );
  });
});
