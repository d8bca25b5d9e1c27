// Issue 16's "Done when": three consecutive years (2022–2024) of a bureau that is not 株洲 —
// 某市自然资源和规划局 and two districts' branches, loaded from an agencies file — fed through the HTTP APIs of the
// embedded platform: disclosure requests of several applicant types with their outcomes (some received in
// December and answered in January: carried over), normative documents issued and repealed over an
// opening stock with a stock-take correction, declared 许可/处罚/强制 counts, 行政事业性收费 in fen whose
// 万元 value has 6 decimals, and appeals with their results. The test computes every cell of each year's
// national report (国办公开办函〔2021〕30号) from its own inputs, compares the report cell by cell, then
// files each report under the PUBLISHED labels (REPORTS.md §2b, written here as data): consistent; and a
// copy with one changed cell reports exactly that cell.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Role } from '#auth';
import { readAgenciesFile, useAgencies, ZHUZHOU_AGENCIES } from '#contracts';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';
import { listeningPlatform, type ListeningPlatform } from '../support/embedded-platform.js';

const YEARS = [2022, 2023, 2024] as const;
const CITY = 'mou-city';
const EAST = 'east-district';
const WEST = 'west-district';
const AGENCIES_FILE = [
  { id: CITY, name: '某市自然资源和规划局', level: 'city' },
  { id: EAST, name: '某市自然资源和规划局东区分局', parentId: CITY },
  { id: WEST, name: '某市自然资源和规划局西区分局', parentId: CITY },
];

// ---- the inputs: three years of the bureau, as data ------------------------------------------------

type ApplicantType =
  | 'natural-person'
  | 'commercial-enterprise'
  | 'research-institution'
  | 'public-interest-organisation'
  | 'legal-services-institution'
  | 'other-organisation';
interface Outcome {
  readonly category: string;
  readonly reason?: string;
  readonly thirdPartyInterest?: string;
  readonly notHeldBecause?: string;
}
interface Request {
  readonly agency: string;
  readonly type: ApplicantType;
  readonly received: string;
  /** The reply and its outcome; none: still open at the end of 2024. */
  readonly reply?: { readonly on: string; readonly outcome: Outcome };
}

const disclosed: Outcome = { category: 'disclosed' };
const partly: Outcome = { category: 'partially-disclosed' };
const secret: Outcome = { category: 'withheld', reason: 'state-secret' };
const thirdParty: Outcome = {
  category: 'withheld',
  reason: 'third-party-rights',
  thirdPartyInterest: 'personal-privacy',
};
const processInfo: Outcome = { category: 'withheld', reason: 'process-information' };
const notHeld: Outcome = { category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'does-not-exist' };
const duplicate: Outcome = { category: 'not-processed', reason: 'duplicate-request' };
const other: Outcome = { category: 'other-processing', reason: 'other' };
const req = (agency: string, type: ApplicantType, received: string, on?: string, outcome?: Outcome): Request =>
  on && outcome ? { agency, type, received, reply: { on, outcome } } : { agency, type, received };

const REQUESTS: readonly Request[] = [
  // Received in December 2021, answered in January 2022: 2022's 上年结转.
  req(CITY, 'natural-person', '2021-12-20', '2022-01-10', disclosed),
  req(EAST, 'commercial-enterprise', '2021-12-27', '2022-01-14', partly),
  // 2022
  req(CITY, 'natural-person', '2022-03-01', '2022-03-15', disclosed),
  req(CITY, 'natural-person', '2022-04-06', '2022-04-20', thirdParty),
  req(CITY, 'commercial-enterprise', '2022-05-09', '2022-05-23', secret),
  req(EAST, 'research-institution', '2022-06-13', '2022-06-27', notHeld),
  req(WEST, 'legal-services-institution', '2022-08-08', '2022-08-22', disclosed),
  req(WEST, 'natural-person', '2022-09-05', '2022-09-19', duplicate),
  // Received in December 2022, answered in January 2023.
  req(CITY, 'natural-person', '2022-12-26', '2023-01-09', partly),
  req(EAST, 'other-organisation', '2022-12-28', '2023-01-11', disclosed),
  // 2023
  req(CITY, 'public-interest-organisation', '2023-02-13', '2023-02-27', disclosed),
  req(CITY, 'natural-person', '2023-03-06', '2023-03-20', processInfo),
  req(EAST, 'natural-person', '2023-04-10', '2023-04-24', other),
  req(WEST, 'commercial-enterprise', '2023-06-05', '2023-06-19', disclosed),
  req(WEST, 'natural-person', '2023-11-06', '2023-11-20', notHeld),
  // Received in December 2023, answered in January 2024.
  req(CITY, 'legal-services-institution', '2023-12-25', '2024-01-08', secret),
  // 2024
  req(CITY, 'natural-person', '2024-03-04', '2024-03-18', disclosed),
  req(CITY, 'natural-person', '2024-05-13', '2024-05-27', partly),
  req(EAST, 'commercial-enterprise', '2024-07-08', '2024-07-22', thirdParty),
  req(WEST, 'research-institution', '2024-09-09', '2024-09-23', disclosed),
  // Received in December 2024 and not yet answered: 2024's 结转下年度.
  req(CITY, 'natural-person', '2024-12-23'),
  req(EAST, 'other-organisation', '2024-12-24'),
];

