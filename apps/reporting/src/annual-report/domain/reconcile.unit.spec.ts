import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, CITY_AGENCY_ID } from '#contracts';
import { SEED_DECLARED, SEED_YEAR, seedCases, seedFiling } from '../testing/seed-2009.js';
import { appliedEventsOf, generateYear } from '../testing/year-generator.js';
import { factOf } from './case-facts.js';
import { deriveReport } from './derive-report.js';
import { figuresOf } from './report-model.js';
import { type FiledFigure, normalizeLabel, reconcile } from './reconcile.js';

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
    assert.deepEqual(
      r.unmatched.map(({ candidates: _, ...u }) => u),
      [
        { table: '附表九', label: '受理申请总数', reason: 'unknown-table' },
        { table: '附表二', label: '受理申请数', reason: 'unknown-label' },
      ],
    );
    assert.equal(r.unmatched[1]!.candidates[0], '受理申请总数', 'the closest label is offered first');
    assert.equal(r.consistent, false, 'nothing matched: not consistent');
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
    assert.equal(normalizeLabel('3.“非《规定》所指政府信息”数'), normalizeLabel('“非《规定》所指政府信息”数'));
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

// A filing of a real report uses the labels as the national format prints them (国办公开办函〔2021〕30号,
// REPORTS §2b), not the product's: numbering stacked (「（三）1.」), no explanatory parenthetical,
// half-width brackets, tables named by their section number. Written here as data, in print order.
const NORMATIVE_COLUMNS = ['本年制发件数', '本年废止件数', '现行有效件数'];
const APPLICANT_COLUMNS = [
  '自然人',
  '法人或其他组织 商业企业',
  '法人或其他组织 科研机构',
  '法人或其他组织 社会公益组织',
  '法人或其他组织 法律服务机构',
  '法人或其他组织 其他',
  '总计',
];
const APPEAL_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
type PublishedCell = { readonly table: string; readonly path: readonly string[]; readonly column?: string };
const cells = (table: string, rows: readonly (readonly string[])[], columns?: readonly string[]): PublishedCell[] =>
  rows.flatMap((path) => (columns ? columns.map((column) => ({ table, path, column })) : [{ table, path }]));
const REQUESTS = '收到和处理政府信息公开申请情况';
const PUBLISHED_2021: readonly PublishedCell[] = [
  ...cells(
    '二',
    [
      ['第二十条第(一)项', '规章'],
      ['第二十条第(一)项', '行政规范性文件'],
    ],
    NORMATIVE_COLUMNS,
  ),
  ...cells('二', [['第二十条第(五)项', '行政许可']], ['本年处理决定数量']),
  ...cells(
    '二',
    [
      ['第二十条第(六)项', '行政处罚'],
      ['第二十条第(六)项', '行政强制'],
    ],
    ['本年处理决定数量'],
  ),
  ...cells('二', [['第二十条第(八)项', '行政事业性收费']], ['本年收费金额(单位:万元)']),
  ...cells(
    REQUESTS,
    [
      '一、本年新收政府信息公开申请数量',
      '二、上年结转政府信息公开申请数量',
      '（一）予以公开',
      '（二）部分公开',
      '（三）1.属于国家秘密',
      '（三）2.其他法律行政法规禁止公开',
      '（三）3.危及“三安全一稳定”',
      '（三）4.保护第三方合法权益',
      '（三）5.属于三类内部事务信息',
      '（三）6.属于四类过程性信息',
      '（三）7.属于行政执法案卷',
      '（三）8.属于行政查询事项',
      '（四）1.本机关不掌握相关政府信息',
      '（四）2.没有现成信息需要另行制作',
      '（四）3.补正后申请内容仍不明确',
      '（五）1.信访举报投诉类申请',
      '（五）2.重复申请',
      '（五）3.要求提供公开出版物',
      '（五）4.无正当理由大量反复申请',
      '（五）5.要求行政机关确认或重新出具已获取信息',
      '（六）1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请',
      '（六）2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请',
      '（六）3.其他',
      '（七）总计',
      '四、结转下年度继续办理',
    ].map((label) => [label]),
    APPLICANT_COLUMNS,
  ),
  ...cells('四', [['行政复议'], ['行政诉讼', '未经复议直接起诉'], ['行政诉讼', '复议后起诉']], APPEAL_COLUMNS),
  ...cells('六', [['发出收费通知的件数'], ['发出收费通知的总金额'], ['实际收取的总金额']]),
];

