// Test support: generates the cases of a statistical year (and of the years around it) for several
// agencies, and — while generating — keeps its own record of what each report figure must be. The
// record is written with the printed labels spelled out here, by counting what was created, never by
// calling the reporting code, so a report derived from the generated cases is checked against an
// independent account. Deterministic for a given seed.
import { seededRandom } from '#testing';
import { REGIME_TIME_LIMITS, regimeForReceiptDate } from '#contracts/applications';
import { type AppliedEvent, type FactChange, type ReplyDeadlineFact } from '../domain/case-facts.js';
import { type LegalDate, OFFICIAL_CALENDAR } from '#contracts/legal-time';
import {
  type AppealKind,
  type AppealResult,
  type ApplicantType,
  type Channel,
  type ConsultationChannel,
  type Era2008Outcome,
  type Measure,
  type NationalOutcome,
} from '../domain/vocabulary.js';

/** The kind of source stream a generated case stands for (which service's events it becomes). */
export type CaseSource =
  | 'disclosure-request'
  | 'publication'
  | 'catalogue-entry'
  | 'normative-document'
  | 'consultation'
  | 'consultation-import'
  | 'page-views'
  | 'service-information'
  | 'licensing-decisions'
  | 'administrative-fees'
  | 'violation'
  | 'idle-land'
  | 'satellite-inspection'
  | 'demolition'
  | 'appeal';

export interface GeneratedCase {
  readonly source: CaseSource;
  readonly streamId: string;
  readonly agencyId: string;
  /** Each step becomes one event (stream versions 1, 2, …). */
  readonly steps: ReadonlyArray<{ readonly changes: readonly FactChange[]; readonly date: LegalDate }>;
}

/** Expected figures keyed `table|row path (/-joined)|column`, per agency. */
export class ExpectedFigures {
  private readonly byAgency = new Map<string, Map<string, number>>();

  add(agencyId: string, table: string, path: string, column: string, amount = 1): void {
    const m = this.byAgency.get(agencyId) ?? this.byAgency.set(agencyId, new Map()).get(agencyId)!;
    const key = `${table}|${path}|${column}`;
    m.set(key, (m.get(key) ?? 0) + amount);
  }

  /** Expected value for the agencies given (a roll-up is the sum of its agencies). */
  get(agencyIds: readonly string[], table: string, path: string, column = ''): number {
    const key = `${table}|${path}|${column}`;
    return agencyIds.reduce((n, a) => n + (this.byAgency.get(a)?.get(key) ?? 0), 0);
  }

  keys(agencyIds: readonly string[]): Set<string> {
    return new Set(agencyIds.flatMap((a) => [...(this.byAgency.get(a)?.keys() ?? [])]));
  }
}

export interface GeneratedYear {
  readonly year: number;
  readonly cases: readonly GeneratedCase[];
  readonly expected: ExpectedFigures;
  /** Cases that cross the year boundary, by direction, for the spec to assert they exist. */
  readonly crossing: { carriedIn: number; carriedOut: number; receivedDec31ConcludedJan1: number };
}

const CHANNEL_2008: Record<Channel, string> = {
  'in-person': '当面申请数',
  fax: '传真申请数',
  email: '电子邮件申请数',
  online: '网上申请数',
  letter: '信函申请数',
  other: '其他形式申请数',
};
const APPLICANT_COLUMN: Record<ApplicantType, string> = {
  'natural-person': '自然人',
  'commercial-enterprise': '商业企业',
  'research-institution': '科研机构',
  'public-interest-organisation': '社会公益组织',
  'legal-services-institution': '法律服务机构',
  'other-organisation': '其他',
};

