// The outcome of a disclosure request, as the national report format in force counts it
// (国办公开办函〔2021〕30号, section 三「本年度办理结果」), and the documented mapping to what the
// 2008-era appendix (附表二) calls the same reply. Each concluded request has exactly one outcome.
//
// Reporting needs both: the national table counts `category` + `reason`; the 2008-era table counts
// `legacyOutcomeOf(outcome)`. The mapping is data plus one pure function, never a second free-text field.
import { z } from 'zod';

// ---- the national tree ------------------------------------------------------------------------

export const OUTCOME_CATEGORIES = [
  'disclosed',
  'partially-disclosed',
  'withheld',
  'cannot-provide',
  'not-processed',
  'other-processing',
] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];

export const WITHHELD_REASONS = [
  'state-secret',
  'prohibited-by-law',
  'endangers-security-stability',
  'third-party-rights',
  'internal-affairs',
  'process-information',
  'enforcement-case-file',
  'administrative-inquiry',
] as const;
export const CANNOT_PROVIDE_REASONS = ['not-held', 'needs-creation', 'still-unclear-after-clarification'] as const;
export const NOT_PROCESSED_REASONS = [
  'petition-or-complaint',
  'duplicate-request',
  'publication-requested',
  'excessive-repeated-requests',
  'confirm-or-reissue',
] as const;
export const OTHER_PROCESSING_REASONS = ['no-clarification', 'fee-unpaid', 'other'] as const;

export type WithheldReason = (typeof WITHHELD_REASONS)[number];
export type CannotProvideReason = (typeof CANNOT_PROVIDE_REASONS)[number];
export type NotProcessedReason = (typeof NOT_PROCESSED_REASONS)[number];
export type OtherProcessingReason = (typeof OTHER_PROCESSING_REASONS)[number];

/** The reasons of each category, in the order the report prints them (empty: the category has none). */
export const OUTCOME_TREE: Readonly<Record<OutcomeCategory, readonly string[]>> = {
  disclosed: [],
  'partially-disclosed': [],
  withheld: WITHHELD_REASONS,
  'cannot-provide': CANNOT_PROVIDE_REASONS,
  'not-processed': NOT_PROCESSED_REASONS,
  'other-processing': OTHER_PROCESSING_REASONS,
};

/**
 * 保护第三方合法权益 covers what the 2008-era table split into 商业秘密 and 个人隐私: which interest
 * was protected decides the 2008-era label, so a reply on this ground says which.
 */
export const THIRD_PARTY_INTERESTS = ['trade-secret', 'personal-privacy', 'other'] as const;
export type ThirdPartyInterest = (typeof THIRD_PARTY_INTERESTS)[number];

/**
 * 本机关不掌握相关政府信息 covers what the 2008-era table split into 信息不存在 (the information does not
 * exist) and 非本机关职责权限范围 (another agency holds it): a reply on this ground says which.
 */
export const NOT_HELD_BECAUSE = ['does-not-exist', 'other-agency'] as const;
export type NotHeldBecause = (typeof NOT_HELD_BECAUSE)[number];

export const outcomeSchema = z.discriminatedUnion('category', [
  z.strictObject({ category: z.literal('disclosed') }),
  z.strictObject({ category: z.literal('partially-disclosed') }),
  z.strictObject({
    category: z.literal('withheld'),
    reason: z.enum(WITHHELD_REASONS),
    /** Only with reason `third-party-rights`, where it is required. */
    thirdPartyInterest: z.enum(THIRD_PARTY_INTERESTS).optional(),
  }),
  z.strictObject({
    category: z.literal('cannot-provide'),
    reason: z.enum(CANNOT_PROVIDE_REASONS),
    /** Only with reason `not-held`, where it is required. */
    notHeldBecause: z.enum(NOT_HELD_BECAUSE).optional(),
  }),
  z.strictObject({ category: z.literal('not-processed'), reason: z.enum(NOT_PROCESSED_REASONS) }),
  z.strictObject({ category: z.literal('other-processing'), reason: z.enum(OTHER_PROCESSING_REASONS) }),
]);
export type Outcome = z.infer<typeof outcomeSchema>;

