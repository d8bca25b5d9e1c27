// The one payload generator every measurement uses: a deterministic year of case events shaped like
// the product's envelopes (valid against the published contracts), keyed by case id.
//
// Key distribution: cases open and progress interleaved, as in a working year — at most `openCases`
// cases are in progress at once and each step either opens a case or advances a random open one, so
// a case's events are spread over a stretch of the topic instead of arriving back to back. Events per
// case follow each kind's workflow (a publication is one event; a disclosure request is received,
// sometimes sent for 补正 (clarification), third-party consultation or extension, then replied).
// The sequence depends only on the seed: the first K events of a run of N are the K events of a run
// of K (so a small topic is an exact prefix of a large one, and expected results can be recomputed).
import { type EventEnvelope, type ServiceName, toWireMessage, type WireMessage } from '#contracts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  CONSULTEES,
  legacyOutcomeOf,
  type Outcome,
  regimeForReceiptDate,
} from '#contracts/applications';
import { CONSULTATION_CHANNELS } from '#contracts/consultations';
import { seededRandom } from '#testing';
import { COERCIVE_MEASURES, VIOLATION_KINDS, VIOLATION_SOURCES } from '#contracts/enforcement';
import { PUBLICATION_CATEGORIES } from '#contracts/publications';
import { legalInstant } from '#contracts/legal-time';

export interface BenchEvent {
  /** The service that owns the event (its topic in the product is `<service>.events`). */
  readonly service: ServiceName;
  readonly envelope: EventEnvelope;
  /** Key = stream id, value = the envelope as JSON, headers as the product writes them. */
  readonly message: WireMessage;
}

export interface PayloadOptions {
  readonly seed: number;
  /** Year the first event is recorded in. */
  readonly year: number;
  /** Cases in progress at once (how far apart one case's events land on the topic). */
  readonly openCases: number;
}

export const DEFAULT_PAYLOAD: PayloadOptions = { seed: 2009, year: 2024, openCases: 2000 };

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');