/** National outcomes with their printed row path under 三、本年度办理结果, and the 2008-era reply the office records. */
const OUTCOMES: ReadonlyArray<{ national: NationalOutcome; row: string; era2008?: Era2008Outcome; row2008?: string }> =
  [
    {
      national: { category: 'granted' },
      row: '（一）予以公开',
      era2008: { category: 'granted' },
      row2008: '同意公开数',
    },
    {
      national: { category: 'partly-granted' },
      row: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      era2008: { category: 'partly-granted' },
      row2008: '同意部分公开数',
    },
    {
      national: { category: 'refused', reason: 'state-secret' },
      row: '（三）不予公开/1.属于国家秘密',
      era2008: { category: 'refused', reason: 'state-secret' },
      row2008: '不予公开总数/“国家秘密”数',
    },
    {
      national: { category: 'refused', reason: 'third-party-rights' },
      row: '（三）不予公开/4.保护第三方合法权益',
      era2008: { category: 'refused', reason: 'personal-privacy' },
      row2008: '不予公开总数/“个人隐私”数',
    },
    {
      national: { category: 'refused', reason: 'process-information' },
      row: '（三）不予公开/6.属于四类过程性信息',
      era2008: { category: 'refused', reason: 'process-information-affecting-stability' },
      row2008: '不予公开总数/“过程中信息且影响安全稳定”数',
    },
    {
      national: { category: 'refused', reason: 'query-matter' },
      row: '（三）不予公开/8.属于行政查询事项',
      era2008: { category: 'refused', reason: 'other-legal-grounds' },
      row2008: '不予公开总数/“法律法规规定的其他情形”数',
    },
    {
      national: { category: 'unable', reason: 'not-held' },
      row: '（四）无法提供/1.本机关不掌握相关政府信息',
      era2008: { category: 'not-exist' },
      row2008: '信息不存在数',
    },
    {
      national: { category: 'unable', reason: 'unclear-after-correction' },
      row: '（四）无法提供/3.补正后申请内容仍不明确',
      era2008: { category: 'unclear' },
      row2008: '“申请内容不明确”数',
    },
    {
      national: { category: 'not-processed', reason: 'repeated' },
      row: '（五）不予处理/2.重复申请',
      era2008: { category: 'repeated' },
      row2008: '“重复申请”数',
    },
    {
      national: { category: 'not-processed', reason: 'petition-complaint' },
      row: '（五）不予处理/1.信访举报投诉类申请',
      era2008: { category: 'not-government-information' },
      row2008: '“非《规定》所指政府信息”数',
    },
    {
      national: { category: 'other', reason: 'fee-unpaid' },
      row: '（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    },
    { national: { category: 'other', reason: 'other' }, row: '（六）其他处理/3.其他' },
  ];

const CHANNELS_LIST: readonly Channel[] = ['in-person', 'fax', 'email', 'online', 'letter', 'other'];
const APPLICANTS: readonly ApplicantType[] = [
  'natural-person',
  'natural-person',
  'natural-person',
  'commercial-enterprise',
  'research-institution',
  'public-interest-organisation',
  'legal-services-institution',
  'other-organisation',
];

export interface GenerateOptions {
  readonly seed: number;
  readonly year: number;
  readonly agencyIds: readonly string[];
  /** The agency whose cases are 市本级 (city level). */
  readonly cityAgencyId: string;
  /** Disclosure requests per agency across the three years (default 60). */
  readonly requestsPerAgency?: number;
  /** Cases per agency of the other kinds (defaults in DEFAULT_SIZES). */
  readonly sizes?: Partial<typeof DEFAULT_SIZES>;
}

export const DEFAULT_SIZES = {
  publications: 40,
  catalogueEntries: 5,
  normativeDocuments: 12,
  consultations: 30,
  importChunks: 4,
  violations: 25,
  enforcementMeasures: 6,
  appeals: 10,
};

export function generateYear(options: GenerateOptions): GeneratedYear {
  const rnd = seededRandom(options.seed);
  const Y = options.year;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const dateIn = (year: number): LegalDate => {
    const t = Date.UTC(year, 0, 1) + int(0, 364) * 86_400_000;
    return new Date(t).toISOString().slice(0, 10);
  };
  const after = (d: LegalDate, days: number): LegalDate =>
    new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const inY = (d: LegalDate | undefined): boolean => d !== undefined && d >= `${Y}-01-01` && d <= `${Y}-12-31`;

  const expected = new ExpectedFigures();
  const cases: GeneratedCase[] = [];
  const crossing = { carriedIn: 0, carriedOut: 0, receivedDec31ConcludedJan1: 0 };
  const size = { ...DEFAULT_SIZES, ...options.sizes };
  let n = 0;
  const id = (prefix: string): string => `${prefix}-${options.seed}-${++n}`;

  for (const agency of options.agencyIds) {
    const x = (table: string, path: string, column = '', amount = 1): void =>
      expected.add(agency, table, path, column, amount);
    const nat3 = (path: string, applicant: ApplicantType): void => {
      x('national-3', path, APPLICANT_COLUMN[applicant]);
      x('national-3', path, '总计');
    };

    // ---- disclosure requests, received in Y-1, Y or Y+1, some concluded, some crossing years ----
    const requests = options.requestsPerAgency ?? 60;
    for (let i = 0; i < requests; i++) {
      const receivedYear = pick([Y - 1, Y, Y, Y, Y + 1]);
      let receipt = dateIn(receivedYear);
      let concluded: LegalDate | undefined;
      const shape = rnd();
      if (i === 0) {
        // Received on the last day of the year, concluded on the first of the next.
        receipt = `${Y}-12-31`;
        concluded = `${Y + 1}-01-01`;
        crossing.receivedDec31ConcludedJan1++;
      } else if (i === 1) {
        receipt = `${Y - 1}-12-31`;
        concluded = `${Y}-01-01`;
      } else if (i === 2) {
        receipt = `${Y}-01-01`;
      } else if (shape < 0.75) {
        concluded = after(receipt, int(0, 60));
      } else if (shape < 0.9) {
        concluded = after(receipt, int(200, 500));
      } // else: never concluded (still open)
      const channel = pick(CHANNELS_LIST);
      const applicant = pick(APPLICANTS);
      const outcome = pick(OUTCOMES);
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        {
          date: receipt,
          changes: [
            { kind: 'disclosure-request', type: 'received', receiptDate: receipt, channel, applicantType: applicant },
          ],
        },
      ];
      // Some requests get a fee notice and, sometimes, a payment.
      let feeNotice: { date: LegalDate; amount: number } | undefined;
      let feePaid: { date: LegalDate; amount: number } | undefined;
      if (rnd() < 0.15) {
        // Whole fen, not whole yuan: amounts like 100.07 + 0.2 show any float drift in the sums.
        feeNotice = { date: after(receipt, int(1, 10)), amount: 100 * int(1, 3) + int(0, 99) };
        steps.push({
          date: feeNotice.date,
          changes: [
            { kind: 'disclosure-request', type: 'fee-noticed', date: feeNotice.date, amountFen: feeNotice.amount },
          ],
        });
        if (rnd() < 0.6) {
          feePaid = { date: after(feeNotice.date, int(1, 15)), amount: feeNotice.amount };
          steps.push({
            date: feePaid.date,
            changes: [{ kind: 'disclosure-request', type: 'fee-paid', date: feePaid.date, amountFen: feePaid.amount }],
          });
        }
      }
      if (concluded) {
        steps.push({
          date: concluded,
          changes: [
            {
              kind: 'disclosure-request',
              type: 'concluded',
              date: concluded,
              national: outcome.national,
              ...(outcome.era2008 ? { era2008: outcome.era2008 } : {}),
              replyDeadline: generatedReplyDeadline(receipt, concluded, outcome.national),
            },
          ],
        });
      }
      cases.push({ source: 'disclosure-request', streamId: id('request'), agencyId: agency, steps });

      // The generator's own account of where this request counts in year Y.
      if (inY(receipt)) {
        x('2008-2', '受理申请总数');
        x('2008-2', `受理申请总数/${CHANNEL_2008[channel]}`);
        nat3('一、本年新收政府信息公开申请数量', applicant);
      }
      const receivedBefore = receipt < `${Y}-01-01`;
      const concludedBefore = concluded !== undefined && concluded < `${Y}-01-01`;
      if (receivedBefore && !concludedBefore) {
        nat3('二、上年结转政府信息公开申请数量', applicant);
        crossing.carriedIn++;
      }
      if (inY(concluded)) {
        nat3(`三、本年度办理结果/${outcome.row}`, applicant);
        nat3('三、本年度办理结果/（七）总计', applicant);
        if (outcome.row2008) {
          x('2008-2', '对申请的答复总数');
          x('2008-2', `对申请的答复总数/${outcome.row2008}`);
          if (outcome.row2008.startsWith('不予公开总数/')) x('2008-2', '对申请的答复总数/不予公开总数');
        }
      }
      if (receipt <= `${Y}-12-31` && !(concluded !== undefined && concluded <= `${Y}-12-31`)) {
        nat3('四、结转下年度继续办理', applicant);
        crossing.carriedOut++;
      }
      if (feeNotice && inY(feeNotice.date)) {
        x('national-fees', '发出收费通知的件数');
        x('national-fees', '发出收费通知的总金额', '', feeNotice.amount);
      }
      if (feePaid && inY(feePaid.date)) {
        x('national-fees', '实际收取的总金额', '', feePaid.amount);
        x('2008-5', '收取费用总数', '', feePaid.amount);
      }
    }

    // ---- proactive publications and the on-request catalogue ----
    for (let i = 0; i < size.publications; i++) {
      const date = dateIn(pick([Y - 1, Y, Y, Y + 1]));
      const full = rnd() < 0.8;
      // A few are retracted (recorded in error): they stop counting from the retraction on.
      const retracted = rnd() < 0.1 ? after(date, int(0, 400)) : undefined;
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        { date, changes: [{ kind: 'publication', type: 'published', date, fullTextElectronic: full }] },
      ];
      if (retracted)
        steps.push({ date: retracted, changes: [{ kind: 'publication', type: 'retracted', date: retracted }] });
      cases.push({ source: 'publication', streamId: id('publication'), agencyId: agency, steps });
      if (inY(date) && !(retracted !== undefined && retracted <= `${Y}-12-31`)) {
        x('2008-1', '主动公开信息数');
        if (full) x('2008-1', '主动公开信息数/全文电子化的主动公开信息数');
      }
    }
    for (let i = 0; i < size.catalogueEntries; i++) {
      const date = dateIn(pick([Y - 1, Y]));
      const delisted = rnd() < 0.3 ? after(date, int(1, 300)) : undefined;
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        { date, changes: [{ kind: 'catalogue-entry', type: 'listed', date }] },
      ];
      if (delisted)
        steps.push({ date: delisted, changes: [{ kind: 'catalogue-entry', type: 'delisted', date: delisted }] });
      cases.push({ source: 'catalogue-entry', streamId: id('catalogue'), agencyId: agency, steps });
      if (inY(date) && !(delisted !== undefined && delisted <= `${Y}-12-31`)) x('2008-2', '依申请公开信息目录数');
    }

    // ---- normative documents: issued, some repealed, in force at the end of Y ----
    for (let i = 0; i < size.normativeDocuments; i++) {
      const kind = rnd() < 0.3 ? ('regulation' as const) : ('normative-document' as const);
      const issued = dateIn(pick([Y - 2, Y - 1, Y, Y + 1]));
      const repealed = rnd() < 0.4 ? after(issued, int(30, 600)) : undefined;
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        { date: issued, changes: [{ kind: 'normative-document', type: 'issued', date: issued, documentKind: kind }] },
      ];
      if (repealed)
        steps.push({ date: repealed, changes: [{ kind: 'normative-document', type: 'repealed', date: repealed }] });
      cases.push({ source: 'normative-document', streamId: id('normative'), agencyId: agency, steps });
      const row = `第二十条第（一）项/${kind === 'regulation' ? '规章' : '行政规范性文件'}`;
      if (inY(issued)) {
        x('national-2', row, '本年制发件数');
        if (kind === 'normative-document') x('2008-1', '新增的行政规范性文件数');
      }
      if (inY(repealed)) x('national-2', row, '本年废止件数');
      if (issued <= `${Y}-12-31` && !(repealed !== undefined && repealed <= `${Y}-12-31`)) {
        x('national-2', row, '现行有效件数');
      }
    }

    // ---- consultations one by one, and as tallies from a bulk import ----
    const consultationRow: Record<ConsultationChannel, string> = {
      online: '网上咨询数',
      'on-site': '现场接待人数',
      phone: '咨询电话接听数',
    };
    for (let i = 0; i < size.consultations; i++) {
      const date = dateIn(pick([Y - 1, Y, Y, Y + 1]));
      const channel = pick<ConsultationChannel>(['online', 'on-site', 'phone']);
      cases.push({
        source: 'consultation',
        streamId: id('consultation'),
        agencyId: agency,
        steps: [{ date, changes: [{ kind: 'consultation', type: 'received', date, channel }] }],
      });
      if (inY(date)) x('2008-3', consultationRow[channel]);
    }
    // Declared tallies, one stream per agency and year, declared month by month: page views and
    // service information. One month is declared twice (the second replaces the first), another is
    // declared again as zero.
    for (const year of [Y - 1, Y]) {
      const views: Array<{ changes: FactChange[]; date: LegalDate }> = [];
      const items: Array<{ changes: FactChange[]; date: LegalDate }> = [];
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        const date = `${period}-01`;
        const declarations = year === Y && (month === 3 || month === 7) ? 2 : 1;
        let finalViews = 0;
        let finalItems = 0;
        for (let k = 0; k < declarations; k++) {
          const zero = month === 7 && k === 1;
          finalViews = zero ? 0 : int(100, 3000);
          finalItems = zero ? 0 : int(10, 500);
          const pv = `page-views:${period}:portal`;
          views.push({
            date,
            changes: [{ kind: 'measures', type: 'measured', key: pv, date, values: { 'page-views': finalViews } }],
          });
          const si = `service-information:${period}`;
          items.push({
            date,
            changes: [
              { kind: 'measures', type: 'measured', key: si, date, values: { 'service-information': finalItems } },
            ],
          });
        }
        if (year === Y) {
          x('2008-3', '网站专栏页面访问量', '', finalViews);
          x('2008-3', '提供服务类信息数', '', finalItems);
        }
      }
      cases.push({ source: 'page-views', streamId: id('page-views'), agencyId: agency, steps: views });
      cases.push({
        source: 'service-information',
        streamId: id('service-information'),
        agencyId: agency,
        steps: items,
      });
    }
    // Bulk-imported consultations: chunks of one event each, contacts per day and channel.
    for (let chunk = 0; chunk < size.importChunks; chunk++) {
      const changes: FactChange[] = [];
      const seen = new Set<string>();
      for (let k = 0; k < 5; k++) {
        const date = dateIn(pick([Y - 1, Y, Y, Y + 1]));
        const channel = pick<ConsultationChannel>(['online', 'on-site', 'phone']);
        if (seen.has(`${date}:${channel}`)) continue;
        seen.add(`${date}:${channel}`);
        const contacts = int(1, 400);
        const measure = `consultations-${channel}` as const;
        changes.push({
          kind: 'measures',
          type: 'measured',
          key: `${date}:${channel}`,
          date,
          values: { [measure]: contacts },
        });
        if (inY(date)) x('2008-3', consultationRow[channel], '', contacts);
      }
      const first = changes[0] as { date: LegalDate };
      cases.push({
        source: 'consultation-import',
        streamId: id('import'),
        agencyId: agency,
        steps: [{ date: first.date, changes }],
      });
    }

    // Decision counts (行政许可) and administrative fees declared per quarter, one stream per year each.
    for (const year of [Y - 1, Y, Y + 1]) {
      const licensingSteps: Array<{ changes: FactChange[]; date: LegalDate }> = [];
      const feeSteps: Array<{ changes: FactChange[]; date: LegalDate }> = [];
      for (let q = 1; q <= 4; q++) {
        const date = `${year}-${String(3 * q - 2).padStart(2, '0')}-01`;
        const licensing = int(0, 50);
        // Up to 2,000,000 yuan in whole fen: six decimals of 万元 in the national table.
        const feesFen = int(0, 200_000_000);
        licensingSteps.push({
          date,
          changes: [
            {
              kind: 'measures',
              type: 'measured',
              key: `administrative-licensing:${year}-Q${q}`,
              date,
              values: { 'licensing-decisions': licensing },
            },
          ],
        });
        feeSteps.push({
          date,
          changes: [
            {
              kind: 'measures',
              type: 'measured',
              key: `administrative-fees:${year}-Q${q}`,
              date,
              values: { 'administrative-fees-fen': feesFen },
            },
          ],
        });
        if (year === Y) {
          x('national-2', '第二十条第（五）项/行政许可', '本年处理决定数量', licensing);
          x('national-2', '第二十条第（八）项/行政事业性收费', '本年收费金额（单位：万元）', feesFen);
        }
      }
      cases.push({ source: 'licensing-decisions', streamId: id('licensing'), agencyId: agency, steps: licensingSteps });
      cases.push({ source: 'administrative-fees', streamId: id('fees'), agencyId: agency, steps: feeSteps });
    }

    // ---- enforcement: violations from discovery to closure, decisions, and the measures ----
    for (let i = 0; i < size.violations; i++) {
      const discovered = dateIn(pick([Y - 1, Y, Y]));
      // 市本级: the city bureau's own cases; the level follows from the agency.
      const level = agency === options.cityAgencyId ? ('city' as const) : ('county' as const);
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        { date: discovered, changes: [{ kind: 'violation', type: 'discovered', date: discovered, level }] },
      ];
      let filed: LegalDate | undefined;
      let closed: LegalDate | undefined;
      let stopped: LegalDate | undefined;
      if (rnd() < 0.6) {
        stopped = after(discovered, int(0, 3));
        steps.push({ date: stopped, changes: [{ kind: 'violation', type: 'stopped', date: stopped }] });
      } else {
        filed = after(discovered, int(1, 40));
        steps.push({ date: filed, changes: [{ kind: 'violation', type: 'filed', date: filed }] });
        const decisions = int(0, 2);
        for (let d = 0; d < decisions; d++) {
          const date = after(filed, int(5, 90));
          const decision = rnd() < 0.7 ? ('penalty' as const) : ('coercion' as const);
          steps.push({ date, changes: [{ kind: 'violation', type: 'decision', date, decision }] });
          if (inY(date)) {
            x(
              'national-2',
              `第二十条第（六）项/${decision === 'penalty' ? '行政处罚' : '行政强制'}`,
              '本年处理决定数量',
            );
          }
        }
        if (rnd() < 0.8) {
          closed = after(filed, int(10, 200));
          steps.push({ date: closed, changes: [{ kind: 'violation', type: 'closed', date: closed }] });
        }
      }
      cases.push({ source: 'violation', streamId: id('violation'), agencyId: agency, steps });
      if (inY(discovered)) x('2008-enforcement', '发现违法用地、采矿行为');
      if (inY(stopped)) x('2008-enforcement', '发现违法用地、采矿行为/现场制止');
      if (inY(filed)) {
        x('2008-enforcement', '发现违法用地、采矿行为/立案查处');
        if (level === 'city') {
          x('2008-enforcement', '市本级立案查处');
          if (closed !== undefined && closed <= `${Y}-12-31`) x('2008-enforcement', '市本级结案');
        }
      }
    }
    for (let i = 0; i < size.enforcementMeasures; i++) {
      const one = (source: CaseSource, prefix: string, values: Partial<Record<Measure, number>>): LegalDate => {
        const date = dateIn(pick([Y - 1, Y, Y]));
        cases.push({
          source,
          streamId: id(prefix),
          agencyId: agency,
          steps: [{ date, changes: [{ kind: 'measures', type: 'measured', key: 'v1', date, values }] }],
        });
        return date;
      };
      const idle = { parcels: int(1, 3), mu: int(1, 3000) / 10 };
      if (inY(one('idle-land', 'idle', { 'idle-land-parcels': idle.parcels, 'idle-land-mu': idle.mu }))) {
        x('2008-enforcement', '认定闲置土地', '', idle.parcels);
        x('2008-enforcement', '认定闲置土地面积', '', idle.mu);
      }
      const sat = { patches: int(0, 20), parcels: int(0, 15), mu: int(0, 20000) / 10, violations: int(0, 3) };
      const satDate = one('satellite-inspection', 'satellite', {
        'satellite-patches': sat.patches,
        'satellite-parcels': sat.parcels,
        'satellite-area-mu': sat.mu,
        'satellite-violations': sat.violations,
      });
      if (inY(satDate)) {
        x('2008-enforcement', '卫片执法检查图斑', '', sat.patches);
        x('2008-enforcement', '涉及宗地', '', sat.parcels);
        x('2008-enforcement', '涉及面积', '', sat.mu);
        x('2008-enforcement', '发现查处违法用地', '', sat.violations);
      }
      const demolished = { buildings: int(1, 400), m2: int(1, 40000) };
      const demolitionDate = one('demolition', 'demolition', {
        'demolished-buildings': demolished.buildings,
        'demolished-floor-area-m2': demolished.m2,
      });
      if (inY(demolitionDate)) {
        x('2008-enforcement', '拆除违法建设', '', demolished.buildings);
        x('2008-enforcement', '拆除违法建设面积', '', demolished.m2);
      }
    }

    // ---- appeals: about disclosure (counted) or about enforcement (not in this report) ----
    const appealRow: Record<AppealKind, string> = {
      reconsideration: '行政复议',
      'lawsuit-direct': '行政诉讼/未经复议直接起诉',
      'lawsuit-after-reconsideration': '行政诉讼/复议后起诉',
    };
    const resultColumn: Record<AppealResult, string> = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果' };
    for (let i = 0; i < size.appeals; i++) {
      const filed = dateIn(pick([Y - 1, Y, Y]));
      const kind = pick<AppealKind>([
        'reconsideration',
        'reconsideration',
        'lawsuit-direct',
        'lawsuit-after-reconsideration',
      ]);
      const subject = rnd() < 0.8 ? ('disclosure' as const) : ('other' as const);
      // Most acts are known when the appeal is filed; some are confirmed later, some never are.
      const confirmation = pick(['at-filing', 'at-filing', 'at-filing', 'later', 'never'] as const);
      const steps: Array<{ changes: FactChange[]; date: LegalDate }> = [
        {
          date: filed,
          changes: [
            {
              kind: 'appeal',
              type: 'filed',
              date: filed,
              appealKind: kind,
              subject,
              confirmed: confirmation === 'at-filing',
            },
          ],
        },
      ];
      if (confirmation === 'later') {
        steps.push({ date: filed, changes: [{ kind: 'appeal', type: 'act-confirmation', confirmed: true }] });
      }
      let decided: { date: LegalDate; result: AppealResult } | undefined;
      if (rnd() < 0.7) {
        decided = { date: after(filed, int(20, 200)), result: pick<AppealResult>(['upheld', 'corrected', 'other']) };
        steps.push({ date: decided.date, changes: [{ kind: 'appeal', type: 'decided', ...decided }] });
      }
      cases.push({ source: 'appeal', streamId: id('appeal'), agencyId: agency, steps });
      if (subject === 'disclosure' && confirmation !== 'never' && inY(filed)) {
        const column = decided && decided.date <= `${Y}-12-31` ? resultColumn[decided.result] : '尚未审结';
        x('national-4', appealRow[kind], column);
        x('national-4', appealRow[kind], '总计');
        x('2008-4', kind === 'reconsideration' ? '行政复议数' : '行政诉讼数');
      }
    }
  }
  return { year: Y, cases, expected, crossing };
}