/** Labels exactly as the national format prints them (REPORTS.md §2b). */
export const OUTCOME_CATEGORY_LABELS: Readonly<Record<OutcomeCategory, string>> = {
  disclosed: '予以公开',
  'partially-disclosed': '部分公开',
  withheld: '不予公开',
  'cannot-provide': '无法提供',
  'not-processed': '不予处理',
  'other-processing': '其他处理',
};

export const OUTCOME_REASON_LABELS: Readonly<
  Record<WithheldReason | CannotProvideReason | NotProcessedReason | OtherProcessingReason, string>
> = {
  'state-secret': '属于国家秘密',
  'prohibited-by-law': '其他法律行政法规禁止公开',
  'endangers-security-stability': '危及"三安全一稳定"',
  'third-party-rights': '保护第三方合法权益',
  'internal-affairs': '属于三类内部事务信息',
  'process-information': '属于四类过程性信息',
  'enforcement-case-file': '属于行政执法案卷',
  'administrative-inquiry': '属于行政查询事项',
  'not-held': '本机关不掌握相关政府信息',
  'needs-creation': '没有现成信息需要另行制作',
  'still-unclear-after-clarification': '补正后申请内容仍不明确',
  'petition-or-complaint': '信访举报投诉类申请',
  'duplicate-request': '重复申请',
  'publication-requested': '要求提供公开出版物',
  'excessive-repeated-requests': '无正当理由大量反复申请',
  'confirm-or-reissue': '要求行政机关确认或重新出具已获取信息',
  'no-clarification': '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'fee-unpaid': '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  other: '其他',
};

/** Why a value is not a valid outcome of the tree; undefined when it is one. */
export function outcomeProblem(value: {
  category: string;
  reason?: string;
  thirdPartyInterest?: string;
  notHeldBecause?: string;
}): { field: string; message: string } | undefined {
  const reasons = OUTCOME_TREE[value.category as OutcomeCategory];
  if (!reasons) {
    return { field: 'outcome.category', message: `must be one of ${OUTCOME_CATEGORIES.join(', ')}` };
  }
  if (reasons.length === 0) {
    if (value.reason !== undefined) return { field: 'outcome.reason', message: `${value.category} takes no reason` };
  } else if (value.reason === undefined || !reasons.includes(value.reason)) {
    return { field: 'outcome.reason', message: `${value.category} takes one of ${reasons.join(', ')}` };
  }
  const wantsInterest = value.category === 'withheld' && value.reason === 'third-party-rights';
  if (wantsInterest && !THIRD_PARTY_INTERESTS.includes(value.thirdPartyInterest as ThirdPartyInterest)) {
    return {
      field: 'outcome.thirdPartyInterest',
      message: `third-party-rights needs thirdPartyInterest: one of ${THIRD_PARTY_INTERESTS.join(', ')}`,
    };
  }
  if (!wantsInterest && value.thirdPartyInterest !== undefined) {
    return { field: 'outcome.thirdPartyInterest', message: 'only a withheld/third-party-rights reply takes it' };
  }
  const wantsNotHeld = value.category === 'cannot-provide' && value.reason === 'not-held';
  if (wantsNotHeld && !NOT_HELD_BECAUSE.includes(value.notHeldBecause as NotHeldBecause)) {
    return {
      field: 'outcome.notHeldBecause',
      message: `not-held needs notHeldBecause: one of ${NOT_HELD_BECAUSE.join(', ')}`,
    };
  }
  if (!wantsNotHeld && value.notHeldBecause !== undefined) {
    return { field: 'outcome.notHeldBecause', message: 'only a cannot-provide/not-held reply takes it' };
  }
  return undefined;
}

// ---- the 2008-era labels and the mapping --------------------------------------------------------

/**
 * What the 2008-era appendix (附表二, under the 2007 条例) counts. 对申请的答复总数 is the sum of all of
 * these; the six `withheld-*` codes are the reasons under 不予公开总数.
 */