type DocKind = 'rule' | 'normative-document';
interface NormativeDocument {
  readonly agency: string;
  readonly kind: DocKind;
  readonly issued: string;
  readonly repealed?: string;
}
const DOCUMENTS: readonly NormativeDocument[] = [
  { agency: CITY, kind: 'normative-document', issued: '2022-03-10', repealed: '2023-08-15' },
  { agency: CITY, kind: 'normative-document', issued: '2022-06-20' },
  { agency: CITY, kind: 'rule', issued: '2023-05-16' },
  { agency: EAST, kind: 'normative-document', issued: '2022-09-14', repealed: '2024-04-17' },
  { agency: EAST, kind: 'normative-document', issued: '2024-02-22' },
];
/** The documents in force on the opening date, declared per agency and kind. */
const OPENING_STOCK: ReadonlyArray<{ agency: string; kind: DocKind; asOf: string; count: number }> = [
  { agency: CITY, kind: 'normative-document', asOf: '2021-12-31', count: 470 },
  { agency: CITY, kind: 'rule', asOf: '2021-12-31', count: 12 },
  { agency: EAST, kind: 'normative-document', asOf: '2021-12-31', count: 31 },
];
/** A stock-take: five documents found expired in 2023. */
const CORRECTIONS: ReadonlyArray<{ agency: string; kind: DocKind; on: string; change: number; cause: string }> = [
  { agency: CITY, kind: 'normative-document', on: '2023-06-30', change: -5, cause: 'expired' },
];

type DecisionKind = 'licensing' | 'penalty' | 'coercion';
/** Declared counts of 行政许可/处罚/强制 decisions, per agency and period (a year or a quarter). */
const DECLARED: ReadonlyArray<{ kind: DecisionKind; agency: string; period: string; count: number }> = [
  { kind: 'licensing', agency: CITY, period: '2022', count: 1530 },
  { kind: 'licensing', agency: EAST, period: '2022', count: 95 },
  { kind: 'licensing', agency: CITY, period: '2023', count: 1620 },
  { kind: 'licensing', agency: CITY, period: '2024', count: 1710 },
  { kind: 'licensing', agency: EAST, period: '2024', count: 88 },
  { kind: 'penalty', agency: CITY, period: '2022', count: 88 },
  { kind: 'penalty', agency: CITY, period: '2023', count: 91 },
  { kind: 'penalty', agency: WEST, period: '2023', count: 7 },
  { kind: 'penalty', agency: CITY, period: '2024', count: 77 },
  { kind: 'coercion', agency: CITY, period: '2022', count: 12 },
  { kind: 'coercion', agency: CITY, period: '2023', count: 9 },
  { kind: 'coercion', agency: CITY, period: '2024', count: 14 },
];
/** 行政事业性收费 collected, in fen (1 万元 = 1,000,000 fen): 5,949,088,667 fen = 5949.088667 万元. */
const FEES: ReadonlyArray<{ agency: string; period: string; fen: number }> = [
  { agency: CITY, period: '2022', fen: 5_949_088_667 },
  { agency: EAST, period: '2022', fen: 1_234_567 },
  { agency: CITY, period: '2023', fen: 4_120_500_001 },
  { agency: CITY, period: '2024', fen: 3_000_000_123 },
];

