// The public event contracts of the `enforcement` service (topic `enforcement.events`).
//
// What the reports count, and from which event (each in the year of the event's legal date):
// - 发现违法用地、采矿行为 (起): ViolationDiscovered; 现场制止: StoppedOnSite; 立案查处: CaseFiled;
//   结案: CaseClosed. 市本级 = cases whose level is `city` (the city bureau's own cases);
//   结案率 = closed / filed of the same cases.
// - National format 二, 第二十条第（六）项 本年处理决定数量: 行政处罚 = PenaltyDecided,
//   行政强制 = CoerciveMeasureTaken (one decision each, in the year of decidedOn).
// - 认定闲置土地 (宗 / 亩): IdleLandDetermined; 卫片执法 (图斑 / 宗地 / 亩 / 违法用地宗): PatchesInspected;
//   拆除违法建设 (栋(处) / 平方米): DemolitionCompleted.
import { z } from 'zod';
import { agencyIdSchema } from '../agencies/index.js';
import { defineEvent, type EventContract, type EventDataOf } from '../registry.js';
import { caseTextsErasedContract, textFreeVersion, textNote } from '../free-text.js';

/**
 * defineEvent with the data type taken from the schema alone: the example is checked against it
 * instead of widening it (defineEvent infers from both, turning enum values into plain strings).
 */
const event = <TType extends string, S extends z.ZodType>(
  contract: Omit<EventContract<TType, z.output<S>>, 'schema'> & { readonly schema: S },
): EventContract<TType, z.output<S>> => defineEvent<TType, z.output<S>>(contract as EventContract<TType, z.output<S>>);

/** 违法用地 (illegal land use) or 违法采矿 (illegal mining). */
export const VIOLATION_KINDS = ['land', 'mining'] as const;
export const VIOLATION_KIND_LABELS = { land: '违法用地', mining: '违法采矿' } as const;

/** How the violation came to light: 动态巡查, 卫片 (satellite images), 举报 (a report), 其他. */
export const VIOLATION_SOURCES = ['patrol', 'satellite', 'report', 'other'] as const;
export const VIOLATION_SOURCE_LABELS = {
  patrol: '动态巡查',
  satellite: '卫片',
  report: '举报',
  other: '其他',
} as const;

/** 市本级 (the city bureau's own case) or a county-level bureau's case. */
export const CASE_LEVELS = ['city', 'county'] as const;
export const CASE_LEVEL_LABELS = { city: '市本级', county: '县级' } as const;

/** Kinds of 行政处罚 in a penalty decision (行政处罚法 第九条, the ones land cases use). */
export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'demolition-order', 'restore-land', 'other'] as const;
export const PENALTY_KIND_LABELS = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  'demolition-order': '责令限期拆除',
  'restore-land': '责令退还土地、恢复原状',
  other: '其他',
} as const;

/** 行政强制: a coercive measure (查封, 扣押) or enforcement (强制拆除, 申请法院强制执行…). */
export const COERCIVE_MEASURES = ['sealing', 'seizure', 'enforced-demolition', 'court-enforcement', 'other'] as const;
export const COERCIVE_MEASURE_LABELS = {
  sealing: '查封场所、设施或者财物',
  seizure: '扣押财物',
  'enforced-demolition': '强制拆除',
  'court-enforcement': '申请人民法院强制执行',
  other: '其他',
} as const;

const agencyId = agencyIdSchema;
const legalDate = z.iso.date();
const reference = z.string().trim().min(1).max(60);
const mu = z.number().nonnegative().max(10_000_000);
const count = z.number().int().min(0).max(10_000_000);

export const violationDiscovered = event({
  type: 'enforcement.ViolationDiscovered',
  schemaVersion: 1,
  description:
    'An illegal land use (违法用地) or illegal mining (违法采矿) was discovered: opens a violation case. ' +
    'Counts in 发现违法用地、采矿行为 in the year of discoveredOn. level is derived from the agency.',
  schema: z.strictObject({
    agencyId,
    level: z.enum(CASE_LEVELS),
    kind: z.enum(VIOLATION_KINDS),
    source: z.enum(VIOLATION_SOURCES),
    discoveredOn: legalDate,
    /** Area concerned, in mu (亩); 0 when not measured (e.g. underground mining). */
    areaMu: mu,
  }),
  example: {
    agencyId: 'zhuzhou-city',
    level: 'city',
    kind: 'land',
    source: 'patrol',
    discoveredOn: '2009-04-07',
    areaMu: 2.5,
  },
});

export const stoppedOnSite = event({
  type: 'enforcement.StoppedOnSite',
  schemaVersion: 1,
  description: 'The violation was stopped on site (现场制止). Only before the case is filed, once.',
  schema: z.strictObject({ stoppedOn: legalDate }),
  example: { stoppedOn: '2009-04-07' },
});

const filed = textFreeVersion(z.strictObject({ filedOn: legalDate, caseNumber: reference.optional() }), ['caseNumber']);
export const caseFiled = event({
  type: 'enforcement.CaseFiled',
  schemaVersion: 2,
  history: filed.history,
  description:
    'The case was filed for investigation (立案查处), once. Counts in the year of filedOn.' + textNote(['caseNumber']),
  schema: filed.schema,
  example: { filedOn: '2009-04-20' },
});