/** The generated cases as the events a projection receives: one per step, versions 1, 2, …. */
/**
 * The reply deadline of a generated request, as the applications service would state it on the
 * reply: generated requests record no clarification, consultation or extension, and their fee
 * notices are taken not to stop the clock, so the due date is the regime's time limit in working
 * days after receipt. The applicant abandoning the request (逾期不补正, an unpaid fee) and a
 * withdrawal (the generator's 其他处理 · 其他) owe no reply in time.
 */
export function generatedReplyDeadline(
  receipt: LegalDate,
  concluded: LegalDate,
  national: NationalOutcome,
): ReplyDeadlineFact {
  if (national.category === 'other') return { status: 'not-applicable' };
  const limit = REGIME_TIME_LIMITS[regimeForReceiptDate(receipt)].replyWorkingDays;
  const dueOn = OFFICIAL_CALENDAR.addWorkingDays(receipt, limit);
  if (dueOn === undefined) return { status: 'unknown' };
  return { status: concluded <= dueOn ? 'within' : 'late', dueOn };
}

export function appliedEventsOf(c: GeneratedCase): AppliedEvent[] {
  return c.steps.map((step, i) => ({
    source: {
      eventId: `${c.streamId}#${i + 1}`,
      eventType: `generated.${step.changes[0]?.type ?? 'step'}`,
      streamVersion: i + 1,
      agencyId: c.agencyId,
      recordedAt: `${step.date}T09:00:00.000+08:00`,
    },
    changes: step.changes,
  }));
}
