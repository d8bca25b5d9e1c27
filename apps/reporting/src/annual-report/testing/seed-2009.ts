// The seed year (REPORTS §1): the 2009 report of 株洲市国土资源局, published 2010-04-19.
//   - `seedFiling`: its figures as printed — tables 附表一…附表五 (附表四 and 附表五 printed twice, as
//     in the seed) and the figures its body text (正文) states — for reconciliation;
//   - `seedCases`: cases that match the seed, for the city roll-up: 14 requests (12 by e-mail, 2
//     online), each with exactly one outcome (all disclosed: the text says every one was answered),
//     1808 publications, 10 normative documents, the consultation tallies, 3 reconsiderations and 3
//     lawsuits about disclosure, and the enforcement figures of the body text.
import { type FactChange } from '../domain/case-facts.js';
import { type LegalDate } from '#contracts/legal-time';
import { type FiledReport } from '../domain/reconcile.js';
import { type DeclaredFacts } from '../domain/templates.js';
import { type Measure } from '../domain/vocabulary.js';
import { type CaseSource, type GeneratedCase, generatedReplyDeadline } from './year-generator.js';

export const SEED_YEAR = 2009;
export const SEED_DECLARED: DeclaredFacts = { fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 };

const f = (label: string, value: number) => ({ label, value });

const table4 = {
  table: '附表四 复议、诉讼情况统计表',
  figures: [f('行政复议数', 3), f('行政诉讼数', 3)],
};
const table5 = {
  table: '附表五 政府支出与收费情况统计',
  figures: [
    f('收取费用总数', 0),
    f('政府信息公开指定专职人员总数', 40),
    f('其中:1.全职人员数', 2),
    f('2.兼职人员数', 38),
    f('处理政府信息公开的实际支出', 32),
  ],
};

/** The seed's printed figures, labels as the seed prints them. */
export const seedFiling: FiledReport = {
  tables: [
    {
      table: '附表一 主动公开政府信息情况统计',
      figures: [f('主动公开信息数', 1808), f('其中:全文电子化的主动公开信息数', 1808), f('新增的行政规范性文件数', 10)],
    },
    {
      table: '附表二 依申请公开政府信息情况统计',
      figures: [
        f('依申请公开信息目录数', 0),
        f('受理申请总数', 14),
        f('其中:1.当面申请数', 0),
        f('2.传真申请数', 0),
        f('3.电子邮件申请数', 12),
        f('4.网上申请数', 2),
        f('5.信函申请数', 0),
        f('6.其他形式申请数', 0),
        f('对申请的答复总数', 0),
        f('其中:1.同意公开数', 14),
        f('2.同意部分公开数', 14),
        f('3.“非《规定》所指政府信息”数', 0),
        f('4.信息不存在数', 0),
        f('5.“非本机关职责权限范围”数', 0),
        f('6.“申请内容不明确”数', 0),
        f('7.“重复申请”数', 0),
        f('8.不予公开总数', 0),
        f('其中: (1)“国家秘密”数', 0),
        f('(2)“商业秘密”数', 0),
        f('(3)“个人隐私”数', 0),
        f('(4)“过程中信息且影响安全稳定”数', 0),
        f('(5)“危及安全和稳定”数', 0),
        f('(6)“法律法规规定的其他情形”数', 0),
      ],
    },
    {
      table: '附表三 咨询情况统计',
      figures: [
        f('提供服务类信息数', 78810),
        f('网上咨询数', 50),
        f('现场接待人数', 31500),
        f('咨询电话接听数', 9850),
        f('网站专栏页面访问量', 32800),
      ],
    },
    table4,
    table5,
    table4,
    table5,
    {
      table: '正文',
      figures: [
        // 一、概述: 专门配备了2名全职工作人员
        f('全职人员数', 2),
        // 二、主动公开: 累计主动公开政府信息1808条
        f('主动公开信息数', 1808),
        // 加大执法监察力度 …
        f('发现违法用地、采矿行为', 1130),
        f('现场制止', 884),
        f('立案查处', 246),
        f('市本级立案查处', 37),
        f('市本级结案', 34),
        f('市本级结案率', 91.9),
        f('认定闲置土地', 28),
        f('认定闲置土地面积', 762),
        f('卫片执法检查图斑', 117),
        f('涉及宗地', 77),
        f('涉及面积', 6041),
        f('发现查处违法用地', 8),
        // 三、依申请公开: 2009年度我局受理政府信息公开申请12
        f('受理申请总数', 12),
        // 四、咨询
        f('现场接待人数', 31500),
        f('咨询电话接听数', 9850),
        f('网上咨询数', 50),
        f('网站专栏页面访问量', 32800),
        // 五、复议、诉讼: 行政复议、行政诉讼案各3件
        f('行政复议数', 3),
        f('行政诉讼数', 3),
        // 六、支出: 40名工作人员; 支出费用32万元
        f('政府信息公开指定专职人员总数', 40),
        f('处理政府信息公开的实际支出', 32),
        // 七、其它: 拆除违法建设2178栋(处)，面积20.18万平方米
        f('拆除违法建设', 2178),
        f('拆除违法建设面积', 20.18),
      ],
    },
  ],
};

/** A date in 2009 spread over the year by index (not random: the seed is a fixed account). */
const dateOf = (i: number, n: number): LegalDate =>
  new Date(Date.UTC(SEED_YEAR, 0, 1) + Math.floor((i * 364) / Math.max(n, 1)) * 86_400_000).toISOString().slice(0, 10);
const plus = (d: LegalDate, days: number): LegalDate =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface SeedCasesOptions {
  readonly cityAgencyId: string;
  readonly countyAgencyIds: readonly string[];
}