type AppealKind = 'reconsideration' | 'lawsuit-direct';
interface Appeal {
  readonly kind: AppealKind;
  /** The index in REQUESTS of the request the appeal is against. */
  readonly against: number;
  readonly filed: string;
  readonly decided?: { readonly on: string; readonly result: 'upheld' | 'corrected' };
}
const APPEALS: readonly Appeal[] = [
  { kind: 'reconsideration', against: 3, filed: '2022-05-10', decided: { on: '2022-07-05', result: 'upheld' } },
  { kind: 'lawsuit-direct', against: 4, filed: '2022-06-15', decided: { on: '2022-11-08', result: 'corrected' } },
  { kind: 'reconsideration', against: 11, filed: '2023-04-04', decided: { on: '2023-06-06', result: 'corrected' } },
  { kind: 'reconsideration', against: 18, filed: '2024-08-06' },
  { kind: 'lawsuit-direct', against: 15, filed: '2024-02-20', decided: { on: '2024-06-11', result: 'upheld' } },
];

// ---- the national format's cells, with the labels it is published under (REPORTS.md §2b) --------------

/** A cell of the published report: its section, its row's label path, its column (none: one figure). */
interface Cell {
  readonly table: string;
  readonly path: readonly string[];
  readonly column?: string;
}
const NORMATIVE_COLUMNS = ['本年制发件数', '本年废止件数', '现行有效件数'];
const APPLICANT_COLUMNS: ReadonlyArray<readonly [ApplicantType | 'total', string]> = [
  ['natural-person', '自然人'],
  ['commercial-enterprise', '法人或其他组织 商业企业'],
  ['research-institution', '法人或其他组织 科研机构'],
  ['public-interest-organisation', '法人或其他组织 社会公益组织'],
  ['legal-services-institution', '法人或其他组织 法律服务机构'],
  ['other-organisation', '法人或其他组织 其他'],
  ['total', '总计'],
];
const APPEAL_COLUMNS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
/** Table 三's outcome rows as published, each with the outcome (category/reason) it counts. */
const OUTCOME_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['disclosed', '（一）予以公开'],
  ['partially-disclosed', '（二）部分公开'],
  ['withheld/state-secret', '（三）1.属于国家秘密'],
  ['withheld/prohibited-by-law', '（三）2.其他法律行政法规禁止公开'],
  ['withheld/endangers-security-stability', '（三）3.危及“三安全一稳定”'],
  ['withheld/third-party-rights', '（三）4.保护第三方合法权益'],
  ['withheld/internal-affairs', '（三）5.属于三类内部事务信息'],
  ['withheld/process-information', '（三）6.属于四类过程性信息'],
  ['withheld/enforcement-case-file', '（三）7.属于行政执法案卷'],
  ['withheld/administrative-inquiry', '（三）8.属于行政查询事项'],
  ['cannot-provide/not-held', '（四）1.本机关不掌握相关政府信息'],
  ['cannot-provide/needs-creation', '（四）2.没有现成信息需要另行制作'],
  ['cannot-provide/still-unclear-after-clarification', '（四）3.补正后申请内容仍不明确'],
  ['not-processed/petition-or-complaint', '（五）1.信访举报投诉类申请'],
  ['not-processed/duplicate-request', '（五）2.重复申请'],
  ['not-processed/publication-requested', '（五）3.要求提供公开出版物'],
  ['not-processed/excessive-repeated-requests', '（五）4.无正当理由大量反复申请'],
  ['not-processed/confirm-or-reissue', '（五）5.要求行政机关确认或重新出具已获取信息'],
  ['other-processing/no-clarification', '（六）1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请'],
  ['other-processing/fee-unpaid', '（六）2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请'],
  ['other-processing/other', '（六）3.其他'],
];
const RECEIVED = '一、本年新收政府信息公开申请数量';
const CARRIED_IN = '二、上年结转政府信息公开申请数量';
const TOTAL = '（七）总计';
const CARRIED_OUT = '四、结转下年度继续办理';
const FEE_CELL: Cell = { table: '二', path: ['第二十条第(八)项', '行政事业性收费'], column: '本年收费金额(单位:万元)' };
const LICENSING_CELL: Cell = { table: '二', path: ['第二十条第(五)项', '行政许可'], column: '本年处理决定数量' };
const REQUESTS_TABLE = '三';

