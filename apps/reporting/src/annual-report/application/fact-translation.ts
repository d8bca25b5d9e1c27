// The anti-corruption layer: what each event of the other services' public contracts means for the
// statistics, in the reporting service's own vocabulary (case-facts.ts). Pure; one function per
// source service, each a switch over that service's event types. An event type that matters to no
// figure translates to no change (it still advances the fact's version).
import { type EventEnvelope } from '#contracts';
import {
  type DisclosureRequestRepliedData,
  type DisclosureRequestWithdrawnData,
  type LegacyOutcome,
  type Outcome,
  type ReplyDeadline,
  type ApplicantType as SourceApplicantType,
  type Channel as SourceChannel,
} from '#contracts/applications';
import { type ActReference } from '#contracts/appeals';
import { type ConsultationsImportedData } from '#contracts/consultations';
import { parsePeriod, periodStart } from '#contracts/legal-time';
import { unreachable } from '#event-sourcing';
import { type FactChange, type ReplyDeadlineFact } from '../domain/case-facts.js';
import {
  type ApplicantType,
  type Channel,
  CONSULTATION_CHANNELS,
  type ConsultationChannel,
  type EnforcementDecision,
  type Era2008Outcome,
  type Measure,
  type NationalOutcome,
  type NormativeKind,
} from '../domain/vocabulary.js';

/** The services whose topics the statistics read. */
export const SOURCE_SERVICES = ['applications', 'publications', 'consultations', 'enforcement', 'appeals'] as const;
export type SourceService = (typeof SOURCE_SERVICES)[number];

/** The first day of a declared period (`YYYY`, `YYYY-Qn`, `YYYY-MM`): the date its figure counts on. */
function periodDate(period: string): string {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`not a period: ${period}`);
  return periodStart(p);
}

const CHANNELS: Readonly<Record<SourceChannel, Channel>> = {
  'in-person': 'in-person',
  fax: 'fax',
  email: 'email',
  online: 'online',
  letter: 'letter',
  other: 'other',
};

const APPLICANT_TYPES: Readonly<Record<SourceApplicantType, ApplicantType>> = {
  'natural-person': 'natural-person',
  'commercial-enterprise': 'commercial-enterprise',
  'research-institution': 'research-institution',
  'public-interest-organisation': 'public-interest-organisation',
  'legal-services-institution': 'legal-services-institution',
  'other-organisation': 'other-organisation',
};

export function nationalOutcomeOf(o: Outcome): NationalOutcome {
  switch (o.category) {
    case 'disclosed':
      return { category: 'granted' };
    case 'partially-disclosed':
      return { category: 'partly-granted' };
    case 'withheld': {
      const reasons = {
        'state-secret': 'state-secret',
        'prohibited-by-law': 'prohibited-by-law',
        'endangers-security-stability': 'endangers-security-stability',
        'third-party-rights': 'third-party-rights',
        'internal-affairs': 'internal-affairs',
        'process-information': 'process-information',
        'enforcement-case-file': 'enforcement-file',
        'administrative-inquiry': 'query-matter',
      } as const;
      return { category: 'refused', reason: reasons[o.reason] };
    }
    case 'cannot-provide': {
      const reasons = {
        'not-held': 'not-held',
        'needs-creation': 'needs-creation',
        'still-unclear-after-clarification': 'unclear-after-correction',
      } as const;
      return { category: 'unable', reason: reasons[o.reason] };
    }
    case 'not-processed': {
      const reasons = {
        'petition-or-complaint': 'petition-complaint',
        'duplicate-request': 'repeated',
        'publication-requested': 'publication',
        'excessive-repeated-requests': 'mass-repeated',
        'confirm-or-reissue': 'confirm-or-reissue',
      } as const;
      return { category: 'not-processed', reason: reasons[o.reason] };
    }
    case 'other-processing': {
      const reasons = { 'no-clarification': 'correction-overdue', 'fee-unpaid': 'fee-unpaid', other: 'other' } as const;
      return { category: 'other', reason: reasons[o.reason] };
    }
    default:
      return unreachable(o);
  }
}

