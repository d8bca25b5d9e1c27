// The events of the `publications` service (主动公开), on `publications.events` keyed by stream id.
// Legal dates are `YYYY-MM-DD` (Asia/Shanghai); the envelope's `occurredAt` is that date at
// 00:00+08:00. Declared figures carry the whole year's value after the declaration, so the latest
// event of a figure stream is its current value: re-declaring a period replaces it, never adds to it.
import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { textFreeVersion, textNote } from '../free-text.js';
import { agencyIdSchema } from '../agencies/index.js';
import {
  DECISION_COUNT_SOURCES,
  DECISION_TYPES,
  FEE_TYPES,
  NORMATIVE_DOCUMENT_KINDS,
  NORMATIVE_STOCK_CORRECTION_CAUSES,
  PUBLICATION_CATEGORIES,
} from './vocabulary.js';
import { PERIOD_PATTERN } from '../legal-time/period.js';

const legalDate = z.iso.date();
const agencyId = agencyIdSchema;
const title = z.string().min(1).max(500);
const year = z.number().int().min(2000).max(2100);
const period = z.string().regex(PERIOD_PATTERN, 'must be YYYY, YYYY-Qn or YYYY-MM');
const count = z.number().int().min(0).max(100_000_000);
/** Money in fen (0.01 yuan): whole numbers, no rounding on the way to the report's 万元. */
const fen = z.number().int().min(0).max(1_000_000_000_000);

// Version 1 of five events carried the title, 文号 or reason as typed; from version 2 that text
// stays in the publications service (free text is personal data by default, DESIGN §4).
const published = textFreeVersion(
  z.strictObject({
    agencyId,
    title,
    category: z.enum(PUBLICATION_CATEGORIES),
    /** 全文电子化: the full text is available electronically. */
    fullTextElectronic: z.boolean(),
    publishedOn: legalDate,
  }),
  ['title'],
);
const publishedSchema = published.schema;
const retracted = textFreeVersion(z.strictObject({ retractedOn: legalDate, reason: z.string().min(1).max(500) }), [
  'reason',
]);
const retractedSchema = retracted.schema;
const listed = textFreeVersion(z.strictObject({ agencyId, title, listedOn: legalDate }), ['title']);
const listedSchema = listed.schema;
const delistedSchema = z.strictObject({ delistedOn: legalDate });
const issued = textFreeVersion(
  z.strictObject({
    agencyId,
    kind: z.enum(NORMATIVE_DOCUMENT_KINDS),
    title,
    /** 文号, e.g. 株国土资发〔2009〕12号, when it has one. */
    documentNumber: z.string().min(1).max(100).optional(),
    issuedOn: legalDate,
  }),
  ['title', 'documentNumber'],
);
const issuedSchema = issued.schema;
const repealed = textFreeVersion(
  z.strictObject({ repealedOn: legalDate, reason: z.string().min(1).max(500).optional() }),
  ['reason'],
);
const repealedSchema = repealed.schema;
const decisionCountSchemaV1 = z.strictObject({
  agencyId,
  decisionType: z.enum(['administrative-licensing']),
  year,
  period,
  count,
  previousCount: count.nullable(),
  yearTotal: count,
});
// Version 2 adds 行政处罚 and 行政强制 to the decision types (version 1 knew only 行政许可): a reader of
// version 1 would refuse them, so they come under a new version; a version-1 event reads unchanged.
const decisionCountSchema = z.strictObject({
  agencyId,
  decisionType: z.enum(DECISION_TYPES),
  year,
  period,
  count,
  /** The count this declaration replaces for the same period; null for the first declaration. */
  previousCount: count.nullable(),
  /** The year's count over all its declared periods, after this declaration. */
  yearTotal: count,
});
const feesCollectedSchema = z.strictObject({
  agencyId,
  feeType: z.enum(FEE_TYPES),
  year,
  period,
  amountFen: fen,
  previousAmountFen: fen.nullable(),
  yearTotalFen: fen,
});