const cellsOf = (table: string, rows: readonly (readonly string[])[], columns?: readonly string[]): Cell[] =>
  rows.flatMap((p) => (columns ? columns.map((column) => ({ table, path: p, column })) : [{ table, path: p }]));

/** Every cell of the national report, in print order. */
const PUBLISHED: readonly Cell[] = [
  ...cellsOf(
    '二',
    [
      ['第二十条第(一)项', '规章'],
      ['第二十条第(一)项', '行政规范性文件'],
    ],
    NORMATIVE_COLUMNS,
  ),
  LICENSING_CELL,
  ...cellsOf(
    '二',
    [
      ['第二十条第(六)项', '行政处罚'],
      ['第二十条第(六)项', '行政强制'],
    ],
    ['本年处理决定数量'],
  ),
  FEE_CELL,
  ...cellsOf(
    REQUESTS_TABLE,
    [RECEIVED, CARRIED_IN, ...OUTCOME_ROWS.map(([, label]) => label), TOTAL, CARRIED_OUT].map((l) => [l]),
    APPLICANT_COLUMNS.map(([, c]) => c),
  ),
  ...cellsOf('四', [['行政复议'], ['行政诉讼', '未经复议直接起诉'], ['行政诉讼', '复议后起诉']], APPEAL_COLUMNS),
  ...cellsOf('六', [['发出收费通知的件数'], ['发出收费通知的总金额'], ['实际收取的总金额']]),
];

// ---- what the inputs imply: every cell of a year's report ------------------------------------------

const inYear = (date: string, year: number): boolean => date.startsWith(`${year}-`);
const byEnd = (date: string, year: number): boolean => date <= `${year}-12-31`;
const outcomeKey = (o: Outcome): string => (o.reason ? `${o.category}/${o.reason}` : o.category);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const periodIn = (period: string, year: number): boolean => period === `${year}` || period.startsWith(`${year}-`);

/** Open on 31 December of `year`: received by then, not answered by then. */
const openAtEnd = (r: Request, year: number): boolean =>
  byEnd(r.received, year) && (r.reply === undefined || !byEnd(r.reply.on, year));

/** The requests of one row of table 三 in `year`. */
function requestsOfRow(row: string, year: number): Request[] {
  if (row === RECEIVED) return REQUESTS.filter((r) => inYear(r.received, year));
  if (row === CARRIED_IN) return REQUESTS.filter((r) => openAtEnd(r, year - 1));
  if (row === CARRIED_OUT) return REQUESTS.filter((r) => openAtEnd(r, year));
  const answered = REQUESTS.filter((r) => r.reply !== undefined && inYear(r.reply.on, year));
  if (row === TOTAL) return answered;
  const key = OUTCOME_ROWS.find(([, label]) => label === row)![0];
  return answered.filter((r) => outcomeKey(r.reply!.outcome) === key);
}

function normativeFigure(kind: DocKind, column: string, year: number): number {
  const docs = DOCUMENTS.filter((d) => d.kind === kind);
  const issued = (until: (date: string) => boolean) => docs.filter((d) => until(d.issued)).length;
  const repealed = (until: (date: string) => boolean) =>
    docs.filter((d) => d.repealed !== undefined && until(d.repealed)).length;
  if (column === '本年制发件数') return issued((d) => inYear(d, year));
  if (column === '本年废止件数') return repealed((d) => inYear(d, year));
  // 现行有效件数 = opening stock + issued − repealed ± corrections, up to 31 December.
  const opening = sum(OPENING_STOCK.filter((s) => s.kind === kind).map((s) => s.count));
  const corrections = sum(CORRECTIONS.filter((c) => c.kind === kind && byEnd(c.on, year)).map((c) => c.change));
  return opening + issued((d) => byEnd(d, year)) - repealed((d) => byEnd(d, year)) + corrections;
}

