// Test support: the generated cases as the events the owning services publish — envelopes of the
// applications, publications, consultations, enforcement and appeals contracts — so the projection
// is tested from the real contracts through the translation, not from our own fact changes. Every
// envelope is validated against its contract as it is made.
import { createContractRegistry, type EventEnvelope } from '#contracts';
import {
  legacyOutcomeOf,
  type LegacyOutcome,
  type Outcome,
  regimeForReceiptDate,
  type ReplyDeadline,
  WITHDRAWAL_OUTCOME,
} from '#contracts/applications';
import { type FactChange, type ReplyDeadlineFact } from '../domain/case-facts.js';
import { legalInstant, type LegalDate } from '#contracts/legal-time';
import { type Era2008Outcome, type NationalOutcome } from '../domain/vocabulary.js';
import { type GeneratedCase } from './year-generator.js';

const registry = createContractRegistry();

const SOURCE_OUTCOME: Readonly<Record<string, Outcome>> = {
  granted: { category: 'disclosed' },
  'partly-granted': { category: 'partially-disclosed' },
  'refused/state-secret': { category: 'withheld', reason: 'state-secret' },
  'refused/prohibited-by-law': { category: 'withheld', reason: 'prohibited-by-law' },
  'refused/endangers-security-stability': { category: 'withheld', reason: 'endangers-security-stability' },
  'refused/third-party-rights': {
    category: 'withheld',
    reason: 'third-party-rights',
    thirdPartyInterest: 'personal-privacy',
  },
  'refused/internal-affairs': { category: 'withheld', reason: 'internal-affairs' },
  'refused/process-information': { category: 'withheld', reason: 'process-information' },
  'refused/enforcement-file': { category: 'withheld', reason: 'enforcement-case-file' },
  'refused/query-matter': { category: 'withheld', reason: 'administrative-inquiry' },
  'unable/not-held': { category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'does-not-exist' },
  'unable/needs-creation': { category: 'cannot-provide', reason: 'needs-creation' },
  'unable/unclear-after-correction': { category: 'cannot-provide', reason: 'still-unclear-after-clarification' },
  'not-processed/petition-complaint': { category: 'not-processed', reason: 'petition-or-complaint' },
  'not-processed/repeated': { category: 'not-processed', reason: 'duplicate-request' },
  'not-processed/publication': { category: 'not-processed', reason: 'publication-requested' },
  'not-processed/mass-repeated': { category: 'not-processed', reason: 'excessive-repeated-requests' },
  'not-processed/confirm-or-reissue': { category: 'not-processed', reason: 'confirm-or-reissue' },
  'other/correction-overdue': { category: 'other-processing', reason: 'no-clarification' },
  'other/fee-unpaid': { category: 'other-processing', reason: 'fee-unpaid' },
  'other/other': { category: 'other-processing', reason: 'other' },
};

const SOURCE_LEGACY: Readonly<Record<string, LegacyOutcome>> = {
  granted: 'agreed',
  'partly-granted': 'partially-agreed',
  'refused/state-secret': 'withheld-state-secret',
  'refused/commercial-secret': 'withheld-trade-secret',
  'refused/personal-privacy': 'withheld-personal-privacy',
  'refused/process-information-affecting-stability': 'withheld-process-information',
  'refused/endangers-security-stability': 'withheld-endangers-security-stability',
  'refused/other-legal-grounds': 'withheld-other-legal-grounds',
  'not-exist': 'information-not-exist',
  'not-this-agency': 'outside-remit',
  unclear: 'unclear-request',
  repeated: 'duplicate-request',
  'not-government-information': 'not-government-information',
};

const keyOf = (o: NationalOutcome | Era2008Outcome): string =>
  'reason' in o ? `${o.category}/${o.reason}` : o.category;