const ERA2008: Readonly<Record<LegacyOutcome, Era2008Outcome>> = {
  agreed: { category: 'granted' },
  'partially-agreed': { category: 'partly-granted' },
  'withheld-state-secret': { category: 'refused', reason: 'state-secret' },
  'withheld-trade-secret': { category: 'refused', reason: 'commercial-secret' },
  'withheld-personal-privacy': { category: 'refused', reason: 'personal-privacy' },
  'withheld-process-information': { category: 'refused', reason: 'process-information-affecting-stability' },
  'withheld-endangers-security-stability': { category: 'refused', reason: 'endangers-security-stability' },
  'withheld-other-legal-grounds': { category: 'refused', reason: 'other-legal-grounds' },
  'information-not-exist': { category: 'not-exist' },
  'outside-remit': { category: 'not-this-agency' },
  'unclear-request': { category: 'unclear' },
  'duplicate-request': { category: 'repeated' },
  'not-government-information': { category: 'not-government-information' },
};

/** The reply event's deadline in our words: the due date is kept only when the reply was judged against one. */
export function replyDeadlineFact(d: ReplyDeadline): ReplyDeadlineFact {
  switch (d.status) {
    case 'within':
    case 'late':
      return { status: d.status, dueOn: d.dueOn };
    case 'unknown':
    case 'not-applicable':
      return { status: d.status };
    default:
      return unreachable(d);
  }
}

function concluded(
  date: string,
  data: Pick<DisclosureRequestRepliedData, 'outcome' | 'legacyOutcome'>,
  replyDeadline: ReplyDeadlineFact,
): FactChange {
  return {
    kind: 'disclosure-request',
    type: 'concluded',
    date,
    national: nationalOutcomeOf(data.outcome),
    ...(data.legacyOutcome ? { era2008: ERA2008[data.legacyOutcome] } : {}),
    replyDeadline,
  };
}

/** Typed access to an envelope's data: the registry has validated it against the contract. */
type Data = Record<string, unknown>;
const d = <T>(e: EventEnvelope): T => e.data as T;

function fromApplications(e: EventEnvelope): FactChange[] {
  switch (e.type) {
    case 'applications.DisclosureRequestReceived': {
      const x = d<{ receiptDate: string; channel: SourceChannel; applicantType: SourceApplicantType }>(e);
      return [
        {
          kind: 'disclosure-request',
          type: 'received',
          receiptDate: x.receiptDate,
          channel: CHANNELS[x.channel],
          applicantType: APPLICANT_TYPES[x.applicantType],
        },
      ];
    }
    case 'applications.FeeNoticed': {
      const x = d<{ noticedOn: string; amountFen: number }>(e);
      return [{ kind: 'disclosure-request', type: 'fee-noticed', date: x.noticedOn, amountFen: x.amountFen }];
    }
    case 'applications.FeePaid': {
      const x = d<{ paidOn: string; amountFen: number }>(e);
      return [{ kind: 'disclosure-request', type: 'fee-paid', date: x.paidOn, amountFen: x.amountFen }];
    }
    // The registry upcasts a version-1 reply: its deadline reads as unknown (or not-applicable).
    case 'applications.DisclosureRequestReplied': {
      const x = d<DisclosureRequestRepliedData>(e);
      return [concluded(x.repliedOn, x, replyDeadlineFact(x.replyDeadline))];
    }
    // A withdrawal is the applicant's act, not a reply: no time limit applies to it.
    case 'applications.DisclosureRequestWithdrawn': {
      const x = d<DisclosureRequestWithdrawnData>(e);
      return [concluded(x.withdrawnOn, x, { status: 'not-applicable' })];
    }
    // The clock (补正, consultations, extensions) and a lapsed fee notice (always followed by the
    // reply that concludes the request) change no figure.
    default:
      return [];
  }
}

