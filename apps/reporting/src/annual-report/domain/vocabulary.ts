// The reporting service's own vocabulary: stable ASCII codes for what the report tables count, each
// with the exact Chinese label the published tables use (REPORTS §1–§2). Other services' codes are
// translated into these by the consumers in ../adapters; this file knows nothing of their contracts.

/** How a disclosure request reached the agency (附表二 受理申请总数, by channel). */
export const CHANNELS = ['in-person', 'fax', 'email', 'online', 'letter', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 2008-era 附表二 row label per channel (the seed prints them as "其中:1.当面申请数" …). */
export const CHANNEL_ROW_LABELS: Readonly<Record<Channel, string>> = {
  'in-person': '当面申请数',
  fax: '传真申请数',
  email: '电子邮件申请数',
  online: '网上申请数',
  letter: '信函申请数',
  other: '其他形式申请数',
};

/**
 * 申请人情况: the columns of the national table 三. 自然人 is a natural person; the other five are
 * the kinds of 法人或其他组织 (legal persons and other organisations).
 */
export const APPLICANT_TYPES = [
  'natural-person',
  'commercial-enterprise',
  'research-institution',
  'public-interest-organisation',
  'legal-services-institution',
  'other-organisation',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const APPLICANT_COLUMN_LABELS: Readonly<Record<ApplicantType, string>> = {
  'natural-person': '自然人',
  'commercial-enterprise': '商业企业',
  'research-institution': '科研机构',
  'public-interest-organisation': '社会公益组织',
  'legal-services-institution': '法律服务机构',
  'other-organisation': '其他',
};
export const TOTAL_COLUMN = '总计';
/** The seven columns of table 三, in printed order. */
export const NATIONAL_APPLICANT_COLUMNS: readonly string[] = [
  ...APPLICANT_TYPES.map((t) => APPLICANT_COLUMN_LABELS[t]),
  TOTAL_COLUMN,
];

// ---- Outcomes of a request, national format (国办公开办函〔2021〕30号, table 三 rows 三（一）…（六）) ----

export const REFUSAL_REASONS = [
  'state-secret',
  'prohibited-by-law',
  'endangers-security-stability',
  'third-party-rights',
  'internal-affairs',
  'process-information',
  'enforcement-file',
  'query-matter',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const UNABLE_REASONS = ['not-held', 'needs-creation', 'unclear-after-correction'] as const;
export type UnableReason = (typeof UNABLE_REASONS)[number];

export const NOT_PROCESSED_REASONS = [
  'petition-complaint',
  'repeated',
  'publication',
  'mass-repeated',
  'confirm-or-reissue',
] as const;
export type NotProcessedReason = (typeof NOT_PROCESSED_REASONS)[number];

export const OTHER_REASONS = ['correction-overdue', 'fee-unpaid', 'other'] as const;
export type OtherReason = (typeof OTHER_REASONS)[number];

/** Exactly one outcome per concluded request; a partly disclosed request is only 部分公开. */
export type NationalOutcome =
  | { readonly category: 'granted' }
  | { readonly category: 'partly-granted' }
  | { readonly category: 'refused'; readonly reason: RefusalReason }
  | { readonly category: 'unable'; readonly reason: UnableReason }
  | { readonly category: 'not-processed'; readonly reason: NotProcessedReason }
  | { readonly category: 'other'; readonly reason: OtherReason };
export type NationalCategory = NationalOutcome['category'];

export const NATIONAL_CATEGORY_LABELS: Readonly<Record<NationalCategory, string>> = {
  granted: '（一）予以公开',
  'partly-granted': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  refused: '（三）不予公开',
  unable: '（四）无法提供',
  'not-processed': '（五）不予处理',
  other: '（六）其他处理',
};

export const REFUSAL_REASON_LABELS: Readonly<Record<RefusalReason, string>> = {
  'state-secret': '1.属于国家秘密',
  'prohibited-by-law': '2.其他法律行政法规禁止公开',
  'endangers-security-stability': '3.危及"三安全一稳定"',
  'third-party-rights': '4.保护第三方合法权益',
  'internal-affairs': '5.属于三类内部事务信息',
  'process-information': '6.属于四类过程性信息',
  'enforcement-file': '7.属于行政执法案卷',
  'query-matter': '8.属于行政查询事项',
};
export const UNABLE_REASON_LABELS: Readonly<Record<UnableReason, string>> = {
  'not-held': '1.本机关不掌握相关政府信息',
  'needs-creation': '2.没有现成信息需要另行制作',
  'unclear-after-correction': '3.补正后申请内容仍不明确',
};
export const NOT_PROCESSED_REASON_LABELS: Readonly<Record<NotProcessedReason, string>> = {
  'petition-complaint': '1.信访举报投诉类申请',
  repeated: '2.重复申请',
  publication: '3.要求提供公开出版物',
  'mass-repeated': '4.无正当理由大量反复申请',
  'confirm-or-reissue': '5.要求行政机关确认或重新出具已获取信息',
};
export const OTHER_REASON_LABELS: Readonly<Record<OtherReason, string>> = {
  'correction-overdue': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'fee-unpaid': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  other: '3.其他',
};

// ---- Outcomes of a request, 2008-era 附表二 (对申请的答复总数 and its breakdown) ----

export const ERA2008_REFUSAL_REASONS = [
  'state-secret',
  'commercial-secret',
  'personal-privacy',
  'process-information-affecting-stability',
  'endangers-security-stability',
  'other-legal-grounds',
] as const;
export type Era2008RefusalReason = (typeof ERA2008_REFUSAL_REASONS)[number];

/** What the 2008-era 附表二 calls a reply. */
export type Era2008Outcome =
  | { readonly category: 'granted' }
  | { readonly category: 'partly-granted' }
  | { readonly category: 'not-government-information' }
  | { readonly category: 'not-exist' }
  | { readonly category: 'not-this-agency' }
  | { readonly category: 'unclear' }
  | { readonly category: 'repeated' }
  | { readonly category: 'refused'; readonly reason: Era2008RefusalReason };
export type Era2008Category = Era2008Outcome['category'];

export const ERA2008_CATEGORY_LABELS: Readonly<Record<Era2008Category, string>> = {
  granted: '同意公开数',
  'partly-granted': '同意部分公开数',
  'not-government-information': '“非《规定》所指政府信息”数',
  'not-exist': '信息不存在数',
  'not-this-agency': '“非本机关职责权限范围”数',
  unclear: '“申请内容不明确”数',
  repeated: '“重复申请”数',
  refused: '不予公开总数',
};
export const ERA2008_CATEGORIES = Object.keys(ERA2008_CATEGORY_LABELS) as Era2008Category[];

export const ERA2008_REFUSAL_LABELS: Readonly<Record<Era2008RefusalReason, string>> = {
  'state-secret': '“国家秘密”数',
  'commercial-secret': '“商业秘密”数',
  'personal-privacy': '“个人隐私”数',
  'process-information-affecting-stability': '“过程中信息且影响安全稳定”数',
  'endangers-security-stability': '“危及安全和稳定”数',
  'other-legal-grounds': '“法律法规规定的其他情形”数',
};

// ---- Consultations, enforcement, appeals ----

/** 附表三: 网上咨询 (online), 现场接待 (on-site reception), 咨询电话 (telephone). */
export const CONSULTATION_CHANNELS = ['online', 'on-site', 'phone'] as const;
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number];

/** 行政复议 (reconsideration); 行政诉讼 either 未经复议直接起诉 (direct) or 复议后起诉 (after reconsideration). */
export const APPEAL_KINDS = ['reconsideration', 'lawsuit-direct', 'lawsuit-after-reconsideration'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

/** 结果维持 (upheld), 结果纠正 (corrected/revoked), 其他结果 (withdrawn, dismissed, other). */
export const APPEAL_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];

/** 规章 (rules) and 行政规范性文件 (normative documents), national table 二 第二十条第（一）项. */
export const NORMATIVE_KINDS = ['regulation', 'normative-document'] as const;
export type NormativeKind = (typeof NORMATIVE_KINDS)[number];

/**
 * Quantities that arrive as dated amounts rather than as one case per item: decision counts and fee
 * amounts declared per period, page views, service information, consultation tallies from bulk
 * imports, and the enforcement measures (idle land, satellite inspections, demolitions).
 */
export const MEASURES = [
  /** 行政许可 decisions (本年处理决定数量), declared per period by publications. */
  'licensing-decisions',
  /** 行政处罚 / 行政强制 decisions when declared as counts rather than recorded on cases. */
  'penalty-decisions',
  'coercion-decisions',
  /**
   * The agency's choice of where its year's 行政处罚 / 行政强制 count comes from: 1 = enforcement's
   * decided cases, 0 = the declared counts; no entry until it chooses (then declarations count once
   * any period is declared, else enforcement's cases). Read per agency, never summed.
   */
  'penalty-from-enforcement-cases',
  'coercion-from-enforcement-cases',
  /** 行政事业性收费 collected, in whole fen (the national table prints 万元, exactly: money.ts). */
  'administrative-fees-fen',
  /**
   * The opening stock of documents in force of a kind, dated the day it was counted, and the
   * stock-take corrections (±), dated from when they apply: they count in every period ending on or
   * after their date, per agency (year-figures.ts `DocumentStock`), never summed within a year.
   */
  'regulation-opening-stock',
  'normative-document-opening-stock',
  'regulation-stock-correction',
  'normative-document-stock-correction',
  /** 网站专栏页面访问量. */
  'page-views',
  /** 提供服务类信息数. */
  'service-information',
  'consultations-online',
  'consultations-on-site',
  'consultations-phone',
  /** 认定闲置土地: parcels (宗) and area (亩). */
  'idle-land-parcels',
  'idle-land-mu',
  /** 卫片执法: patches (图斑), parcels (宗地), area (亩), illegal land uses found (违法用地 宗). */
  'satellite-patches',
  'satellite-parcels',
  'satellite-area-mu',
  'satellite-violations',
  /** 拆除违法建设: buildings (栋(处)) and floor area in m² (the table prints 万平方米). */
  'demolished-buildings',
  'demolished-floor-area-m2',
] as const;
export type Measure = (typeof MEASURES)[number];

/** 行政处罚 (penalty) and 行政强制 (coercion): the decisions enforcement also records on its cases. */
export const ENFORCEMENT_DECISIONS = ['penalty', 'coercion'] as const;
export type EnforcementDecision = (typeof ENFORCEMENT_DECISIONS)[number];

/** Where an agency's year count of an enforcement decision comes from. */
export type DecisionSource = 'declarations' | 'enforcement-cases';

/** Report templates: the seed's 2008-era appendix, and the national format in force. */
export const TEMPLATES = ['2008', 'national-2021'] as const;
export type Template = (typeof TEMPLATES)[number];

/** A report covers one agency's own cases, or the agency rolled up with every agency below it. */
export const SCOPES = ['agency', 'rollup'] as const;
export type Scope = (typeof SCOPES)[number];

/** The measures of the stock of documents in force: they apply from their date on, not within one year. */
export const STOCK_MEASURES: readonly Measure[] = [
  'regulation-opening-stock',
  'normative-document-opening-stock',
  'regulation-stock-correction',
  'normative-document-stock-correction',
];
