// The public event contracts of the `consultations` service (topic `consultations.events`).
//
// What 附表三 咨询情况统计 counts, and where each figure comes from:
// - 网上咨询数 / 现场接待人数 / 咨询电话接听数 (人次): contacts per channel, from
//   ConsultationReceived (one contact each) plus ConsultationsImported (bulk batches: contacts per
//   day and channel); the statistical year is the year of the receipt date.
// - 提供服务类信息数 (条): ServiceInformationProvided — the agency-year's declared total.
// - 网站专栏页面访问量 (人次): PageViewsRecorded — the agency-year's declared total.
// Declared tallies carry the year's whole figure after each declaration (`yearTotal`), so the latest
// event of a tally stream is its current value: re-declaring a period replaces it, never adds to it.
import { z } from 'zod';
import { agencyIdSchema } from '../agencies/index.js';
import { defineEvent, type EventContract, type EventDataOf } from '../registry.js';

/**
 * defineEvent with the data type taken from the schema alone: the example is checked against it
 * instead of widening it (defineEvent infers from both, turning enum values into plain strings).
 */
const event = <TType extends string, S extends z.ZodType>(
  contract: Omit<EventContract<TType, z.output<S>>, 'schema'> & { readonly schema: S },
): EventContract<TType, z.output<S>> => defineEvent<TType, z.output<S>>(contract as EventContract<TType, z.output<S>>);

/** Stable channel codes and the 附表三 row each one counts in. */
export const CONSULTATION_CHANNELS = ['online', 'on-site', 'phone'] as const;
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number];
export const CONSULTATION_CHANNEL_LABELS: Readonly<Record<ConsultationChannel, string>> = {
  online: '网上咨询数',
  'on-site': '现场接待人数',
  phone: '咨询电话接听数',
};

const agencyId = agencyIdSchema;
const legalDate = z.iso.date();
const year = z.number().int().min(2000).max(2100);
/** A calendar month `YYYY-MM` or the whole year `YYYY`. */
const tallyPeriod = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'must be YYYY or YYYY-MM');
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lower-case code (a-z, 0-9, -)');
const count = z.number().int().min(0).max(100_000_000);

export const consultationReceived = event({
  type: 'consultations.ConsultationReceived',
  schemaVersion: 1,
  description:
    'A consultation (咨询) was received through a channel. Counts one contact (人次) in the 附表三 row of its ' +
    'channel, in the year of receivedOn. No personal data: the enquirer is not recorded.',
  schema: z.strictObject({
    agencyId,
    channel: z.enum(CONSULTATION_CHANNELS),
    receivedOn: legalDate,
    /** What it was about, as a code (e.g. `land-registration`, `expropriation`); free text is not kept. */
    topic: code.optional(),
  }),
  example: { agencyId: 'zhuzhou-city', channel: 'phone', receivedOn: '2009-03-02', topic: 'land-registration' },
});

export const consultationAnswered = event({
  type: 'consultations.ConsultationAnswered',
  schemaVersion: 1,
  description: 'The consultation was answered on answeredOn (never before it was received; once only).',
  schema: z.strictObject({ answeredOn: legalDate }),
  example: { answeredOn: '2009-03-02' },
});

export const consultationBatchReceived = event({
  type: 'consultations.ConsultationBatchReceived',
  schemaVersion: 1,
  description:
    'A bulk batch of consultation rows (CSV or NDJSON) was accepted for import under a client-chosen batchId. ' +
    'Bookkeeping only — the figures are in ConsultationsImported. The same batchId with other content is refused.',
  schema: z.strictObject({
    batchId: z.string().min(1).max(100),
    agencyId,
    format: z.enum(['csv', 'ndjson']),
    /** sha256 (base64url) of the batch content with line endings normalised. */
    contentHash: z.string().min(1).max(100),
    rows: count,
    acceptedRows: count,
    rejectedRows: count,
    /** Rows per chunk: chunk k holds the rows numbered k·chunkRows+1 … (k+1)·chunkRows. */
    chunkRows: z.number().int().min(1).max(1_000_000),
    /** How many ConsultationsImported streams the accepted rows go to. */
    chunks: count,
  }),
  example: {
    batchId: 'hotline-2009-q1',
    agencyId: 'zhuzhou-city',
    format: 'csv',
    contentHash: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg',
    rows: 1200,
    acceptedRows: 1198,
    rejectedRows: 2,
    chunkRows: 5000,
    chunks: 1,
  },
});