describe('reconciling a filing in the published labels of the national format', () => {
  const generated = generateYear({ seed: 2021, year: 2021, agencyIds, cityAgencyId: CITY_AGENCY_ID });
  const national = deriveReport({
    template: 'national-2021',
    agencyId: CITY_AGENCY_ID,
    scope: 'rollup',
    year: 2021,
    agencyIds,
    facts: generated.cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!),
  });
  const derivedFigures = figuresOf(national.tables);
  /** The derived figures, each filed under the published label printed in its place. */
  const filing = (value: (figure: (typeof derivedFigures)[number], i: number) => number) => {
    const tables = new Map<string, FiledFigure[]>();
    PUBLISHED_2021.forEach((cell, i) => {
      const figure = derivedFigures[i]!;
      const figures = tables.get(cell.table) ?? [];
      figures.push({
        label: cell.path.at(-1)!,
        ...(cell.path.length > 1 ? { path: cell.path } : {}),
        ...(cell.column !== undefined ? { column: cell.column } : {}),
        value: value(figure, i),
      });
      tables.set(cell.table, figures);
    });
    return { tables: [...tables].map(([table, figures]) => ({ table, figures })) };
  };

  it('the published format has a cell for every derived figure', () => {
    assert.equal(PUBLISHED_2021.length, derivedFigures.length);
  });

  it('matches every published label by meaning: consistent, nothing unmatched or unfiled', () => {
    const r = reconcile(
      'national-2021',
      national.tables,
      filing((f) => f.value),
    );
    assert.deepEqual(r.unmatched, []);
    assert.deepEqual(r.discrepancies, []);
    assert.deepEqual(r.violations, []);
    assert.deepEqual(r.unfiled, []);
    assert.equal(r.consistent, true);
  });

  it('a copy with one changed cell reports exactly that cell', () => {
    const changed = PUBLISHED_2021.findIndex(
      (c) => c.path[0] === '（三）1.属于国家秘密' && c.column?.endsWith('商业企业'),
    );
    const figure = derivedFigures[changed]!;
    const r = reconcile(
      'national-2021',
      national.tables,
      filing((f, i) => (i === changed ? f.value + 1 : f.value)),
    );
    assert.deepEqual(r.discrepancies, [
      {
        table: national.tables.find((t) => t.id === figure.table)!.title,
        path: figure.path,
        column: figure.column,
        filed: figure.value + 1,
        derived: figure.value,
      },
    ]);
    assert.deepEqual(r.unmatched, []);
    assert.equal(r.consistent, false);
  });

  it('a filing whose every figure is unmatched is not consistent, and each comes with candidates', () => {
    const r = reconcile('national-2021', national.tables, {
      tables: [
        { table: '三', figures: [{ label: '（三）9.属于别的情形', column: '自然人', value: 0 }] },
        { table: '四', figures: [{ label: '行政复议', column: '结果撤销', value: 0 }] },
        { table: '七', figures: [{ label: '行政许可', value: 0 }] },
      ],
    });
    assert.deepEqual(r.discrepancies, [], 'an unknown row or column is not a discrepancy against nothing');
    assert.deepEqual(
      r.unmatched.map((u) => [u.table, u.reason]),
      [
        ['三', 'unknown-label'],
        ['四', 'unknown-column'],
        ['七', 'unknown-table'],
      ],
    );
    for (const u of r.unmatched) assert.ok(u.candidates.length > 0, `${u.table} ${u.label}: candidates`);
    assert.ok(r.unmatched[1]!.candidates.includes('结果纠正'));
    assert.equal(r.consistent, false);
  });

  it('numbering at every depth, parentheticals, punctuation and width do not matter; a numbering bracket does', () => {
    assert.equal(normalizeLabel('（三）1.属于国家秘密'), normalizeLabel('1.属于国家秘密'));
    assert.equal(
      normalizeLabel('(六)2．申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请'),
      normalizeLabel('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    );
    assert.equal(
      normalizeLabel('（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
      normalizeLabel('(二)部分公开'),
    );
    assert.equal(normalizeLabel('本年收费金额（单位：万元）'), normalizeLabel('本年收费金额'));
    assert.notEqual(normalizeLabel('第二十条第（一）项'), normalizeLabel('第二十条第（五）项'));
  });
});