function fromPublications(e: EventEnvelope): FactChange[] {
  const x = d<Data>(e);
  switch (e.type) {
    case 'publications.InformationPublished':
      return [
        {
          kind: 'publication',
          type: 'published',
          date: x.publishedOn as string,
          fullTextElectronic: x.fullTextElectronic as boolean,
        },
      ];
    case 'publications.PublicationRetracted':
      return [{ kind: 'publication', type: 'retracted', date: x.retractedOn as string }];
    case 'publications.CatalogueEntryListed':
      return [{ kind: 'catalogue-entry', type: 'listed', date: x.listedOn as string }];
    case 'publications.CatalogueEntryDelisted':
      return [{ kind: 'catalogue-entry', type: 'delisted', date: x.delistedOn as string }];
    case 'publications.NormativeDocumentIssued':
      return [
        {
          kind: 'normative-document',
          type: 'issued',
          date: x.issuedOn as string,
          documentKind: normativeKindOf(x.kind as string),
        },
      ];
    case 'publications.NormativeDocumentRepealed':
      return [{ kind: 'normative-document', type: 'repealed', date: x.repealedOn as string }];
    // A period's declaration replaces the period's earlier one: the entry key is the period.
    case 'publications.DecisionCountDeclared':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `${x.decisionType as string}:${x.period as string}`,
          date: periodDate(x.period as string),
          values: { [DECLARED_DECISION_MEASURE[x.decisionType as string] ?? 'licensing-decisions']: x.count as number },
          agencyId: x.agencyId as string,
        },
      ];
    // The agency's choice for the year: one entry per stream (agency, decision type, year), replaced
    // when chosen again; 1 = enforcement's decided cases count, 0 = the declared counts.
    case 'publications.DecisionCountSourceChosen': {
      const decision = DECISION_OF_TYPE[x.decisionType as string];
      if (!decision) return [];
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `${x.decisionType as string}:counted-from`,
          date: `${x.year as number}-01-01`,
          values: { [`${decision}-from-enforcement-cases`]: x.source === 'enforcement-cases' ? 1 : 0 },
          agencyId: x.agencyId as string,
        },
      ];
    }
    // The opening stock replaces the earlier one (one entry); each correction is its own entry.
    case 'publications.NormativeStockDeclared':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: 'opening-stock',
          date: x.asOf as string,
          values: { [`${normativeKindOf(x.kind as string)}-opening-stock`]: x.count as number },
          agencyId: x.agencyId as string,
        },
      ];
    case 'publications.NormativeStockCorrected':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `correction@${e.streamVersion}`,
          date: x.correctedOn as string,
          values: { [`${normativeKindOf(x.kind as string)}-stock-correction`]: x.change as number },
          agencyId: x.agencyId as string,
        },
      ];
    case 'publications.FeesCollectedDeclared':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `${x.feeType as string}:${x.period as string}`,
          date: periodDate(x.period as string),
          values: { 'administrative-fees-fen': x.amountFen as number },
          agencyId: x.agencyId as string,
        },
      ];
    default:
      return [];
  }
}

/** The publications contract's kinds of normative document (rule 规章), in our words. */
const normativeKindOf = (kind: string): NormativeKind => (kind === 'rule' ? 'regulation' : 'normative-document');

/** The publications contract's decision types, in our words. */
const DECISION_OF_TYPE: Readonly<Record<string, EnforcementDecision>> = {
  'administrative-penalty': 'penalty',
  'administrative-coercion': 'coercion',
};
const DECLARED_DECISION_MEASURE: Readonly<Record<string, Measure>> = {
  'administrative-licensing': 'licensing-decisions',
  'administrative-penalty': 'penalty-decisions',
  'administrative-coercion': 'coercion-decisions',
};

const CONSULTATION_MEASURE = {
  online: 'consultations-online',
  'on-site': 'consultations-on-site',
  phone: 'consultations-phone',
} as const;

function fromConsultations(e: EventEnvelope): FactChange[] {
  const x = d<Data>(e);
  switch (e.type) {
    case 'consultations.ConsultationReceived':
      return [
        {
          kind: 'consultation',
          type: 'received',
          date: x.receivedOn as string,
          channel: x.channel as ConsultationChannel,
        },
      ];
    case 'consultations.ConsultationsImported': {
      // One entry per day of the chunk, its contacts per channel (summed, should a day be listed twice).
      const chunk = d<ConsultationsImportedData>(e);
      const days = new Map<string, Record<ConsultationChannel, number>>();
      for (const day of chunk.days) {
        const sum = days.get(day.date) ?? { online: 0, 'on-site': 0, phone: 0 };
        for (const channel of CONSULTATION_CHANNELS) sum[channel] += day[channel];
        days.set(day.date, sum);
      }
      return [...days.entries()].map(([date, sum]) => ({
        kind: 'measures',
        type: 'measured',
        key: date,
        date,
        values: Object.fromEntries(CONSULTATION_CHANNELS.map((c) => [CONSULTATION_MEASURE[c], sum[c]])),
        agencyId: chunk.agencyId,
      }));
    }
    case 'consultations.PageViewsRecorded':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `page-views:${x.period as string}:${x.source as string}`,
          date: periodDate(x.period as string),
          values: { 'page-views': x.views as number },
          agencyId: x.agencyId as string,
        },
      ];
    case 'consultations.ServiceInformationProvided':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: `service-information:${x.period as string}`,
          date: periodDate(x.period as string),
          values: { 'service-information': x.items as number },
          agencyId: x.agencyId as string,
        },
      ];
    default:
      return [];
  }
}