function appealFigure(kind: AppealKind | 'lawsuit-after-reconsideration', column: string, year: number): number {
  const filed = APPEALS.filter((a) => a.kind === kind && inYear(a.filed, year));
  const results: Record<string, number> = {
    结果维持: filed.filter((a) => a.decided?.result === 'upheld').length,
    结果纠正: filed.filter((a) => a.decided?.result === 'corrected').length,
    其他结果: 0,
    尚未审结: filed.filter((a) => a.decided === undefined).length,
  };
  return column === '总计' ? sum(Object.values(results)) : results[column]!;
}

/** The value the inputs imply for a cell of `year`'s report. */
function expectedCell(cell: Cell, year: number): number {
  const [first, second] = cell.path;
  const column = cell.column ?? '';
  switch (cell.table) {
    case '二': {
      if (second === '规章') return normativeFigure('rule', column, year);
      if (second === '行政规范性文件') return normativeFigure('normative-document', column, year);
      if (second === '行政事业性收费') {
        // Exact: the fen amount in 万元, never rounded.
        return sum(FEES.filter((f) => periodIn(f.period, year)).map((f) => f.fen)) / 1_000_000;
      }
      const kind = ({ 行政许可: 'licensing', 行政处罚: 'penalty', 行政强制: 'coercion' } as const)[
        second as '行政许可'
      ];
      return sum(DECLARED.filter((d) => d.kind === kind && periodIn(d.period, year)).map((d) => d.count));
    }
    case REQUESTS_TABLE: {
      const type = APPLICANT_COLUMNS.find(([, c]) => c === column)![0];
      const rows = requestsOfRow(first!, year);
      return type === 'total' ? rows.length : rows.filter((r) => r.type === type).length;
    }
    case '四': {
      if (first === '行政复议') return appealFigure('reconsideration', column, year);
      return appealFigure(
        second === '未经复议直接起诉' ? 'lawsuit-direct' : 'lawsuit-after-reconsideration',
        column,
        year,
      );
    }
    // No fee notices were sent (a fee for information processing is the exception under the 2019 条例).
    case '六':
      return 0;
    default:
      throw new Error(`no table ${cell.table}`);
  }
}

// ---- the report as served, flattened in print order ---------------------------------------------------

interface ReportRow {
  label: string;
  value?: number;
  values?: Record<string, number>;
  children?: ReportRow[];
}
interface ReportJson {
  tables: Array<{ id: string; title: string; rows: ReportRow[] }>;
}
interface ServedCell {
  readonly title: string;
  readonly path: readonly string[];
  readonly column?: string;
  readonly value: number;
}

function servedCells(report: ReportJson): ServedCell[] {
  const out: ServedCell[] = [];
  const walk = (title: string, rows: readonly ReportRow[], above: readonly string[]): void => {
    for (const r of rows) {
      const p = [...above, r.label];
      if (r.value !== undefined) out.push({ title, path: p, value: r.value });
      for (const [column, value] of Object.entries(r.values ?? {})) out.push({ title, path: p, column, value });
      if (r.children) walk(title, r.children, p);
    }
  };
  for (const t of report.tables) walk(t.title, t.rows, []);
  return out;
}