const plusDays = (d: LegalDate, days: number): LegalDate =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The reply event's deadline for a generated conclusion (which always states one). */
function sourceReplyDeadline(d: ReplyDeadlineFact | undefined): ReplyDeadline {
  if (!d) throw new Error('a generated reply states its deadline');
  switch (d.status) {
    case 'within':
    case 'late':
      return { status: d.status, dueOn: d.dueOn };
    case 'unknown':
      return { status: 'unknown', reason: 'calendar-not-on-file' };
    case 'not-applicable':
      return { status: 'not-applicable' };
  }
}

type Draft = { type: string; date: LegalDate; data: Record<string, unknown> };

/** Makes envelopes with deterministic ids; one emitter per test keeps ids unique. */
export class SourceEventEmitter {
  private counter = 0;

  constructor(private readonly idPrefix = '0190f5c2') {}

  private nextId(): string {
    this.counter++;
    return `${this.idPrefix}-0000-7000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }

  /** The events of one generated case, stream versions 1, 2, … in the order they happened. */
  eventsOf(c: GeneratedCase): EventEnvelope[] {
    const drafts = draftsOf(c);
    return drafts.map((draft, i) => {
      const data = registry.validateData(draft.type, draft.data);
      const envelope: EventEnvelope = {
        id: this.nextId(),
        type: draft.type,
        schemaVersion: registry.contractOf(draft.type).schemaVersion,
        streamId: c.streamId,
        streamVersion: i + 1,
        agencyId: c.agencyId,
        occurredAt: legalInstant(draft.date),
        recordedAt: `${draft.date}T02:00:00.000Z`,
        correlationId: `gen-${c.streamId}`,
        causationId: `gen-${c.streamId}`,
        actor: 'generator',
        data,
      };
      return registry.read(envelope);
    });
  }
}

function draftsOf(c: GeneratedCase): Draft[] {
  const agencyId = c.agencyId;
  const drafts: Draft[] = [];
  // Declared tallies carry the period's previous value and the year's total after each declaration.
  const periods = new Map<string, number>();
  const declare = (period: string, value: number): { previous: number | null; yearTotal: number } => {
    const previous = periods.get(period) ?? null;
    periods.set(period, value);
    return { previous, yearTotal: [...periods.values()].reduce((a, b) => a + b, 0) };
  };
  const periodOf = (key: string): string => key.split(':')[1]!;

  for (const step of c.steps) {
    const date = step.date;
    const change = step.changes[0] as FactChange;
    const push = (type: string, data: Record<string, unknown>, on: LegalDate = date): void => {
      drafts.push({ type, date: on, data });
    };
    switch (c.source) {
      case 'disclosure-request': {
        if (change.kind !== 'disclosure-request') throw new Error(`unexpected ${change.kind}`);
        if (change.type === 'received') {
          push('applications.DisclosureRequestReceived', {
            agencyId,
            receiptDate: change.receiptDate,
            channel: change.channel,
            applicantType: change.applicantType,
            applicantRef: `apl-${c.streamId}`,
            regime: regimeForReceiptDate(change.receiptDate),
          });
        } else if (change.type === 'fee-noticed') {
          push('applications.FeeNoticed', { noticedOn: change.date, amountFen: change.amountFen });
        } else if (change.type === 'fee-paid') {
          push('applications.FeePaid', { paidOn: change.date, amountFen: change.amountFen });
        } else {
          const outcome = SOURCE_OUTCOME[keyOf(change.national)];
          if (!outcome) throw new Error(`no source outcome for ${keyOf(change.national)}`);
          const legacy = change.era2008 ? SOURCE_LEGACY[keyOf(change.era2008)]! : null;
          // The generator's 2008-era label must be the one the applications contract maps to.
          if (legacyOutcomeOf(outcome) !== legacy) {
            throw new Error(
              `generator maps ${keyOf(change.national)} to ${legacy}, the contract to ${legacyOutcomeOf(outcome)}`,
            );
          }
          if (keyOf(change.national) === 'other/other') {
            push('applications.DisclosureRequestWithdrawn', {
              withdrawnOn: change.date,
              outcome: WITHDRAWAL_OUTCOME,
              legacyOutcome: null,
            });
          } else {
            if (keyOf(change.national) === 'other/fee-unpaid')
              push('applications.FeeNoticeLapsed', { lapsedOn: change.date });
            push('applications.DisclosureRequestReplied', {
              repliedOn: change.date,
              outcome,
              legacyOutcome: legacy,
              replyDeadline: sourceReplyDeadline(change.replyDeadline),
            });
          }
        }
        break;
      }
      case 'publication':
        if (change.kind !== 'publication') throw new Error(`unexpected ${change.kind}`);
        if (change.type === 'published') {
          push('publications.InformationPublished', {
            agencyId,
            category: 'work-updates',
            fullTextElectronic: change.fullTextElectronic,
            publishedOn: change.date,
          });
        } else {
          push('publications.PublicationRetracted', { retractedOn: change.date });
        }
        break;
      case 'catalogue-entry':
        if (change.kind !== 'catalogue-entry') throw new Error(`unexpected ${change.kind}`);
        if (change.type === 'listed') {
          push('publications.CatalogueEntryListed', { agencyId, listedOn: change.date });
        } else {
          push('publications.CatalogueEntryDelisted', { delistedOn: change.date });
        }
        break;
      case 'normative-document':
        if (change.kind !== 'normative-document') throw new Error(`unexpected ${change.kind}`);
        if (change.type === 'issued') {
          push('publications.NormativeDocumentIssued', {
            agencyId,
            kind: change.documentKind === 'regulation' ? 'rule' : 'normative-document',
            issuedOn: change.date,
          });
        } else {
          push('publications.NormativeDocumentRepealed', { repealedOn: change.date });
        }
        break;
      case 'consultation':
        if (change.kind !== 'consultation') throw new Error(`unexpected ${change.kind}`);
        push('consultations.ConsultationReceived', { agencyId, channel: change.channel, receivedOn: change.date });
        break;
      case 'consultation-import': {
        // Contacts per day and channel, one entry per day.
        const days = new Map<string, { date: string; online: number; 'on-site': number; phone: number }>();
        for (const ch of step.changes) {
          if (ch.kind !== 'measures' || ch.type !== 'measured') throw new Error('an import is measured tallies');
          const day = days.get(ch.date) ?? { date: ch.date, online: 0, 'on-site': 0, phone: 0 };
          day.online += ch.values['consultations-online'] ?? 0;
          day['on-site'] += ch.values['consultations-on-site'] ?? 0;
          day.phone += ch.values['consultations-phone'] ?? 0;
          days.set(ch.date, day);
        }
        const list = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
        const contacts = list.reduce((n, d) => n + d.online + d['on-site'] + d.phone, 0);
        push('consultations.ConsultationsImported', {
          batchId: c.streamId,
          chunk: 0,
          chunkRows: Math.max(contacts, 1),
          agencyId,
          firstRow: 1,
          lastRow: Math.max(contacts, 1),
          rows: contacts,
          contacts,
          days: list,
        });
        break;
      }
      case 'page-views':
      case 'service-information':
      case 'licensing-decisions':
      case 'administrative-fees': {
        if (change.kind !== 'measures' || change.type !== 'measured') throw new Error('a tally is measured');
        const period = periodOf(change.key);
        const year = Number(period.slice(0, 4));
        const value = Object.values(change.values)[0]!;
        if (c.source === 'page-views') {
          const t = declare(period, value);
          push('consultations.PageViewsRecorded', {
            agencyId,
            year,
            period,
            source: 'portal',
            views: value,
            previousViews: t.previous,
            yearTotal: t.yearTotal,
          });
        } else if (c.source === 'service-information') {
          const t = declare(period, value);
          push('consultations.ServiceInformationProvided', {
            agencyId,
            year,
            period,
            items: value,
            previousItems: t.previous,
            yearTotal: t.yearTotal,
          });
        } else if (c.source === 'licensing-decisions') {
          const t = declare(period, value);
          push('publications.DecisionCountDeclared', {
            agencyId,
            decisionType: 'administrative-licensing',
            year,
            period,
            count: value,
            previousCount: t.previous,
            yearTotal: t.yearTotal,
          });
        } else {
          const t = declare(period, value);
          push('publications.FeesCollectedDeclared', {
            agencyId,
            feeType: 'administrative-fees',
            year,
            period,
            amountFen: value,
            previousAmountFen: t.previous,
            yearTotalFen: t.yearTotal,
          });
        }
        break;
      }
      case 'violation':
        if (change.kind !== 'violation') throw new Error(`unexpected ${change.kind}`);
        switch (change.type) {
          case 'discovered':
            push('enforcement.ViolationDiscovered', {
              agencyId,
              level: change.level,
              kind: 'land',
              source: 'patrol',
              discoveredOn: change.date,
              areaMu: 1.5,
            });
            break;
          case 'stopped':
            push('enforcement.StoppedOnSite', { stoppedOn: change.date });
            break;
          case 'filed':
            push('enforcement.CaseFiled', { filedOn: change.date });
            break;
          case 'closed':
            push('enforcement.CaseClosed', { closedOn: change.date });
            break;
          case 'decision':
            if (change.decision === 'penalty') {
              push('enforcement.PenaltyDecided', { decidedOn: change.date, penalties: ['fine'], fineYuan: 5000 });
            } else {
              push('enforcement.CoerciveMeasureTaken', { decidedOn: change.date, measure: 'sealing' });
            }
            break;
        }
        break;
      case 'idle-land':
      case 'satellite-inspection':
      case 'demolition': {
        if (change.kind !== 'measures' || change.type !== 'measured') throw new Error('enforcement measures');
        const v = change.values;
        if (c.source === 'idle-land') {
          push('enforcement.IdleLandDetermined', {
            agencyId,
            determinedOn: change.date,
            parcels: v['idle-land-parcels'],
            areaMu: v['idle-land-mu'],
          });
        } else if (c.source === 'satellite-inspection') {
          push('enforcement.PatchesInspected', {
            agencyId,
            campaignYear: Number(change.date.slice(0, 4)),
            inspectedOn: change.date,
            patches: v['satellite-patches'],
            parcels: v['satellite-parcels'],
            areaMu: v['satellite-area-mu'],
            violations: v['satellite-violations'],
          });
        } else {
          push('enforcement.DemolitionCompleted', {
            agencyId,
            completedOn: change.date,
            buildings: v['demolished-buildings'],
            floorAreaM2: v['demolished-floor-area-m2'],
          });
        }
        break;
      }
      case 'appeal': {
        if (change.kind !== 'appeal') throw new Error(`unexpected ${change.kind}`);
        const act = {
          kind:
            drafts.length === 0 && change.type === 'filed' && change.subject === 'other'
              ? 'enforcement-case'
              : 'disclosure-request',
          ref: `act-${c.streamId}`,
        };
        if (change.type === 'filed') {
          const timers = {
            filedOn: change.date,
            acceptedOn: change.date,
            filingDeadline: plusDays(change.date, 60),
            filedInTime: true,
            decisionDueOn: plusDays(change.date, 60),
            actConfirmation: change.confirmed ? 'confirmed' : 'pending',
          };
          if (change.appealKind === 'reconsideration') {
            push('appeals.ReconsiderationFiled', { agencyId, act, knownOn: change.date, ...timers });
          } else if (change.appealKind === 'lawsuit-direct') {
            push('appeals.LawsuitFiled', { agencyId, route: 'direct', act, knownOn: change.date, ...timers });
          } else {
            push('appeals.LawsuitFiled', {
              agencyId,
              route: 'after-reconsideration',
              act,
              reconsiderationId: `rec-${c.streamId}`,
              ...timers,
            });
          }
        } else if (change.type === 'act-confirmation') {
          const filed = drafts[0]?.data.act;
          push('appeals.ActConfirmed', { act: filed ?? act });
        } else {
          push('appeals.AppealDecided', { decidedOn: change.date, result: change.result });
        }
        break;
      }
    }
  }
  return drafts;
}
