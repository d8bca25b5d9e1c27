// Codes used in the `applications` contracts, with the Chinese label each stands for in the
// annual report (REPORTS.md §2). Codes are stable ASCII; labels are what a report prints.

/** How a request reached the agency (2008-era 附表二 columns; the national format does not split them). */
export const CHANNELS = ['in-person', 'fax', 'email', 'online', 'letter', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  'in-person': '当面',
  fax: '传真',
  email: '电子邮件',
  online: '网上',
  letter: '信函',
  other: '其他',
};

/**
 * Who applied (national format, section 三, columns): a natural person, or one of the five kinds of
 * 法人或其他组织 (legal person or other organisation).
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

export const APPLICANT_TYPE_LABELS: Readonly<Record<ApplicantType, string>> = {
  'natural-person': '自然人',
  'commercial-enterprise': '商业企业',
  'research-institution': '科研机构',
  'public-interest-organisation': '社会公益组织',
  'legal-services-institution': '法律服务机构',
  'other-organisation': '其他',
};

/** The group label over the five organisation columns. */
export const ORGANISATION_GROUP_LABEL = '法人或其他组织';

export const isOrganisation = (t: ApplicantType): boolean => t !== 'natural-person';

/**
 * The ordinance whose time limits govern a request, fixed by its receipt date:
 * - `ordinance-2007`: 《政府信息公开条例》(2007) 第二十四条 — 15 working days, extendable by at most 15;
 * - `ordinance-2019`: the revised 条例 (in force 2019-05-15) 第三十三条 — 20 working days, extendable by at most 20.
 */
export const REGIMES = ['ordinance-2007', 'ordinance-2019'] as const;
export type Regime = (typeof REGIMES)[number];

/** First receipt date under the 2019 ordinance. */
export const ORDINANCE_2019_IN_FORCE = '2019-05-15';
/** First day the 2007 ordinance was in force: no request can be received under this product before it. */
export const ORDINANCE_2007_IN_FORCE = '2008-05-01';

export const REGIME_TIME_LIMITS: Readonly<
  Record<Regime, { readonly replyWorkingDays: number; readonly maxExtensionWorkingDays: number }>
> = {
  'ordinance-2007': { replyWorkingDays: 15, maxExtensionWorkingDays: 15 },
  'ordinance-2019': { replyWorkingDays: 20, maxExtensionWorkingDays: 20 },
};

/** `YYYY-MM-DD` strings compare correctly as strings. */
export const regimeForReceiptDate = (receiptDate: string): Regime =>
  receiptDate < ORDINANCE_2019_IN_FORCE ? 'ordinance-2007' : 'ordinance-2019';

/** Whom the agency consulted (the clock pauses until the opinion comes back). */
export const CONSULTEES = ['third-party', 'other-agency'] as const;
export type Consultee = (typeof CONSULTEES)[number];

export const CONSULTEE_LABELS: Readonly<Record<Consultee, string>> = {
  'third-party': '第三方',
  'other-agency': '其他机关',
};