/** A UUID v7 (time-ordered) from a timestamp and the generator's randomness — no global randomness. */
export function uuidV7(ms: number, rnd: () => number): string {
  const r = (): number => Math.floor(rnd() * 0x10000);
  const time = hex(ms, 12);
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-${hex(0x7000 | (r() & 0x0fff), 4)}-` +
    `${hex(0x8000 | (r() & 0x3fff), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`
  );
}

// Agencies weighted as a city bureau with five county bureaus: the city handles the most cases.
const AGENCY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['zhuzhou-city', 0.35],
  ['zhuzhou-county', 0.13],
  ['you-county', 0.13],
  ['chaling-county', 0.13],
  ['yanling-county', 0.13],
  ['liling-city', 0.13],
];

const DISTRICTS = ['荷塘区', '芦淞区', '石峰区', '天元区', '渌口区', '攸县', '茶陵县', '炎陵县', '醴陵市'];
const SUBJECTS = [
  '土地征收批复文件',
  '建设用地规划许可',
  '土地出让合同',
  '采矿许可证',
  '征地补偿安置方案',
  '闲置土地处置',
];
const TITLES = ['年度土地利用计划', '国有建设用地供应公告', '征地信息公告', '矿业权出让公示', '执法监察工作动态'];

const DAY_MS = 86_400_000;
/** Simulated time between two events: one million events span most of a year. */
const STEP_MS = 30_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The legal date (Asia/Shanghai calendar) of an instant, `days` later. */
const legalDate = (ms: number, days = 0): string =>
  new Date(ms + SHANGHAI_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
/** Midnight of a legal date in Asia/Shanghai, as the envelope's `occurredAt`. */

interface Step {
  readonly type: string;
  /** The legal date the event takes effect on (its `occurredAt`). */
  readonly on: string;
  readonly data: Record<string, unknown>;
}
type StepBuilder = (ms: number) => Step;

interface OpenCase {
  readonly streamId: string;
  readonly service: ServiceName;
  readonly agencyId: string;
  readonly correlationId: string;
  readonly steps: StepBuilder[];
  version: number;
  lastEventId: string;
}

export interface PayloadStats {
  readonly events: number;
  readonly streams: number;
  readonly meanEventsPerStream: number;
  readonly maxEventsPerStream: number;
  readonly meanValueBytes: number;
  readonly byService: Readonly<Record<string, number>>;
}

export class PayloadGenerator {
  constructor(readonly options: PayloadOptions = DEFAULT_PAYLOAD) {}

  /** The first `count` events of the year, in append order. */
  *events(count: number): Generator<BenchEvent> {
    const rnd = seededRandom(this.options.seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const chance = (p: number): boolean => rnd() < p;
    const agency = (): string => {
      let x = rnd();
      for (const [id, w] of AGENCY_WEIGHTS) if ((x -= w) < 0) return id;
      return AGENCY_WEIGHTS[0]![0];
    };
    const start = Date.UTC(this.options.year, 0, 2);
    const open: OpenCase[] = [];
    const requestIds: string[] = [];

    const openCase = (ms: number): OpenCase => {
      const agencyId = agency();
      const streamId = uuidV7(ms, rnd);
      const correlationId = uuidV7(ms, rnd);
      const x = rnd();
      const plan =
        x < 0.12
          ? { service: 'applications' as const, steps: this.disclosureRequest(agencyId, streamId, pick, chance) }
          : x < 0.5
            ? { service: 'consultations' as const, steps: this.consultation(agencyId, pick, chance) }
            : x < 0.75
              ? { service: 'publications' as const, steps: this.publication(agencyId, pick, chance) }
              : x < 0.95
                ? { service: 'enforcement' as const, steps: this.violation(agencyId, pick, chance) }
                : { service: 'appeals' as const, steps: this.appeal(agencyId, requestIds, pick, chance) };
      if (plan.service === 'applications') {
        requestIds.push(streamId);
        if (requestIds.length > 1000) requestIds.shift();
      }
      return { streamId, correlationId, agencyId, ...plan, version: 0, lastEventId: correlationId };
    };

    for (let i = 0; i < count; i++) {
      const ms = start + i * STEP_MS;
      let c: OpenCase;
      let at: number;
      if (open.length === 0 || (open.length < this.options.openCases && chance(0.45))) {
        c = openCase(ms);
        open.push(c);
        at = open.length - 1;
      } else {
        at = Math.floor(rnd() * open.length);
        c = open[at]!;
      }
      const step = c.steps[c.version]!(ms);
      c.version += 1;
      const id = uuidV7(ms, rnd);
      const envelope: EventEnvelope = {
        id,
        type: step.type,
        schemaVersion: 1,
        streamId: c.streamId,
        streamVersion: c.version,
        agencyId: c.agencyId,
        occurredAt: legalInstant(step.on),
        recordedAt: new Date(ms).toISOString(),
        correlationId: c.correlationId,
        causationId: c.version === 1 ? c.correlationId : c.lastEventId,
        actor: `user:clerk-${c.agencyId}-${1 + Math.floor(rnd() * 8)}`,
        data: step.data,
      };
      c.lastEventId = id;
      if (c.version === c.steps.length) {
        // Swap-remove: the order of open cases only matters through the PRNG, which stays deterministic.
        open[at] = open[open.length - 1]!;
        open.pop();
      }
      yield { service: c.service, envelope, message: toWireMessage(envelope) };
    }
  }

  /** The same events in arrays of `size` (the last one shorter). */
  *chunks(count: number, size: number): Generator<BenchEvent[]> {
    let chunk: BenchEvent[] = [];
    for (const e of this.events(count)) {
      chunk.push(e);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  /** What the first `count` events look like: streams, events per stream, value size. */
  stats(count: number): PayloadStats {
    const perStream = new Map<string, number>();
    const byService: Record<string, number> = {};
    let bytes = 0;
    for (const e of this.events(count)) {
      perStream.set(e.envelope.streamId, e.envelope.streamVersion);
      byService[e.service] = (byService[e.service] ?? 0) + 1;
      bytes += Buffer.byteLength(e.message.value);
    }
    let max = 0;
    for (const v of perStream.values()) max = Math.max(max, v);
    return {
      events: count,
      streams: perStream.size,
      meanEventsPerStream: count / Math.max(1, perStream.size),
      maxEventsPerStream: max,
      meanValueBytes: bytes / Math.max(1, count),
      byService,
    };
  }

  // A disclosure request (依申请公开): received, sometimes 补正 / third-party consultation /
  // extension / a fee, then one outcome — or still open at the end of the run.
  private disclosureRequest(
    agencyId: string,
    streamId: string,
    pick: <T>(xs: readonly T[]) => T,
    chance: (p: number) => boolean,
  ): StepBuilder[] {
    const steps: StepBuilder[] = [
      (ms) => {
        const receiptDate = legalDate(ms, -1);
        return {
          type: 'applications.DisclosureRequestReceived',
          on: receiptDate,
          data: {
            agencyId,
            receiptDate,
            channel: pick(CHANNELS),
            applicantType: chance(0.8) ? 'natural-person' : pick(APPLICANT_TYPES),
            applicantRef: `apl-${streamId}`,
            informationRequested: `${receiptDate.slice(0, 4)}年度${pick(DISTRICTS)}${pick(SUBJECTS)}及相关附图`,
            regime: regimeForReceiptDate(receiptDate),
          },
        };
      },
    ];
    if (chance(0.15)) {
      steps.push(
        (ms) => ({
          type: 'applications.ClarificationRequested',
          on: legalDate(ms),
          data: { requestedOn: legalDate(ms), dueOn: legalDate(ms, 14) },
        }),
        (ms) => ({
          type: 'applications.ClarificationReceived',
          on: legalDate(ms),
          data: { receivedOn: legalDate(ms) },
        }),
      );
    }
    if (chance(0.08)) {
      steps.push(
        (ms) => ({
          type: 'applications.ThirdPartyConsulted',
          on: legalDate(ms),
          data: { consultedOn: legalDate(ms), consultee: pick(CONSULTEES) },
        }),
        (ms) => ({
          type: 'applications.ConsultationOpinionReceived',
          on: legalDate(ms),
          data: { receivedOn: legalDate(ms) },
        }),
      );
    }
    if (chance(0.12)) {
      steps.push((ms) => ({
        type: 'applications.DeadlineExtended',
        on: legalDate(ms),
        data: { extendedOn: legalDate(ms), workingDays: 20, reason: '涉及多个业务科室的档案检索' },
      }));
    }
    if (chance(0.03)) {
      const amountFen = chance(0.5) ? 10_000 : 20_000;
      steps.push(
        (ms) => ({ type: 'applications.FeeNoticed', on: legalDate(ms), data: { noticedOn: legalDate(ms), amountFen } }),
        (ms) => ({ type: 'applications.FeePaid', on: legalDate(ms), data: { paidOn: legalDate(ms), amountFen } }),
      );
    }
    if (chance(0.05)) {
      const outcome: Outcome = { category: 'other-processing', reason: 'other' };
      steps.push((ms) => ({
        type: 'applications.DisclosureRequestWithdrawn',
        on: legalDate(ms),
        data: { withdrawnOn: legalDate(ms), outcome, legacyOutcome: legacyOutcomeOf(outcome) },
      }));
    } else if (chance(0.95)) {
      const x = pick([0, 0, 0, 0, 1, 1, 2, 3]);
      const outcome: Outcome =
        x === 0
          ? { category: 'disclosed' }
          : x === 1
            ? { category: 'partially-disclosed' }
            : x === 2
              ? { category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'does-not-exist' }
              : { category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'personal-privacy' };
      steps.push((ms) => ({
        type: 'applications.DisclosureRequestReplied',
        on: legalDate(ms),
        data: { repliedOn: legalDate(ms), outcome, legacyOutcome: legacyOutcomeOf(outcome) },
      }));
    }
    return steps;
  }

  // A consultation (咨询): received through a channel, then answered.
  private consultation(
    agencyId: string,
    pick: <T>(xs: readonly T[]) => T,
    chance: (p: number) => boolean,
  ): StepBuilder[] {
    const steps: StepBuilder[] = [
      (ms) => ({
        type: 'consultations.ConsultationReceived',
        on: legalDate(ms),
        data: {
          agencyId,
          channel: pick(CONSULTATION_CHANNELS),
          receivedOn: legalDate(ms),
          topic: pick(['land-registration', 'expropriation', 'mining-rights', 'land-supply']),
        },
      }),
    ];
    if (chance(0.95)) {
      steps.push((ms) => ({
        type: 'consultations.ConsultationAnswered',
        on: legalDate(ms),
        data: { answeredOn: legalDate(ms) },
      }));
    }
    return steps;
  }

  // A proactive publication (主动公开); rarely retracted as recorded in error.
  private publication(
    agencyId: string,
    pick: <T>(xs: readonly T[]) => T,
    chance: (p: number) => boolean,
  ): StepBuilder[] {
    const steps: StepBuilder[] = [
      (ms) => ({
        type: 'publications.InformationPublished',
        on: legalDate(ms),
        data: {
          agencyId,
          title: `${legalDate(ms).slice(0, 4)}年${pick(DISTRICTS)}${pick(TITLES)}`,
          category: pick(PUBLICATION_CATEGORIES),
          fullTextElectronic: chance(0.97),
          publishedOn: legalDate(ms),
        },
      }),
    ];
    if (chance(0.01)) {
      steps.push((ms) => ({
        type: 'publications.PublicationRetracted',
        on: legalDate(ms),
        data: { retractedOn: legalDate(ms), reason: '重复录入' },
      }));
    }
    return steps;
  }

  // A violation (执法监察): discovered, then stopped on site (现场制止) or filed (立案查处), decided, closed.
  private violation(agencyId: string, pick: <T>(xs: readonly T[]) => T, chance: (p: number) => boolean): StepBuilder[] {
    const steps: StepBuilder[] = [
      (ms) => ({
        type: 'enforcement.ViolationDiscovered',
        on: legalDate(ms),
        data: {
          agencyId,
          level: agencyId === 'zhuzhou-city' ? 'city' : 'county',
          kind: pick(VIOLATION_KINDS),
          source: pick(VIOLATION_SOURCES),
          discoveredOn: legalDate(ms),
          // 0 when not measured (underground mining).
          areaMu: pick([0, 0.8, 1.5, 2.5, 4, 8, 12.5, 36]),
        },
      }),
    ];
    if (chance(0.78)) {
      steps.push((ms) => ({
        type: 'enforcement.StoppedOnSite',
        on: legalDate(ms),
        data: { stoppedOn: legalDate(ms) },
      }));
    } else {
      steps.push((ms) => ({
        type: 'enforcement.CaseFiled',
        on: legalDate(ms),
        data: {
          filedOn: legalDate(ms),
          caseNumber: `株国土资监〔${legalDate(ms).slice(0, 4)}〕${(ms / 1000) % 997}号`,
        },
      }));
      if (chance(0.6)) {
        steps.push((ms) => ({
          type: 'enforcement.PenaltyDecided',
          on: legalDate(ms),
          data: { decidedOn: legalDate(ms), penalties: ['fine', 'restore-land'], fineYuan: 12_000 },
        }));
      }
      if (chance(0.1)) {
        steps.push((ms) => ({
          type: 'enforcement.CoerciveMeasureTaken',
          on: legalDate(ms),
          data: { decidedOn: legalDate(ms), measure: pick(COERCIVE_MEASURES) },
        }));
      }
      if (chance(0.9)) {
        steps.push((ms) => ({ type: 'enforcement.CaseClosed', on: legalDate(ms), data: { closedOn: legalDate(ms) } }));
      }
    }
    return steps;
  }

  // An appeal (复议、诉讼) against a reply to a recent disclosure request, usually decided.
  private appeal(
    agencyId: string,
    requestIds: readonly string[],
    pick: <T>(xs: readonly T[]) => T,
    chance: (p: number) => boolean,
  ): StepBuilder[] {
    const ref = requestIds.length > 0 ? pick(requestIds) : 'disclosure-request-before-the-run';
    const act = { kind: 'disclosure-request', ref };
    const reconsideration = chance(0.6);
    const steps: StepBuilder[] = [
      (ms) => {
        const filedOn = legalDate(ms);
        const timers = {
          filedOn,
          acceptedOn: legalDate(ms, 2),
          filingDeadline: legalDate(ms, 40),
          filedInTime: true,
          decisionDueOn: legalDate(ms, reconsideration ? 62 : 182),
          actConfirmation: 'confirmed',
        };
        return reconsideration
          ? {
              type: 'appeals.ReconsiderationFiled',
              on: filedOn,
              data: { agencyId, act, knownOn: legalDate(ms, -20), ...timers },
            }
          : {
              type: 'appeals.LawsuitFiled',
              on: filedOn,
              data: { agencyId, route: 'direct', act, knownOn: legalDate(ms, -20), ...timers },
            };
      },
    ];
    if (chance(0.8)) {
      steps.push((ms) => ({
        type: 'appeals.AppealDecided',
        on: legalDate(ms),
        data: { decidedOn: legalDate(ms), result: pick(['upheld', 'upheld', 'upheld', 'corrected', 'other']) },
      }));
    }
    return steps;
  }
}