/** A label's words: width unified, numbering, quotes, punctuation and spaces dropped (to align cells). */
const words = (label: string): string =>
  label
    .normalize('NFKC')
    .replace(/^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])+/, '')
    .replace(/[\s"'“”,，:：、.()]/g, '');

// ---- the platform fed through its APIs ------------------------------------------------------------------

describe('three years of 某市自然资源和规划局 on the embedded platform: every cell of the national report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'three-years-'));
  let platform: ListeningPlatform;
  const token = (agencyId: string, roles: readonly Role[]): string =>
    platform.issuer.mint({ sub: `${agencyId}-officer`, roles, agencyId });
  const officer = (agencyId: string) => token(agencyId, ['clerk', 'supervisor']);
  let n = 0;

  const call = async <T>(
    method: string,
    route: string,
    bearer: string,
    body?: unknown,
    etag?: string,
  ): Promise<{ status: number; body: T; etag: string | undefined }> => {
    n += 1;
    const res = await fetch(`${platform.baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        'idempotency-key': `three-years-${n}`,
        ...(etag ? { 'if-match': etag } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      etag: res.headers.get('etag') ?? undefined,
    };
  };
  const ok = async <T = { id: string }>(
    method: string,
    route: string,
    bearer: string,
    body?: unknown,
    etag?: string,
  ): Promise<{ body: T; etag: string | undefined }> => {
    const answer = await call<T>(method, route, bearer, body, etag);
    assert.ok(
      answer.status >= 200 && answer.status < 300,
      `${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
    return answer;
  };
  const reportOf = async (year: number): Promise<ReportJson> =>
    (
      await ok<ReportJson>(
        'GET',
        `/reporting/annual-reports/${CITY}/rollup/${year}/report?template=national-2021&format=json`,
        token(CITY, ['auditor']),
      )
    ).body;

  before(async () => {
    const file = path.join(dir, 'mou-shi.json');
    writeFileSync(file, JSON.stringify(AGENCIES_FILE));
    // What `npm start -- --agencies <file>` does before the app starts (apps/platform/src/main.ts).
    useAgencies(readAgenciesFile(file));
    platform = await listeningPlatform({ rateLimit: false });

    const requestIds: string[] = [];
    for (const [i, r] of REQUESTS.entries()) {
      const created = await ok('POST', '/applications/disclosure-requests', officer(r.agency), {
        agencyId: r.agency,
        receiptDate: r.received,
        channel: 'online',
        applicantType: r.type,
        informationRequested: `某地块出让信息 ${i}`,
        applicant: { name: `申请人${i}` },
      });
      requestIds.push(created.body.id);
      if (r.reply) {
        await ok(
          'POST',
          `/applications/disclosure-requests/${created.body.id}/reply`,
          officer(r.agency),
          { repliedOn: r.reply.on, outcome: r.reply.outcome },
          created.etag,
        );
      }
    }
    for (const [i, d] of DOCUMENTS.entries()) {
      const issued = await ok('POST', '/publications/normative-documents', officer(d.agency), {
        agencyId: d.agency,
        kind: d.kind,
        title: `某市规范性文件第${i + 1}号`,
        issuedOn: d.issued,
      });
      if (d.repealed) {
        await ok(
          'POST',
          `/publications/normative-documents/${issued.body.id}/repeal`,
          officer(d.agency),
          { repealedOn: d.repealed },
          issued.etag,
        );
      }
    }
    for (const s of OPENING_STOCK) {
      await ok('PUT', `/publications/normative-stock/${s.agency}/${s.kind}`, officer(s.agency), {
        asOf: s.asOf,
        count: s.count,
      });
    }
    for (const c of CORRECTIONS) {
      await ok('POST', `/publications/normative-stock/${c.agency}/${c.kind}/corrections`, officer(c.agency), {
        correctedOn: c.on,
        change: c.change,
        cause: c.cause,
        reason: '清理核查发现已失效',
      });
    }
    for (const d of DECLARED) {
      await ok('PUT', `/publications/${d.kind}-decisions/${d.agency}/${d.period}`, officer(d.agency), {
        count: d.count,
      });
    }
    for (const f of FEES) {
      await ok('PUT', `/publications/fees-collected/${f.agency}/${f.period}`, officer(f.agency), { amountFen: f.fen });
    }
    for (const a of APPEALS) {
      const against = REQUESTS[a.against]!;
      const act = { kind: 'disclosure-request', ref: requestIds[a.against] };
      const filed =
        a.kind === 'reconsideration'
          ? await ok('POST', '/appeals/reconsiderations', officer(against.agency), {
              agencyId: against.agency,
              act,
              knownOn: a.filed,
              filedOn: a.filed,
            })
          : await ok('POST', '/appeals/lawsuits', officer(against.agency), {
              route: 'direct',
              agencyId: against.agency,
              act,
              knownOn: a.filed,
              filedOn: a.filed,
            });
      if (a.decided) {
        await ok(
          'POST',
          `/appeals/appeals/${filed.body.id}/decision`,
          officer(against.agency),
          { decidedOn: a.decided.on, result: a.decided.result },
          filed.etag,
        );
      }
    }
    await waitForCatchUp({ baseUrlFor: () => platform.baseUrl, operationsToken: token(CITY, ['operations']) });
  });

  after(async () => {
    await platform?.close();
    useAgencies(ZHUZHOU_AGENCIES);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const year of YEARS) {
    it(`${year}: every cell of the national report equals what the inputs imply`, async () => {
      const served = servedCells(await reportOf(year));
      assert.equal(served.length, PUBLISHED.length, 'the report has one figure for every published cell');
      const wrong: string[] = [];
      PUBLISHED.forEach((cell, i) => {
        const got = served[i]!;
        // The served cell in this place is the published one: same row words, same column.
        assert.ok(
          words(got.path.at(-1)!).startsWith(words(cell.path.at(-1)!)),
          `${got.path.join('/')} ≠ ${cell.path.join('/')}`,
        );
        assert.equal(words(got.column ?? ''), words(cell.column ?? '').replace('法人或其他组织', ''));
        const want = expectedCell(cell, year);
        if (got.value !== want)
          wrong.push(`${cell.table} ${cell.path.join('/')} ${cell.column ?? ''}: ${got.value} ≠ ${want}`);
      });
      assert.deepEqual(wrong, []);
      // The inputs make the interesting cells non-zero: carry-over in, fees with 6 decimals.
      assert.ok(expectedCell({ table: REQUESTS_TABLE, path: [CARRIED_IN], column: '总计' }, year) > 0);
    });
  }

  /** The report's figures as the test computes them, filed under the published labels. */
  const filing = (year: number, change?: Cell) => {
    const tables = new Map<string, Array<Record<string, unknown>>>();
    for (const cell of PUBLISHED) {
      const value = expectedCell(cell, year);
      const changed =
        change &&
        cell.table === change.table &&
        cell.path.join() === change.path.join() &&
        cell.column === change.column;
      const figures = tables.get(cell.table) ?? [];
      figures.push({
        label: cell.path.at(-1)!,
        ...(cell.path.length > 1 ? { path: cell.path } : {}),
        ...(cell.column !== undefined ? { column: cell.column } : {}),
        value: changed ? changedValue(cell, value) : value,
      });
      tables.set(cell.table, figures);
    }
    return { template: 'national-2021', tables: [...tables].map(([table, figures]) => ({ table, figures })) };
  };
  /** The fee rounded to 4 decimals (what the old report printed); a count one more. */
  const changedValue = (cell: Cell, value: number): number =>
    cell === FEE_CELL ? Math.round(value * 10_000) / 10_000 : value + 1;

  interface Reconciliation {
    consistent: boolean;
    discrepancies: Array<{ path: string[]; column?: string; filed: number; derived: number }>;
    unmatched: unknown[];
    violations: unknown[];
  }
  const reconcile = async (year: number, body: unknown): Promise<Reconciliation> =>
    (
      await ok<Reconciliation>(
        'POST',
        `/reporting/annual-reports/${CITY}/rollup/${year}/reconciliations`,
        token(CITY, ['auditor', 'supervisor']),
        body,
      )
    ).body;

  // Each year changes another cell: the fee rounded (2022), a declared count (2023), a table 三 cell (2024).
  const CHANGED: Record<(typeof YEARS)[number], Cell> = {
    2022: FEE_CELL,
    2023: LICENSING_CELL,
    2024: { table: REQUESTS_TABLE, path: [CARRIED_OUT], column: '自然人' },
  };
  for (const year of YEARS) {
    it(`${year}: a filing under the published labels is consistent; one changed cell is exactly one discrepancy`, async () => {
      const same = await reconcile(year, filing(year));
      assert.deepEqual([same.unmatched, same.discrepancies, same.violations], [[], [], []]);
      assert.equal(same.consistent, true);

      const cell = CHANGED[year];
      const want = expectedCell(cell, year);
      assert.notEqual(changedValue(cell, want), want, 'the change changes the figure');
      const changed = await reconcile(year, filing(year, cell));
      assert.equal(changed.consistent, false);
      assert.deepEqual(changed.unmatched, []);
      assert.equal(changed.discrepancies.length, 1, JSON.stringify(changed.discrepancies));
      const [d] = changed.discrepancies;
      assert.deepEqual(
        [words(d!.path.at(-1)!).startsWith(words(cell.path.at(-1)!)), d!.filed, d!.derived],
        [true, changedValue(cell, want), want],
      );
    });
  }
});
