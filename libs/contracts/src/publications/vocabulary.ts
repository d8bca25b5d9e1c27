// Codes used in the `publications` contracts, with the Chinese label each stands for.

/**
 * The subject of a proactive publication (主动公开). Informational: the annual report counts all
 * publications (主动公开信息数) and the fully electronic ones (其中：全文电子化), not per category.
 */
export const PUBLICATION_CATEGORIES = [
  'institution',
  'laws-and-policies',
  'planning',
  'statistics',
  'administrative-licensing',
  'land-supply',
  'land-requisition',
  'mineral-rights',
  'enforcement',
  'fees',
  'procurement',
  'personnel',
  'emergency',
  'work-updates',
  'other',
] as const;
export type PublicationCategory = (typeof PUBLICATION_CATEGORIES)[number];

export const PUBLICATION_CATEGORY_LABELS: Readonly<Record<PublicationCategory, string>> = {
  institution: '机构职能',
  'laws-and-policies': '法规政策',
  planning: '规划计划',
  statistics: '统计信息',
  'administrative-licensing': '行政许可',
  'land-supply': '土地供应',
  'land-requisition': '征地信息',
  'mineral-rights': '矿业权',
  enforcement: '执法监察',
  fees: '收费项目',
  procurement: '政府采购',
  personnel: '人事信息',
  emergency: '应急管理',
  'work-updates': '工作动态',
  other: '其他',
};

/** The rows of 第二十条第（一）项 in the national format. */
export const NORMATIVE_DOCUMENT_KINDS = ['rule', 'normative-document'] as const;
export type NormativeDocumentKind = (typeof NORMATIVE_DOCUMENT_KINDS)[number];

export const NORMATIVE_DOCUMENT_KIND_LABELS: Readonly<Record<NormativeDocumentKind, string>> = {
  rule: '规章',
  'normative-document': '行政规范性文件',
};

/**
 * Decisions whose yearly count the bureau publishes here (第二十条第（五）项 行政许可). The permits
 * themselves live in another system; 行政处罚 and 行政强制 are counted by the enforcement service.
 */
export const DECISION_TYPES = ['administrative-licensing'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];
export const DECISION_TYPE_LABELS: Readonly<Record<DecisionType, string>> = {
  'administrative-licensing': '行政许可',
};

/** Fees whose collected amount the report shows (第二十条第（八）项, in 万元). */
export const FEE_TYPES = ['administrative-fees'] as const;
export type FeeType = (typeof FEE_TYPES)[number];
export const FEE_TYPE_LABELS: Readonly<Record<FeeType, string>> = {
  'administrative-fees': '行政事业性收费',
};

// Reporting periods (`YYYY`, `YYYY-Qn`, `YYYY-MM`) are legal time: see `#contracts/legal-time`.
