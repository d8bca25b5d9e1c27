// The report tables of both templates, as pure functions of the year's figures and the declared
// facts (REPORTS §2). Every total is computed from its parts here, so a derived report balances by
// construction; the checks (checks.ts) verify it anyway, and check hand-filed reports the same way.
import { unreachable } from '#event-sourcing';
import { fenIn } from './money.js';
import { type ReportRow, type ReportTable } from './report-model.js';
import { type ByApplicant, type YearFigures } from './year-figures.js';
import {
  APPLICANT_COLUMN_LABELS,
  APPLICANT_TYPES,
  CHANNEL_ROW_LABELS,
  CHANNELS,
  ERA2008_CATEGORY_LABELS,
  ERA2008_REFUSAL_LABELS,
  ERA2008_REFUSAL_REASONS,
  NATIONAL_APPLICANT_COLUMNS,
  NATIONAL_CATEGORY_LABELS,
  NOT_PROCESSED_REASON_LABELS,
  NOT_PROCESSED_REASONS,
  OTHER_REASON_LABELS,
  OTHER_REASONS,
  REFUSAL_REASON_LABELS,
  REFUSAL_REASONS,
  TOTAL_COLUMN,
  type Template,
  UNABLE_REASON_LABELS,
  UNABLE_REASONS,
} from './vocabulary.js';

/** Facts no case records, declared on the annual report by the office (with who and when). */
export interface DeclaredFacts {
  /** 政府信息公开指定专职人员: full-time (全职) and part-time (兼职) staff designated for disclosure work. */
  readonly fullTimeStaff: number;
  readonly partTimeStaff: number;
  /** 处理政府信息公开的实际支出, in 万元 (10,000 yuan), as declared: at most 6 decimals (whole fen). */
  readonly expenditureWanYuan: number;
}

// ---- labels shared with the checks and the reconciliation ----

export const T2008 = {
  publications: { id: '2008-1', title: '附表一 主动公开政府信息情况统计' },
  requests: { id: '2008-2', title: '附表二 依申请公开政府信息情况统计' },
  consultations: { id: '2008-3', title: '附表三 咨询情况统计' },
  appeals: { id: '2008-4', title: '附表四 复议、诉讼情况统计表' },
  spending: { id: '2008-5', title: '附表五 政府支出与收费情况统计' },
  enforcement: { id: '2008-enforcement', title: '附 执法监察情况统计' },
} as const;

export const L2008 = {
  published: '主动公开信息数',
  fullText: '全文电子化的主动公开信息数',
  newNormative: '新增的行政规范性文件数',
  catalogue: '依申请公开信息目录数',
  received: '受理申请总数',
  replies: '对申请的答复总数',
  serviceInfo: '提供服务类信息数',
  online: '网上咨询数',
  onSite: '现场接待人数',
  phone: '咨询电话接听数',
  pageViews: '网站专栏页面访问量',
  reconsiderations: '行政复议数',
  lawsuits: '行政诉讼数',
  fees: '收取费用总数',
  staff: '政府信息公开指定专职人员总数',
  fullTime: '全职人员数',
  partTime: '兼职人员数',
  expenditure: '处理政府信息公开的实际支出',
  discovered: '发现违法用地、采矿行为',
  stopped: '现场制止',
  filed: '立案查处',
  cityFiled: '市本级立案查处',
  cityClosed: '市本级结案',
  closureRate: '市本级结案率',
  idleParcels: '认定闲置土地',
  idleArea: '认定闲置土地面积',
  satPatches: '卫片执法检查图斑',
  satParcels: '涉及宗地',
  satArea: '涉及面积',
  satViolations: '发现查处违法用地',
  demolished: '拆除违法建设',
  demolishedArea: '拆除违法建设面积',
} as const;

export const TNAT = {
  proactive: { id: 'national-2', title: '二、主动公开政府信息情况' },
  requests: { id: 'national-3', title: '三、收到和处理政府信息公开申请情况' },
  appeals: { id: 'national-4', title: '四、政府信息公开行政复议、行政诉讼情况' },
  fees: { id: 'national-fees', title: '六、其他需要报告的事项：信息处理费' },
} as const;