function fromEnforcement(e: EventEnvelope): FactChange[] {
  const x = d<Data>(e);
  // Each determination, inspection round or demolition adds to its stream's figures: keyed by version.
  const entry = `v${e.streamVersion}`;
  switch (e.type) {
    case 'enforcement.ViolationDiscovered':
      return [
        {
          kind: 'violation',
          type: 'discovered',
          date: x.discoveredOn as string,
          level: x.level === 'city' ? 'city' : 'county',
        },
      ];
    case 'enforcement.StoppedOnSite':
      return [{ kind: 'violation', type: 'stopped', date: x.stoppedOn as string }];
    case 'enforcement.CaseFiled':
      return [{ kind: 'violation', type: 'filed', date: x.filedOn as string }];
    case 'enforcement.CaseClosed':
      return [{ kind: 'violation', type: 'closed', date: x.closedOn as string }];
    case 'enforcement.PenaltyDecided':
      return [{ kind: 'violation', type: 'decision', date: x.decidedOn as string, decision: 'penalty' }];
    case 'enforcement.CoerciveMeasureTaken':
      return [{ kind: 'violation', type: 'decision', date: x.decidedOn as string, decision: 'coercion' }];
    case 'enforcement.IdleLandDetermined':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: entry,
          date: x.determinedOn as string,
          values: { 'idle-land-parcels': x.parcels as number, 'idle-land-mu': x.areaMu as number },
        },
      ];
    case 'enforcement.PatchesInspected':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: entry,
          date: x.inspectedOn as string,
          values: {
            'satellite-patches': x.patches as number,
            'satellite-parcels': x.parcels as number,
            'satellite-area-mu': x.areaMu as number,
            'satellite-violations': x.violations as number,
          },
        },
      ];
    case 'enforcement.DemolitionCompleted':
      return [
        {
          kind: 'measures',
          type: 'measured',
          key: entry,
          date: x.completedOn as string,
          values: {
            'demolished-buildings': x.buildings as number,
            'demolished-floor-area-m2': x.floorAreaM2 as number,
          },
        },
      ];
    default:
      return [];
  }
}

/** Only appeals against a disclosure reply belong in the disclosure report. */
const subjectOf = (act: ActReference): 'disclosure' | 'other' =>
  act.kind === 'disclosure-request' ? 'disclosure' : 'other';

function fromAppeals(e: EventEnvelope): FactChange[] {
  const x = d<Data>(e);
  switch (e.type) {
    case 'appeals.ReconsiderationFiled':
    case 'appeals.LawsuitFiled':
      return [
        {
          kind: 'appeal',
          type: 'filed',
          date: x.filedOn as string,
          appealKind:
            e.type === 'appeals.ReconsiderationFiled'
              ? 'reconsideration'
              : x.route === 'direct'
                ? 'lawsuit-direct'
                : 'lawsuit-after-reconsideration',
          subject: subjectOf(x.act as ActReference),
          confirmed: x.actConfirmation === 'confirmed',
        },
      ];
    case 'appeals.ActConfirmed':
      return [{ kind: 'appeal', type: 'act-confirmation', confirmed: true }];
    case 'appeals.ActReferenceDisputed':
      return [{ kind: 'appeal', type: 'act-confirmation', confirmed: false }];
    case 'appeals.ActReferenceCorrected':
      return [
        {
          kind: 'appeal',
          type: 'act-confirmation',
          confirmed: x.actConfirmation === 'confirmed',
          subject: subjectOf(x.act as ActReference),
        },
      ];
    case 'appeals.AppealDecided':
      return [
        {
          kind: 'appeal',
          type: 'decided',
          date: x.decidedOn as string,
          result: x.result as 'upheld' | 'corrected' | 'other',
        },
      ];
    default:
      return [];
  }
}

/** What one event of another service means for the statistics. */
export function translate(event: EventEnvelope): FactChange[] {
  const service = event.type.slice(0, event.type.indexOf('.'));
  switch (service) {
    case 'applications':
      return fromApplications(event);
    case 'publications':
      return fromPublications(event);
    case 'consultations':
      return fromConsultations(event);
    case 'enforcement':
      return fromEnforcement(event);
    case 'appeals':
      return fromAppeals(event);
    default:
      return [];
  }
}