const penalty = textFreeVersion(
  z.strictObject({
    decidedOn: legalDate,
    decisionNumber: reference.optional(),
    penalties: z.array(z.enum(PENALTY_KINDS)).min(1).max(PENALTY_KINDS.length),
    /** Total fine in yuan; present when `fine` is among the penalties. */
    fineYuan: z.number().nonnegative().max(10_000_000_000).optional(),
  }),
  ['decisionNumber'],
);
export const penaltyDecided = event({
  type: 'enforcement.PenaltyDecided',
  schemaVersion: 2,
  history: penalty.history,
  description:
    'An administrative penalty decision (行政处罚决定) was taken on a filed case. Each decision counts once ' +
    'in 行政处罚 本年处理决定数量, in the year of decidedOn.' +
    textNote(['decisionNumber']),
  schema: penalty.schema,
  example: { decidedOn: '2009-06-01', penalties: ['fine'], fineYuan: 12000 },
});

const coercive = textFreeVersion(
  z.strictObject({
    decidedOn: legalDate,
    decisionNumber: reference.optional(),
    measure: z.enum(COERCIVE_MEASURES),
  }),
  ['decisionNumber'],
);
export const coerciveMeasureTaken = event({
  type: 'enforcement.CoerciveMeasureTaken',
  schemaVersion: 2,
  history: coercive.history,
  description:
    'An administrative coercive measure or enforcement (行政强制) was decided on a filed case. Each counts ' +
    'once in 行政强制 本年处理决定数量, in the year of decidedOn.' +
    textNote(['decisionNumber']),
  schema: coercive.schema,
  example: { decidedOn: '2009-06-15', measure: 'enforced-demolition' },
});

export const caseClosed = event({
  type: 'enforcement.CaseClosed',
  schemaVersion: 1,
  description: 'The filed case was closed (结案), once. Counts in the year of closedOn.',
  schema: z.strictObject({ closedOn: legalDate }),
  example: { closedOn: '2009-09-30' },
});

const idle = textFreeVersion(
  z.strictObject({
    agencyId,
    determinedOn: legalDate,
    parcels: z.number().int().min(1).max(100_000),
    areaMu: mu.positive(),
    reference: reference.optional(),
  }),
  ['reference'],
);
export const idleLandDetermined = event({
  type: 'enforcement.IdleLandDetermined',
  schemaVersion: 2,
  history: idle.history,
  description:
    'Land was determined idle (认定闲置土地): parcels (宗) and area (亩), in the year of determinedOn.' +
    textNote(['reference']),
  schema: idle.schema,
  example: { agencyId: 'zhuzhou-city', determinedOn: '2009-11-02', parcels: 28, areaMu: 762 },
});

export const patchesInspected = event({
  type: 'enforcement.PatchesInspected',
  schemaVersion: 1,
  description:
    'Satellite-image law enforcement (卫片执法) inspected patches (图斑) in the campaign of campaignYear: the ' +
    'land parcels (宗地) and area (亩) they cover, and the illegal land uses found (违法用地, 宗). A campaign ' +
    'may record several rounds; the figures of all rounds add up.',
  schema: z.strictObject({
    agencyId,
    campaignYear: z.number().int().min(2000).max(2100),
    inspectedOn: legalDate,
    patches: count,
    parcels: count,
    areaMu: mu,
    violations: count,
  }),
  example: {
    agencyId: 'zhuzhou-city',
    campaignYear: 2009,
    inspectedOn: '2009-12-10',
    patches: 117,
    parcels: 77,
    areaMu: 6041,
    violations: 8,
  },
});

const demolished = textFreeVersion(
  z.strictObject({
    agencyId,
    completedOn: legalDate,
    buildings: z.number().int().min(1).max(1_000_000),
    floorAreaM2: z.number().positive().max(1_000_000_000),
    reference: reference.optional(),
  }),
  ['reference'],
);
export const demolitionCompleted = event({
  type: 'enforcement.DemolitionCompleted',
  schemaVersion: 2,
  history: demolished.history,
  description:
    'Illegal buildings were demolished (拆除违法建设): buildings (栋(处)) and floor area in m² (the report ' +
    'shows 万平方米 = m² / 10000), in the year of completedOn.' +
    textNote(['reference']),
  schema: demolished.schema,
  example: { agencyId: 'zhuzhou-city', completedOn: '2009-12-31', buildings: 2178, floorAreaM2: 201800 },
});

export type ViolationDiscoveredData = EventDataOf<typeof violationDiscovered>;
export type StoppedOnSiteData = EventDataOf<typeof stoppedOnSite>;
export type CaseFiledData = EventDataOf<typeof caseFiled>;
export type PenaltyDecidedData = EventDataOf<typeof penaltyDecided>;
export type CoerciveMeasureTakenData = EventDataOf<typeof coerciveMeasureTaken>;
export type CaseClosedData = EventDataOf<typeof caseClosed>;
export type IdleLandDeterminedData = EventDataOf<typeof idleLandDetermined>;
export type PatchesInspectedData = EventDataOf<typeof patchesInspected>;
export type DemolitionCompletedData = EventDataOf<typeof demolitionCompleted>;

/** The event types of a violation case stream: an appeal may contest a decision on such a case. */
export const VIOLATION_CASE_EVENT_TYPES: readonly string[] = [
  violationDiscovered.type,
  stoppedOnSite.type,
  caseFiled.type,
  penaltyDecided.type,
  coerciveMeasureTaken.type,
  caseClosed.type,
];

export const enforcementTextsErased = caseTextsErasedContract('enforcement');

export const enforcementContracts: readonly EventContract[] = [
  violationDiscovered,
  stoppedOnSite,
  caseFiled,
  penaltyDecided,
  coerciveMeasureTaken,
  caseClosed,
  idleLandDetermined,
  patchesInspected,
  demolitionCompleted,
  enforcementTextsErased,
] as readonly EventContract[];