export const LNAT = {
  art20_1: '第二十条第（一）项',
  art20_5: '第二十条第（五）项',
  art20_6: '第二十条第（六）项',
  art20_8: '第二十条第（八）项',
  regulation: '规章',
  normative: '行政规范性文件',
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  adminFees: '行政事业性收费',
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
  decisions: '本年处理决定数量',
  feeAmount: '本年收费金额（单位：万元）',
  received: '一、本年新收政府信息公开申请数量',
  carriedIn: '二、上年结转政府信息公开申请数量',
  results: '三、本年度办理结果',
  total: '（七）总计',
  carriedOut: '四、结转下年度继续办理',
  requestsNote: '本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和',
  reconsideration: '行政复议',
  litigation: '行政诉讼',
  direct: '未经复议直接起诉',
  afterReconsideration: '复议后起诉',
  upheld: '结果维持',
  corrected: '结果纠正',
  otherResult: '其他结果',
  pending: '尚未审结',
  feeNotices: '发出收费通知的件数',
  feeNoticeAmount: '发出收费通知的总金额',
  feesCollected: '实际收取的总金额',
} as const;

export const APPEAL_COLUMNS: readonly string[] = [
  LNAT.upheld,
  LNAT.corrected,
  LNAT.otherResult,
  LNAT.pending,
  TOTAL_COLUMN,
];

/**
 * Rounds to the printed precision of a quantity that is not money (a rate, an area). Money is never
 * rounded: it is kept in fen and printed exactly (money.ts).
 */
export const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round((value + Number.EPSILON) * f) / f;
};
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const row = (label: string, unit: string, value: number | undefined, children?: ReportRow[]): ReportRow => ({
  label,
  unit,
  ...(value !== undefined ? { value } : {}),
  ...(children ? { children } : {}),
});

// ---- 2008-era appendix (the seed's format) ----

