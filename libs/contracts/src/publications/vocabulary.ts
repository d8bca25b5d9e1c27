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
 * Why a stock-take changed the documents in force: found expired (失效) or missing (not found), or
 * found in force though not counted. The reason as typed stays with the publications service.
 */
export const NORMATIVE_STOCK_CORRECTION_CAUSES = ['expired', 'missing', 'found'] as const;
export type NormativeStockCorrectionCause = (typeof NORMATIVE_STOCK_CORRECTION_CAUSES)[number];

/**
 * Decisions whose yearly count the bureau publishes (本年处理决定数量): 第二十条第（五）项 行政许可 and
 * 第二十条第（六）项 行政处罚 / 行政强制. Their numbers come from several departments' systems (the
 * permits live in an approval system), so the office declares them per period. 行政处罚 and 行政强制
 * are also decided on the enforcement service's cases: the agency chooses per year which counts.
 */
export const DECISION_TYPES = [
  'administrative-licensing',
  'administrative-penalty',
  'administrative-coercion',
] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];
export const DECISION_TYPE_LABELS: Readonly<Record<DecisionType, string>> = {
  'administrative-licensing': '行政许可',
  'administrative-penalty': '行政处罚',
  'administrative-coercion': '行政强制',
};

/**
 * Where a year's count of a decision type comes from: the periods declared here (`declarations`),
 * or the decisions recorded on the enforcement service's cases (`enforcement-cases`, 行政处罚 and
 * 行政强制 only). Until the agency chooses, declarations count once any period is declared.
 */
export const DECISION_COUNT_SOURCES = ['declarations', 'enforcement-cases'] as const;
export type DecisionCountSource = (typeof DECISION_COUNT_SOURCES)[number];
/** The decision types enforcement decides on its cases. */
export const ENFORCEMENT_DECISION_TYPES: readonly DecisionType[] = [
  'administrative-penalty',
  'administrative-coercion',
];

/** Fees whose collected amount the report shows (第二十条第（八）项, in 万元). */
export const FEE_TYPES = ['administrative-fees'] as const;
export type FeeType = (typeof FEE_TYPES)[number];
export const FEE_TYPE_LABELS: Readonly<Record<FeeType, string>> = {
  'administrative-fees': '行政事业性收费',
};

// Reporting periods (`YYYY`, `YYYY-Qn`, `YYYY-MM`) are legal time: see `#contracts/legal-time`.