const decisionCountSourceSchema = z.strictObject({
  agencyId,
  decisionType: z.enum(DECISION_TYPES),
  year,
  source: z.enum(DECISION_COUNT_SOURCES),
});
const normativeStockSchema = z.strictObject({
  agencyId,
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS),
  /** The day the count was taken: documents in force at the end of it. */
  asOf: legalDate,
  count,
  /** The opening stock this declaration replaces; null for the first. */
  previous: z.strictObject({ asOf: legalDate, count }).nullable(),
});
const normativeStockCorrectedSchema = z.strictObject({
  agencyId,
  kind: z.enum(NORMATIVE_DOCUMENT_KINDS),
  correctedOn: legalDate,
  /** Documents added to (found) or taken from (expired, missing) the stock in force: never 0. */
  change: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, 'a correction changes the stock'),
  cause: z.enum(NORMATIVE_STOCK_CORRECTION_CAUSES),
});

export type InformationPublishedData = z.infer<typeof publishedSchema>;
export type PublicationRetractedData = z.infer<typeof retractedSchema>;
export type CatalogueEntryListedData = z.infer<typeof listedSchema>;
export type CatalogueEntryDelistedData = z.infer<typeof delistedSchema>;
export type NormativeDocumentIssuedData = z.infer<typeof issuedSchema>;
export type NormativeDocumentRepealedData = z.infer<typeof repealedSchema>;
export type DecisionCountDeclaredData = z.infer<typeof decisionCountSchema>;
export type FeesCollectedDeclaredData = z.infer<typeof feesCollectedSchema>;
export type DecisionCountSourceChosenData = z.infer<typeof decisionCountSourceSchema>;
export type NormativeStockDeclaredData = z.infer<typeof normativeStockSchema>;
export type NormativeStockCorrectedData = z.infer<typeof normativeStockCorrectedSchema>;

export const informationPublished = defineEvent<'publications.InformationPublished', InformationPublishedData>({
  type: 'publications.InformationPublished',
  schemaVersion: 2,
  history: published.history,
  description:
    'The agency published a piece of government information on its own initiative (主动公开), counted in ' +
    '主动公开信息数 of the year of publishedOn, and in 其中：全文电子化 when fullTextElectronic.' +
    textNote(['title']),
  schema: publishedSchema,
  example: {
    agencyId: 'zhuzhou-city',
    category: 'planning',
    fullTextElectronic: true,
    publishedOn: '2009-04-15',
  },
});

export const publicationRetracted = defineEvent<'publications.PublicationRetracted', PublicationRetractedData>({
  type: 'publications.PublicationRetracted',
  schemaVersion: 2,
  history: retracted.history,
  description:
    'A publication was recorded in error or taken down; it no longer counts from then on.' + textNote(['reason']),
  schema: retractedSchema,
  example: { retractedOn: '2009-05-02' },
});

export const catalogueEntryListed = defineEvent<'publications.CatalogueEntryListed', CatalogueEntryListedData>({
  type: 'publications.CatalogueEntryListed',
  schemaVersion: 2,
  history: listed.history,
  description:
    'An item was added to the catalogue of information available on request (依申请公开信息目录).' +
    textNote(['title']),
  schema: listedSchema,
  example: { agencyId: 'zhuzhou-city', listedOn: '2009-02-01' },
});

export const catalogueEntryDelisted = defineEvent<'publications.CatalogueEntryDelisted', CatalogueEntryDelistedData>({
  type: 'publications.CatalogueEntryDelisted',
  schemaVersion: 1,
  description: 'An item was removed from the catalogue of information available on request.',
  schema: delistedSchema,
  example: { delistedOn: '2010-01-15' },
});

export const normativeDocumentIssued = defineEvent<'publications.NormativeDocumentIssued', NormativeDocumentIssuedData>(
  {
    type: 'publications.NormativeDocumentIssued',
    schemaVersion: 2,
    history: issued.history,
    description:
      'A 规章 (kind rule) or 行政规范性文件 (kind normative-document) was issued: 本年制发 in the year of issuedOn, ' +
      'and 现行有效 until repealed.' +
      textNote(['title', 'documentNumber']),
    schema: issuedSchema,
    example: {
      agencyId: 'zhuzhou-city',
      kind: 'normative-document',
      issuedOn: '2009-06-01',
    },
  },
);

export const normativeDocumentRepealed = defineEvent<
  'publications.NormativeDocumentRepealed',
  NormativeDocumentRepealedData