export function tables2008(y: YearFigures, declared: DeclaredFacts | undefined): ReportTable[] {
  const r = y.requests;
  const channels = CHANNELS.map((c) => row(CHANNEL_ROW_LABELS[c], '条', r.receivedByChannel[c]));
  const refusals = ERA2008_REFUSAL_REASONS.map((reason) =>
    row(ERA2008_REFUSAL_LABELS[reason], '条', r.era2008Replies[`refused/${reason}`] ?? 0),
  );
  const replyRows = (Object.keys(ERA2008_CATEGORY_LABELS) as Array<keyof typeof ERA2008_CATEGORY_LABELS>).map(
    (category) =>
      category === 'refused'
        ? row(ERA2008_CATEGORY_LABELS.refused, '条', sum(refusals.map((x) => x.value ?? 0)), refusals)
        : row(ERA2008_CATEGORY_LABELS[category], '条', r.era2008Replies[category] ?? 0),
  );
  const v = y.violations;
  const m = y.measures;
  const staffTotal = declared ? declared.fullTimeStaff + declared.partTimeStaff : undefined;
  return [
    {
      ...T2008.publications,
      rows: [
        row(L2008.published, '条', y.publications.total, [
          row(L2008.fullText, '条', y.publications.fullTextElectronic),
        ]),
        row(L2008.newNormative, '条', y.normative['normative-document'].issued),
      ],
    },
    {
      ...T2008.requests,
      rows: [
        row(L2008.catalogue, '条', y.catalogueEntries),
        row(L2008.received, '条', sum(channels.map((c) => c.value ?? 0)), channels),
        row(L2008.replies, '条', sum(replyRows.map((c) => c.value ?? 0)), replyRows),
      ],
    },
    {
      ...T2008.consultations,
      rows: [
        row(L2008.serviceInfo, '条', m['service-information']),
        row(L2008.online, '人次', y.consultations.online + m['consultations-online']),
        row(L2008.onSite, '人次', y.consultations['on-site'] + m['consultations-on-site']),
        row(L2008.phone, '人次', y.consultations.phone + m['consultations-phone']),
        row(L2008.pageViews, '人次', m['page-views']),
      ],
    },
    {
      ...T2008.appeals,
      rows: [
        row(L2008.reconsiderations, '件', appealTotal(y.appeals.reconsideration)),
        row(
          L2008.lawsuits,
          '件',
          appealTotal(y.appeals['lawsuit-direct']) + appealTotal(y.appeals['lawsuit-after-reconsideration']),
        ),
      ],
    },
    {
      ...T2008.spending,
      rows: [
        row(L2008.fees, '元', fenIn(r.feesPaidFen, '元')),
        row(L2008.staff, '人', staffTotal, [
          row(L2008.fullTime, '人', declared?.fullTimeStaff),
          row(L2008.partTime, '人', declared?.partTimeStaff),
        ]),
        row(L2008.expenditure, '万元', declared?.expenditureWanYuan),
      ],
    },
    {
      ...T2008.enforcement,
      rows: [
        row(L2008.discovered, '起', v.discovered, [
          row(L2008.stopped, '起', v.stopped),
          row(L2008.filed, '起', v.filed),
        ]),
        row(L2008.cityFiled, '起', v.cityFiled),
        row(L2008.cityClosed, '起', v.cityClosed),
        // The seed prints 91.9% for 34 of 37: the rate is rounded to one decimal.
        row(L2008.closureRate, '%', v.cityFiled > 0 ? round((100 * v.cityClosed) / v.cityFiled, 1) : undefined),
        row(L2008.idleParcels, '宗', m['idle-land-parcels']),
        row(L2008.idleArea, '亩', round(m['idle-land-mu'], 2)),
        row(L2008.satPatches, '个', m['satellite-patches']),
        row(L2008.satParcels, '宗', m['satellite-parcels']),
        row(L2008.satArea, '亩', round(m['satellite-area-mu'], 2)),
        row(L2008.satViolations, '宗', m['satellite-violations']),
        row(L2008.demolished, '栋(处)', m['demolished-buildings']),
        row(L2008.demolishedArea, '万平方米', round(m['demolished-floor-area-m2'] / 10_000, 2)),
      ],
    },
  ];
}

const appealTotal = (c: { upheld: number; corrected: number; other: number; pending: number }): number =>
  c.upheld + c.corrected + c.other + c.pending;

// ---- national format (国办公开办函〔2021〕30号) ----

function byColumn(counts: ByApplicant): Record<string, number> {
  const values: Record<string, number> = {};
  for (const t of APPLICANT_TYPES) values[APPLICANT_COLUMN_LABELS[t]] = counts[t];
  values[TOTAL_COLUMN] = sum(APPLICANT_TYPES.map((t) => counts[t]));
  return values;
}

const zeroApplicants = (): ByApplicant => Object.fromEntries(APPLICANT_TYPES.map((t) => [t, 0])) as ByApplicant;

