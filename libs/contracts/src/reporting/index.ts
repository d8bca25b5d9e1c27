// The public event contracts of the `reporting` service (topic `reporting.events`): the life of an
// annual report on government information disclosure (政府信息公开工作年度报告) of one agency — or of
// an agency rolled up with the agencies below it — for one statistical year. Stream id:
// `annual-report:<agencyId>:<scope>:<year>`.
import { z } from 'zod';
import { defineEvent, type EventContract } from '../registry.js';
import { agencyRegistryContracts } from './agencies.js';

export * from './agencies.js';
export type * from './report-tables.js';

const isoDate = z.iso.date();
const scope = z
  .enum(['agency', 'rollup'])
  .describe("'agency': the agency's own cases; 'rollup': with every agency below it");
const year = z.number().int().min(2000).max(2999);
const template = z
  .enum(['2008', 'national-2021'])
  .describe("'2008': the 2008-era appendix; 'national-2021': 国办公开办函〔2021〕30号");

/** One figure of a report keyed by its printed labels (table id, row label path, column label). */
export const figureSchema = z.strictObject({
  table: z.string().min(1).max(40),
  path: z.array(z.string().min(1).max(120)).min(1).max(6),
  column: z.string().min(1).max(40).optional(),
  value: z.number(),
});

/**
 * One part of an explained figure (issue 16.2/16.3): whose it is, where it comes from (`declarations`,
 * `enforcement-cases`, `opening-stock`, `issued`, `repealed`, `corrections`) and what it adds.
 */
const figurePart = z.strictObject({
  agencyId: z.string().min(1).max(80).optional(),
  source: z.string().min(1).max(40),
  value: z.number(),
  asOf: isoDate.optional(),
  chosen: z.boolean().optional(),
  notUsed: z.strictObject({ source: z.string().min(1).max(40), value: z.number().nullable() }).optional(),
});
/** A figure the office answers for, with the parts it is made of (they add up to its value). */
const explainedFigure = figureSchema.extend({ parts: z.array(figurePart).max(2000) });

/** A section of the report document (issue 17): `s1` … (`intro` for the 2008-era 引言). */
const sectionId = z.string().regex(/^(intro|s\d{1,2})$/);
/** A literal figure the office typed, and the report cell it stated when the text was saved. */
const binding = z.strictObject({
  sentence: z.number().int().min(0).max(10_000),
  literal: z.string().min(1).max(40),
  address: z.string().min(1).max(400),
});

export const factsDeclared = defineEvent({
  type: 'reporting.FactsDeclared',
  schemaVersion: 1,
  description:
    'The disclosure office declared the figures no case records: staff designated for disclosure work ' +
    '(政府信息公开指定专职人员, full-time 全职 and part-time 兼职) and the actual expenditure on disclosure work ' +
    '(处理政府信息公开的实际支出, in 万元). A later declaration replaces an earlier one; who declared it is the actor.',
  schema: z.strictObject({
    scope,
    year,
    fullTimeStaff: z.number().int().min(0).max(100_000),
    partTimeStaff: z.number().int().min(0).max(100_000),
    expenditureWanYuan: z.number().min(0).max(1_000_000),
  }),
  example: { scope: 'rollup', year: 2009, fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 },
});