/** Cases whose derived city roll-up for 2009 has exactly the seed's true figures. */
export function seedCases(options: SeedCasesOptions): GeneratedCase[] {
  const city = options.cityAgencyId;
  const cases: GeneratedCase[] = [];
  let n = 0;
  const add = (
    source: CaseSource,
    agencyId: string,
    steps: Array<{ date: LegalDate; changes: FactChange[] }>,
  ): void => {
    cases.push({ source, streamId: `seed-${source}-${++n}`, agencyId, steps });
  };

  for (let i = 0; i < 14; i++) {
    const receipt = dateOf(i, 14);
    const concluded = plus(receipt, 10);
    add('disclosure-request', city, [
      {
        date: receipt,
        changes: [
          {
            kind: 'disclosure-request',
            type: 'received',
            receiptDate: receipt,
            channel: i < 12 ? 'email' : 'online',
            applicantType: 'natural-person',
          },
        ],
      },
      {
        date: concluded,
        changes: [
          {
            kind: 'disclosure-request',
            type: 'concluded',
            date: concluded,
            national: { category: 'granted' },
            era2008: { category: 'granted' },
            replyDeadline: generatedReplyDeadline(receipt, concluded, { category: 'granted' }),
          },
        ],
      },
    ]);
  }
  for (let i = 0; i < 1808; i++) {
    const date = dateOf(i, 1808);
    add('publication', city, [
      { date, changes: [{ kind: 'publication', type: 'published', date, fullTextElectronic: true }] },
    ]);
  }
  for (let i = 0; i < 10; i++) {
    const date = dateOf(i, 10);
    add('normative-document', city, [
      { date, changes: [{ kind: 'normative-document', type: 'issued', date, documentKind: 'normative-document' }] },
    ]);
  }
  // Page views and service information are declared month by month; consultations arrive as one
  // bulk import with a tally per month and channel. The year's totals are the seed's.
  const monthly = (total: number, month: number): number => Math.floor(total / 12) + (month <= total % 12 ? 1 : 0);
  const views: Array<{ date: LegalDate; changes: FactChange[] }> = [];
  const items: Array<{ date: LegalDate; changes: FactChange[] }> = [];
  const imported: FactChange[] = [];
  for (let month = 1; month <= 12; month++) {
    const period = `${SEED_YEAR}-${String(month).padStart(2, '0')}`;
    const date = `${period}-01`;
    const measured = (key: string, values: Partial<Record<Measure, number>>): FactChange => ({
      kind: 'measures',
      type: 'measured',
      key,
      date,
      values,
    });
    views.push({ date, changes: [measured(`page-views:${period}:portal`, { 'page-views': monthly(32800, month) })] });
    items.push({
      date,
      changes: [measured(`service-information:${period}`, { 'service-information': monthly(78810, month) })],
    });
    imported.push(
      measured(`${date}:online`, { 'consultations-online': monthly(50, month) }),
      measured(`${date}:on-site`, { 'consultations-on-site': monthly(31500, month) }),
      measured(`${date}:phone`, { 'consultations-phone': monthly(9850, month) }),
    );
  }
  add('page-views', city, views);
  add('service-information', city, items);
  add('consultation-import', city, [{ date: '2009-12-31', changes: imported }]);
  for (let i = 0; i < 3; i++) {
    const filed = dateOf(i, 3);
    for (const appealKind of ['reconsideration', 'lawsuit-direct'] as const) {
      add('appeal', city, [
        {
          date: filed,
          changes: [{ kind: 'appeal', type: 'filed', date: filed, appealKind, subject: 'disclosure', confirmed: true }],
        },
        {
          date: plus(filed, 50),
          changes: [{ kind: 'appeal', type: 'decided', date: plus(filed, 50), result: 'upheld' }],
        },
      ]);
    }
  }
  // 1130 violations: 884 stopped on site, 246 filed; of the filed, 37 at city level (市本级), 34 of
  // them closed within the year. The rest belong to the county bureaus.
  const counties = options.countyAgencyIds;
  for (let i = 0; i < 1130; i++) {
    const discovered = dateOf(i, 1130 + 60);
    const filedCase = i >= 884;
    const cityLevel = filedCase && i < 884 + 37;
    const agency = cityLevel ? city : (counties[i % counties.length] ?? city);
    const steps: Array<{ date: LegalDate; changes: FactChange[] }> = [
      {
        date: discovered,
        changes: [{ kind: 'violation', type: 'discovered', date: discovered, level: cityLevel ? 'city' : 'county' }],
      },
    ];
    if (!filedCase) {
      steps.push({ date: discovered, changes: [{ kind: 'violation', type: 'stopped', date: discovered }] });
    } else {
      const filed = plus(discovered, 3);
      steps.push({ date: filed, changes: [{ kind: 'violation', type: 'filed', date: filed }] });
      if (cityLevel && i < 884 + 34) {
        const closed = plus(filed, 20);
        steps.push({ date: closed, changes: [{ kind: 'violation', type: 'closed', date: closed }] });
      }
    }
    add('violation', agency, steps);
  }
  const measures = (source: CaseSource, date: LegalDate, values: Partial<Record<Measure, number>>): void =>
    add(source, city, [{ date, changes: [{ kind: 'measures', type: 'measured', key: 'v1', date, values }] }]);
  measures('idle-land', '2009-06-30', { 'idle-land-parcels': 28, 'idle-land-mu': 762 });
  measures('satellite-inspection', '2009-09-30', {
    'satellite-patches': 117,
    'satellite-parcels': 77,
    'satellite-area-mu': 6041,
    'satellite-violations': 8,
  });
  measures('demolition', '2009-12-20', { 'demolished-buildings': 2178, 'demolished-floor-area-m2': 201_800 });
  return cases;
}