export const consultationBatchCompleted = event({
  type: 'consultations.ConsultationBatchCompleted',
  schemaVersion: 1,
  description: 'Every accepted row of the batch is committed in its ConsultationsImported chunks.',
  schema: z.strictObject({ batchId: z.string().min(1).max(100), acceptedRows: count, contacts: count }),
  example: { batchId: 'hotline-2009-q1', acceptedRows: 1198, contacts: 1198 },
});

export const consultationsImported = event({
  type: 'consultations.ConsultationsImported',
  schemaVersion: 1,
  description:
    'One chunk of a bulk batch for one agency: its accepted rows (numbered firstRow..lastRow in the batch), ' +
    'summed as contacts (人次) per receipt day and channel (days). Each chunk stream holds exactly one such event, ' +
    'so a re-sent batch cannot count a row twice. Count each day in the year of its date.',
  schema: z.strictObject({
    batchId: z.string().min(1).max(100),
    chunk: z.number().int().min(0),
    /** Rows per chunk of the batch: this chunk covers rows chunk·chunkRows+1 … (chunk+1)·chunkRows. */
    chunkRows: z.number().int().min(1).max(1_000_000),
    agencyId,
    firstRow: z.number().int().min(1),
    lastRow: z.number().int().min(1),
    /** Accepted rows of this agency in firstRow..lastRow. */
    rows: count,
    contacts: count,
    /** Contacts per receipt day and channel, one entry per day with contacts, by date. */
    days: z.array(z.strictObject({ date: legalDate, online: count, 'on-site': count, phone: count })).min(1),
  }),
  example: {
    batchId: 'hotline-2009-q1',
    chunk: 0,
    chunkRows: 5000,
    agencyId: 'zhuzhou-city',
    firstRow: 1,
    lastRow: 1000,
    rows: 999,
    contacts: 1010,
    days: [
      { date: '2009-01-05', online: 0, 'on-site': 410, phone: 590 },
      { date: '2009-01-06', online: 10, 'on-site': 0, phone: 0 },
    ],
  },
});

export const pageViewsRecorded = event({
  type: 'consultations.PageViewsRecorded',
  schemaVersion: 1,
  description:
    'Page views (网站专栏页面访问量, 人次) of the disclosure column were declared for a period (a month or ' +
    'the whole year) and source. A re-declared period replaces its earlier figure (previousViews). yearTotal ' +
    'is the agency-year total over all periods and sources after this declaration: the latest event wins.',
  schema: z.strictObject({
    agencyId,
    year,
    period: tallyPeriod,
    /** Where the views were counted, as a code (e.g. `portal`, `mobile`). */
    source: code,
    views: count,
    previousViews: count.nullable(),
    yearTotal: count,
  }),
  example: {
    agencyId: 'zhuzhou-city',
    year: 2009,
    period: '2009',
    source: 'portal',
    views: 32800,
    previousViews: null,
    yearTotal: 32800,
  },
});

export const serviceInformationProvided = event({
  type: 'consultations.ServiceInformationProvided',
  schemaVersion: 1,
  description:
    'Service information items provided (提供服务类信息数, 条) were declared for a period (a month or the ' +
    'whole year). A re-declared period replaces its earlier figure (previousItems). yearTotal is the ' +
    'agency-year total after this declaration: the latest event wins.',
  schema: z.strictObject({
    agencyId,
    year,
    period: tallyPeriod,
    items: count,
    previousItems: count.nullable(),
    yearTotal: count,
  }),
  example: {
    agencyId: 'zhuzhou-city',
    year: 2009,
    period: '2009',
    items: 78810,
    previousItems: null,
    yearTotal: 78810,
  },
});

export type ConsultationReceivedData = EventDataOf<typeof consultationReceived>;
export type ConsultationAnsweredData = EventDataOf<typeof consultationAnswered>;
export type ConsultationBatchReceivedData = EventDataOf<typeof consultationBatchReceived>;
export type ConsultationBatchCompletedData = EventDataOf<typeof consultationBatchCompleted>;
export type ConsultationsImportedData = EventDataOf<typeof consultationsImported>;
export type PageViewsRecordedData = EventDataOf<typeof pageViewsRecorded>;
export type ServiceInformationProvidedData = EventDataOf<typeof serviceInformationProvided>;

export const consultationsContracts: readonly EventContract[] = [
  consultationReceived,
  consultationAnswered,
  consultationBatchReceived,
  consultationBatchCompleted,
  consultationsImported,
  pageViewsRecorded,
  serviceInformationProvided,
] as readonly EventContract[];