export const LEGACY_OUTCOMES = [
  'agreed',
  'partially-agreed',
  'withheld-state-secret',
  'withheld-trade-secret',
  'withheld-personal-privacy',
  'withheld-process-information',
  'withheld-endangers-security-stability',
  'withheld-other-legal-grounds',
  'information-not-exist',
  'outside-remit',
  'unclear-request',
  'duplicate-request',
  'not-government-information',
] as const;
export type LegacyOutcome = (typeof LEGACY_OUTCOMES)[number];

export const LEGACY_OUTCOME_LABELS: Readonly<Record<LegacyOutcome, string>> = {
  agreed: '同意公开',
  'partially-agreed': '同意部分公开',
  'withheld-state-secret': '国家秘密',
  'withheld-trade-secret': '商业秘密',
  'withheld-personal-privacy': '个人隐私',
  'withheld-process-information': '过程中信息且影响安全稳定',
  'withheld-endangers-security-stability': '危及安全和稳定',
  'withheld-other-legal-grounds': '法律法规规定的其他情形',
  'information-not-exist': '信息不存在',
  'outside-remit': '非本机关职责权限范围',
  'unclear-request': '申请内容不明确',
  'duplicate-request': '重复申请',
  'not-government-information': '非政府信息',
};

/** The 2008-era group label over the six withheld reasons. */
export const LEGACY_WITHHELD_GROUP_LABEL = '不予公开';
export const isLegacyWithheld = (o: LegacyOutcome): boolean => o.startsWith('withheld-');

/**
 * One row per national outcome (with its detail where it has one): the 2008-era code it maps to,
 * or null when the 2008-era appendix has no row for it (that reply is then not one of 对申请的答复总数),
 * and why. This table is the documentation; `legacyOutcomeOf` only reads it.
 */
export const LEGACY_MAPPING: ReadonlyArray<{
  readonly category: OutcomeCategory;
  readonly reason?: string;
  readonly detail?: ThirdPartyInterest | NotHeldBecause;
  readonly legacy: LegacyOutcome | null;
  readonly why: string;
}> = [
  { category: 'disclosed', legacy: 'agreed', why: '同一事实: the information is provided in full.' },
  { category: 'partially-disclosed', legacy: 'partially-agreed', why: '同一事实: 区分处理, part provided.' },
  { category: 'withheld', reason: 'state-secret', legacy: 'withheld-state-secret', why: 'Same ground.' },
  {
    category: 'withheld',
    reason: 'prohibited-by-law',
    legacy: 'withheld-other-legal-grounds',
    why: 'Other laws forbidding disclosure were 法律法规规定的其他情形 in the 2008 table.',
  },
  {
    category: 'withheld',
    reason: 'endangers-security-stability',
    legacy: 'withheld-endangers-security-stability',
    why: '三安全一稳定 (national, public, economic security and social stability) is the same ground.',
  },
  {
    category: 'withheld',
    reason: 'third-party-rights',
    detail: 'trade-secret',
    legacy: 'withheld-trade-secret',
    why: 'A third party’s trade secret: 商业秘密.',
  },
  {
    category: 'withheld',
    reason: 'third-party-rights',
    detail: 'personal-privacy',
    legacy: 'withheld-personal-privacy',
    why: 'A third party’s privacy: 个人隐私.',
  },
  {
    category: 'withheld',
    reason: 'third-party-rights',
    detail: 'other',
    legacy: 'withheld-other-legal-grounds',
    why: 'Another protected third-party interest has no own 2008 row.',
  },
  {
    category: 'withheld',
    reason: 'internal-affairs',
    legacy: 'not-government-information',
    why: '国办发〔2010〕5号: internal management information is not government information the 条例 requires to disclose.',
  },
  {
    category: 'withheld',
    reason: 'process-information',
    legacy: 'withheld-process-information',
    why: '过程性信息 was the 2008 row 过程中信息且影响安全稳定.',
  },
  {
    category: 'withheld',
    reason: 'enforcement-case-file',
    legacy: 'withheld-other-legal-grounds',
    why: 'No own 2008 row; withheld under other legal provisions.',
  },
  {
    category: 'withheld',
    reason: 'administrative-inquiry',
    legacy: 'withheld-other-legal-grounds',
    why: 'Registers with their own access rules (e.g. 不动产登记): withheld under other laws in the 2008 table.',
  },
  {
    category: 'cannot-provide',
    reason: 'not-held',
    detail: 'does-not-exist',
    legacy: 'information-not-exist',
    why: '经检索没有: 信息不存在.',
  },
  {
    category: 'cannot-provide',
    reason: 'not-held',
    detail: 'other-agency',
    legacy: 'outside-remit',
    why: 'Another agency is responsible: 非本机关职责权限范围.',
  },
  {
    category: 'cannot-provide',
    reason: 'needs-creation',
    legacy: 'information-not-exist',
    why: 'The information does not exist in the form asked for (国办发〔2010〕5号: no duty to compile or create).',
  },
  {
    category: 'cannot-provide',
    reason: 'still-unclear-after-clarification',
    legacy: 'unclear-request',
    why: 'Same ground: 申请内容不明确.',
  },
  {
    category: 'not-processed',
    reason: 'petition-or-complaint',
    legacy: 'not-government-information',
    why: 'A petition or complaint is not a request for government information.',
  },
  { category: 'not-processed', reason: 'duplicate-request', legacy: 'duplicate-request', why: 'Same ground.' },
  {
    category: 'not-processed',
    reason: 'publication-requested',
    legacy: 'not-government-information',
    why: 'Published books and gazettes are obtained through their own channels, not as government information.',
  },
  {
    category: 'not-processed',
    reason: 'excessive-repeated-requests',
    legacy: 'duplicate-request',
    why: 'Massive repeated requests were answered as 重复申请.',
  },
  {
    category: 'not-processed',
    reason: 'confirm-or-reissue',
    legacy: 'not-government-information',
    why: 'Confirming or re-issuing what the applicant already holds is not a request for government information.',
  },
  {
    category: 'other-processing',
    reason: 'no-clarification',
    legacy: 'unclear-request',
    why: 'The request stayed unclear because the applicant did not clarify it.',
  },
  {
    category: 'other-processing',
    reason: 'fee-unpaid',
    legacy: null,
    why: 'Abandonment by an unpaid fee notice did not exist under the 2007 条例: not a reply in the 2008 table.',
  },
  {
    category: 'other-processing',
    reason: 'other',
    legacy: null,
    why: 'No 2008 row (e.g. a withdrawn request): not a reply in the 2008 table.',
  },
];