export const yearClosed = defineEvent({
  type: 'reporting.YearClosed',
  schemaVersion: 1,
  description:
    'The agency-year was closed: its figures are frozen as they stood, in both templates, with a manifest of the input ' +
    'consumed (per topic-partition offsets, event counts, the projection version) and a content hash per template. ' +
    'Events that arrive later for the year do not change these figures; they are listed as post-close adjustments.',
  schema: z.strictObject({
    scope,
    year,
    /** 1 for the first close, 2 after one reopening, … */
    closeNumber: z.number().int().min(1),
    closedOn: isoDate,
    manifest: z.strictObject({
      projectionVersion: z.string().min(1).max(40),
      watermark: z
        .array(
          z.strictObject({
            topic: z.string().min(1),
            partition: z.number().int().min(0),
            offset: z.string().regex(/^\d+$/),
          }),
        )
        .describe('per topic-partition: the next offset the projection had not yet applied'),
      eventCounts: z.array(z.strictObject({ topic: z.string().min(1), events: z.number().int().min(0) })),
      factCount: z.number().int().min(0),
      excludedFacts: z.number().int().min(0),
    }),
    reports: z
      .array(
        z.strictObject({
          template,
          asOf: isoDate,
          contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
          figures: z.array(figureSchema),
          explanation: z
            .array(explainedFigure)
            .max(200)
            .optional()
            .describe(
              'how the figures the office answers for were made as closed: 行政许可/处罚/强制 with the source of each ' +
                "agency's count, 现行有效件数 as opening stock + issued − repealed ± corrections; absent in closes made " +
                'before it was kept, and for templates without such figures',
            ),
        }),
      )
      .min(1),
    narrative: z
      .strictObject({
        previousYear: z
          .array(z.strictObject({ template, figures: z.array(figureSchema) }))
          .describe(
            "last year's figures the text compares with ({{上年.…}}, {{增减.…}}); empty when last year has none",
          ),
        measures: z
          .array(figureSchema)
          .optional()
          .describe(
            'the derived measures the text cites that no statutory table has (table measure-reply-deadlines, ' +
              '{{期限.…}}: concluded requests answered within / after the statutory deadline), frozen with the text; ' +
              'absent in closes made before they were kept',
          ),
        documents: z.array(
          z.strictObject({
            template,
            documentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
            sections: z.array(
              z.strictObject({
                id: sectionId,
                generated: z.boolean(),
                paragraphs: z.array(z.string().max(20_000)).max(200),
                bindings: z.array(binding).max(1000).optional(),
                editedBy: z.string().max(200).optional(),
                editedAt: z.string().max(40).optional(),
              }),
            ),
          }),
        ),
      })
      .optional()
      .describe(
        "the report document's text as closed, per template: every section's paragraphs with their placeholders " +
          '(bound to the frozen figures), drafted or edited by whom and when, and a hash over text and figures',
      ),
  }),
  example: {
    scope: 'agency',
    year: 2009,
    closeNumber: 1,
    closedOn: '2010-01-15',
    manifest: {
      projectionVersion: 'facts-v1',
      watermark: [{ topic: 'applications.events', partition: 0, offset: '42' }],
      eventCounts: [{ topic: 'applications.events', events: 42 }],
      factCount: 14,
      excludedFacts: 0,
    },
    reports: [
      {
        template: '2008',
        asOf: '2009-12-31',
        contentHash: `sha256:${'0'.repeat(64)}`,
        figures: [{ table: '2008-2', path: ['受理申请总数'], value: 14 }],
      },
    ],
  },
});

export const narrativeEdited = defineEvent({
  type: 'reporting.NarrativeEdited',
  schemaVersion: 1,
  description:
    'The office replaced the text of one section of the report document (政府信息公开工作年度报告正文) in a template. The text is ' +
    'about the report, not about a person: it is what the agency will publish (ADR 0013). Figures in it are ' +
    'placeholders ({{三.本年新收政府信息公开申请数量.总计}}) resolved against the report, or literal figures bound to the cell ' +
    'they stated when saved (`bindings`). Who edited is the actor, when is recordedAt. The last edit of a section wins; ' +
    'edits are kept across regenerations and frozen by the next close.',
  schema: z.strictObject({
    scope,
    year,
    template,
    sectionId,
    text: z.string().trim().min(1).max(20_000),
    bindings: z.array(binding).max(1000),
  }),
  example: {
    scope: 'rollup',
    year: 2009,
    template: 'national-2021',
    sectionId: 's1',
    text: '全年共受理政府信息公开申请14件，均已按期答复。',
    bindings: [{ sentence: 0, literal: '14', address: '三.本年新收政府信息公开申请数量.总计' }],
  },
});

export const yearReopened = defineEvent({
  type: 'reporting.YearReopened',
  schemaVersion: 1,
  description:
    'A closed (or published) agency-year was reopened, with the reason; its figures are live again until the next close.',
  schema: z.strictObject({
    scope,
    year,
    reopenedCloseNumber: z.number().int().min(1),
    reason: z.string().trim().min(5).max(2000),
  }),
  example: {
    scope: 'agency',
    year: 2009,
    reopenedCloseNumber: 1,
    reason: 'a reply dated 2009-12-30 was recorded late',
  },
});

export const reportPublished = defineEvent({
  type: 'reporting.ReportPublished',
  schemaVersion: 1,
  description:
    'The closed report was published. The statutory deadline is 31 January of the next year (2019 条例第四十九条; 31 March ' +
    'under the 2007 条例, for years before 2019); `onTime` says whether it was met.',
  schema: z.strictObject({
    scope,
    year,
    closeNumber: z.number().int().min(1),
    publishedOn: isoDate,
    deadline: isoDate,
    onTime: z.boolean(),
    contentHashes: z.array(z.strictObject({ template, contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/) })).min(1),
  }),
  example: {
    scope: 'rollup',
    year: 2009,
    closeNumber: 1,
    publishedOn: '2010-04-19',
    deadline: '2010-03-31',
    onTime: false,
    contentHashes: [{ template: '2008', contentHash: `sha256:${'0'.repeat(64)}` }],
  },
});

export type FactsDeclaredData = z.infer<typeof factsDeclared.schema>;
export type YearClosedData = z.infer<typeof yearClosed.schema>;
export type YearReopenedData = z.infer<typeof yearReopened.schema>;
export type NarrativeEditedData = z.infer<typeof narrativeEdited.schema>;
export type ReportPublishedData = z.infer<typeof reportPublished.schema>;

export const reportingContracts: readonly EventContract[] = [
  factsDeclared,
  yearClosed,
  yearReopened,
  reportPublished,
  narrativeEdited,
  ...agencyRegistryContracts,
];