>({
  type: 'publications.NormativeDocumentRepealed',
  schemaVersion: 2,
  history: repealed.history,
  description:
    'The document was repealed (废止): 本年废止 in the year of repealedOn, no longer 现行有效.' + textNote(['reason']),
  schema: repealedSchema,
  example: { repealedOn: '2019-12-31' },
});

export const decisionCountDeclared = defineEvent<'publications.DecisionCountDeclared', DecisionCountDeclaredData>({
  type: 'publications.DecisionCountDeclared',
  schemaVersion: 2,
  history: [{ schemaVersion: 1, schema: decisionCountSchemaV1, upcast: (data) => data }],
  description:
    'The number of decisions of a type (行政许可, 行政处罚, 行政强制) the agency made in a period, as taken from the ' +
    'department’s system that records them (which system, and any note, stay in the publications service: free ' +
    'text). Re-declaring a period replaces its count; yearTotal is the year’s count after this declaration ' +
    '(本年处理决定数量). Stream: one per agency, decision type and year.',
  schema: decisionCountSchema,
  example: {
    agencyId: 'zhuzhou-city',
    decisionType: 'administrative-licensing',
    year: 2021,
    period: '2021-Q1',
    count: 118,
    previousCount: null,
    yearTotal: 118,
  },
});

export const feesCollectedDeclared = defineEvent<'publications.FeesCollectedDeclared', FeesCollectedDeclaredData>({
  type: 'publications.FeesCollectedDeclared',
  schemaVersion: 1,
  description:
    'The amount of 行政事业性收费 the agency collected in a period, in fen. Re-declaring a period replaces its ' +
    'amount; yearTotalFen is the year’s amount after this declaration (the report shows it in 万元). Stream: one per ' +
    'agency, fee type and year.',
  schema: feesCollectedSchema,
  example: {
    agencyId: 'zhuzhou-city',
    feeType: 'administrative-fees',
    year: 2021,
    period: '2021-03',
    amountFen: 152_000_00,
    previousAmountFen: null,
    yearTotalFen: 152_000_00,
  },
});

export const decisionCountSourceChosen = defineEvent<
  'publications.DecisionCountSourceChosen',
  DecisionCountSourceChosenData
>({
  type: 'publications.DecisionCountSourceChosen',
  schemaVersion: 1,
  description:
    'The agency chose where the year’s count of a decision type comes from: the periods declared for it ' +
    '(declarations), or the decisions recorded on the enforcement service’s cases (enforcement-cases; 行政处罚 and ' +
    '行政强制 only). Until chosen, declarations count once any period is declared, else enforcement’s cases. ' +
    'Stream: the decision type’s stream of the agency and year.',
  schema: decisionCountSourceSchema,
  example: {
    agencyId: 'zhuzhou-city',
    decisionType: 'administrative-penalty',
    year: 2021,
    source: 'enforcement-cases',
  },
});

export const normativeStockDeclared = defineEvent<'publications.NormativeStockDeclared', NormativeStockDeclaredData>({
  type: 'publications.NormativeStockDeclared',
  schemaVersion: 1,
  description:
    'The opening stock of 规章 (kind rule) or 行政规范性文件 (kind normative-document) in force at the end of asOf, ' +
    'counted by the office when it started recording documents here: 现行有效件数 of a later year is this stock + ' +
    'documents issued after asOf − documents repealed after asOf ± corrections. Re-declaring replaces it. Stream: ' +
    'one per agency and kind (normative-stock.<kind>.<agencyId>).',
  schema: normativeStockSchema,
  example: { agencyId: 'zhuzhou-city', kind: 'normative-document', asOf: '2020-12-31', count: 470, previous: null },
});

export const normativeStockCorrected = defineEvent<'publications.NormativeStockCorrected', NormativeStockCorrectedData>(
  {
    type: 'publications.NormativeStockCorrected',
    schemaVersion: 1,
    description:
      'A stock-take corrected the documents in force of a kind from correctedOn on: change < 0 for documents found ' +
      'expired (expired) or missing (missing), change > 0 for documents in force that were not counted (found). The ' +
      'reason as typed is free text and stays in the publications service. Stream: the kind’s stock stream of the agency.',
    schema: normativeStockCorrectedSchema,
    example: {
      agencyId: 'zhuzhou-city',
      kind: 'normative-document',
      correctedOn: '2021-06-30',
      change: -3,
      cause: 'expired',
    },
  },
);