/** The 2008-era code of a (valid) national outcome, or null when the 2008-era appendix has no row for it. */
export function legacyOutcomeOf(outcome: Outcome): LegacyOutcome | null {
  const reason = 'reason' in outcome ? outcome.reason : undefined;
  const detail =
    outcome.category === 'withheld'
      ? outcome.thirdPartyInterest
      : outcome.category === 'cannot-provide'
        ? outcome.notHeldBecause
        : undefined;
  const row = LEGACY_MAPPING.find(
    (m) => m.category === outcome.category && m.reason === reason && (m.detail === undefined || m.detail === detail),
  );
  if (!row) throw new Error(`no 2008-era mapping for ${JSON.stringify(outcome)}`);
  return row.legacy;
}

/**
 * A withdrawn request is concluded without a reply. It still has to land in exactly one outcome row
 * so that 一 + 二 = 三（七）+ 四 holds: it counts under 其他处理 · 其他 (inferred from how published
 * reports count withdrawals; not an official definition).
 */
export const WITHDRAWAL_OUTCOME: Outcome = { category: 'other-processing', reason: 'other' };

/**
 * Whether a conclusion answers the request within the statutory time limit at all (答复期限, REPORTS
 * §3): the "deadlines met" of the annual report counts only these. Two conclusions recorded as a
 * reply are the applicant abandoning the request, not the agency answering it, so no time limit
 * applies to them: 逾期不补正 (no clarification by its due date: 视为放弃申请, 2019 条例 第三十条) and
 * an unpaid fee notice lapsing (视为放弃, 国办函〔2020〕109号). A withdrawal (撤回申请) is not a reply
 * either and is recorded as its own event.
 */
export const concludesByReply = (outcome: Outcome): boolean =>
  !(
    outcome.category === 'other-processing' &&
    (outcome.reason === 'no-clarification' || outcome.reason === 'fee-unpaid')
  );