export function tablesNational(y: YearFigures): ReportTable[] {
  const r = y.requests;
  const outcome = (key: string): ByApplicant => r.concluded[key] ?? zeroApplicants();
  const leaf = (label: string, key: string): ReportRow => ({ label, unit: '件', values: byColumn(outcome(key)) });
  const category = (label: string, children: ReportRow[]): ReportRow => ({ label, children });
  const outcomeRows: ReportRow[] = [
    leaf(NATIONAL_CATEGORY_LABELS.granted, 'granted'),
    leaf(NATIONAL_CATEGORY_LABELS['partly-granted'], 'partly-granted'),
    category(
      NATIONAL_CATEGORY_LABELS.refused,
      REFUSAL_REASONS.map((x) => leaf(REFUSAL_REASON_LABELS[x], `refused/${x}`)),
    ),
    category(
      NATIONAL_CATEGORY_LABELS.unable,
      UNABLE_REASONS.map((x) => leaf(UNABLE_REASON_LABELS[x], `unable/${x}`)),
    ),
    category(
      NATIONAL_CATEGORY_LABELS['not-processed'],
      NOT_PROCESSED_REASONS.map((x) => leaf(NOT_PROCESSED_REASON_LABELS[x], `not-processed/${x}`)),
    ),
    category(
      NATIONAL_CATEGORY_LABELS.other,
      OTHER_REASONS.map((x) => leaf(OTHER_REASON_LABELS[x], `other/${x}`)),
    ),
  ];
  const leaves = outcomeRows.flatMap((o) => o.children ?? [o]);
  const total: Record<string, number> = {};
  for (const col of NATIONAL_APPLICANT_COLUMNS) total[col] = sum(leaves.map((l) => l.values?.[col] ?? 0));

  const appealRow = (label: string, c: { upheld: number; corrected: number; other: number; pending: number }) => ({
    label,
    unit: '件',
    values: {
      [LNAT.upheld]: c.upheld,
      [LNAT.corrected]: c.corrected,
      [LNAT.otherResult]: c.other,
      [LNAT.pending]: c.pending,
      [TOTAL_COLUMN]: appealTotal(c),
    },
  });
  const normative = (label: string, n: { issued: number; repealed: number; inForce: number }): ReportRow => ({
    label,
    unit: '件',
    values: { [LNAT.issued]: n.issued, [LNAT.repealed]: n.repealed, [LNAT.inForce]: n.inForce },
  });
  const decisions = (label: string, n: number): ReportRow => ({ label, unit: '件', values: { [LNAT.decisions]: n } });
  const m = y.measures;
  return [
    {
      ...TNAT.proactive,
      rows: [
        {
          label: LNAT.art20_1,
          children: [
            normative(LNAT.regulation, y.normative.regulation),
            normative(LNAT.normative, y.normative['normative-document']),
          ],
        },
        { label: LNAT.art20_5, children: [decisions(LNAT.licensing, m['licensing-decisions'])] },
        {
          label: LNAT.art20_6,
          children: [
            decisions(LNAT.penalty, sum(y.decisionCounts.penalty.map((a) => a.count))),
            decisions(LNAT.coercion, sum(y.decisionCounts.coercion.map((a) => a.count))),
          ],
        },
        {
          label: LNAT.art20_8,
          children: [
            {
              label: LNAT.adminFees,
              unit: '万元',
              values: { [LNAT.feeAmount]: fenIn(m['administrative-fees-fen'], '万元') },
            },
          ],
        },
      ],
    },
    {
      ...TNAT.requests,
      columns: NATIONAL_APPLICANT_COLUMNS,
      note: LNAT.requestsNote,
      rows: [
        { label: LNAT.received, unit: '件', values: byColumn(r.received) },
        { label: LNAT.carriedIn, unit: '件', values: byColumn(r.carriedIn) },
        { label: LNAT.results, children: [...outcomeRows, { label: LNAT.total, unit: '件', values: total }] },
        { label: LNAT.carriedOut, unit: '件', values: byColumn(r.carriedOut) },
      ],
    },
    {
      ...TNAT.appeals,
      columns: APPEAL_COLUMNS,
      rows: [
        appealRow(LNAT.reconsideration, y.appeals.reconsideration),
        {
          label: LNAT.litigation,
          children: [
            appealRow(LNAT.direct, y.appeals['lawsuit-direct']),
            appealRow(LNAT.afterReconsideration, y.appeals['lawsuit-after-reconsideration']),
          ],
        },
      ],
    },
    {
      ...TNAT.fees,
      rows: [
        row(LNAT.feeNotices, '件', r.feeNotices.count),
        row(LNAT.feeNoticeAmount, '元', fenIn(r.feeNotices.amountFen, '元')),
        row(LNAT.feesCollected, '元', fenIn(r.feesPaidFen, '元')),
      ],
    },
  ];
}

export function tablesFor(template: Template, y: YearFigures, declared: DeclaredFacts | undefined): ReportTable[] {
  switch (template) {
    case '2008':
      return tables2008(y, declared);
    case 'national-2021':
      return tablesNational(y);
    default:
      return unreachable(template);
  }
}
