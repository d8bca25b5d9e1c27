import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, AGENCY_IDS, CITY_AGENCY_ID, type EventEnvelope } from '#contracts';
import { LEGACY_MAPPING, legacyOutcomeOf, type Outcome } from '#contracts/applications';
import { type AppliedEvent, factOf } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { ERA2008_CATEGORY_LABELS } from '../domain/vocabulary.js';
import { mismatches } from '../testing/expected-figures.js';
import { SourceEventEmitter } from '../testing/source-events.js';
import { generateYear } from '../testing/year-generator.js';
import { nationalOutcomeOf, translate } from './fact-translation.js';

const YEAR = 2022;
const generated = generateYear({ seed: 4242, year: YEAR, agencyIds: AGENCY_IDS, cityAgencyId: CITY_AGENCY_ID });
const emitter = new SourceEventEmitter();
const envelopes = generated.cases.flatMap((c) => emitter.eventsOf(c));
const applied = (e: EventEnvelope): AppliedEvent => ({
  source: {
    eventId: e.id,
    eventType: e.type,
    streamVersion: e.streamVersion,
    agencyId: e.agencyId,
    recordedAt: e.recordedAt,
  },
  changes: translate(e),
});

describe('translating the other services’ events into case facts', () => {
  const byStream = new Map<string, AppliedEvent[]>();
  for (const e of envelopes) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), applied(e)]);
  const facts = [...byStream].map(([id, es]) => factOf(id, es)!).filter(Boolean);

  it('covers every event type of the five source services', () => {
    const types = new Set(envelopes.map((e) => e.type));
    for (const t of [
      'applications.DisclosureRequestReceived',
      'applications.DisclosureRequestReplied',
      'applications.DisclosureRequestWithdrawn',
      'applications.FeeNoticeLapsed',
      'applications.FeePaid',
      'publications.InformationPublished',
      'publications.PublicationRetracted',
      'publications.CatalogueEntryDelisted',
      'publications.NormativeDocumentRepealed',
      'publications.DecisionCountDeclared',
      'publications.FeesCollectedDeclared',
      'consultations.ConsultationReceived',
      'consultations.ConsultationsImported',
      'consultations.PageViewsRecorded',
      'consultations.ServiceInformationProvided',
      'enforcement.ViolationDiscovered',
      'enforcement.PenaltyDecided',
      'enforcement.CoerciveMeasureTaken',
      'enforcement.CaseClosed',
      'enforcement.IdleLandDetermined',
      'enforcement.PatchesInspected',
      'enforcement.DemolitionCompleted',
      'appeals.ReconsiderationFiled',
      'appeals.LawsuitFiled',
      'appeals.ActConfirmed',
      'appeals.AppealDecided',
    ]) {
      assert.ok(types.has(t), `the generated year has no ${t}`);
    }
  });

  for (const scope of ['agency', 'rollup'] as const) {
    for (const template of ['2008', 'national-2021'] as const) {
      it(`${template}, ${scope}: the report from the translated events equals the generator’s record`, () => {
        const agencyIds = scope === 'rollup' ? agencyAndDescendants(CITY_AGENCY_ID) : [CITY_AGENCY_ID];
        const report = deriveReport({ template, agencyId: CITY_AGENCY_ID, scope, year: YEAR, agencyIds, facts });
        const prefix = template === '2008' ? '2008-' : 'national-';
        assert.deepEqual(mismatches(report.tables, generated, agencyIds, undefined, prefix), []);
        assert.deepEqual(
          report.checks.filter((c) => !c.holds),
          [],
        );
      });
    }
  }

  it('maps every national outcome of the applications contract, with its 2008-era label', () => {
    for (const row of LEGACY_MAPPING) {
      const outcome = {
        category: row.category,
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.detail && row.reason === 'third-party-rights' ? { thirdPartyInterest: row.detail } : {}),
        ...(row.detail && row.reason === 'not-held' ? { notHeldBecause: row.detail } : {}),
      } as Outcome;
      const national = nationalOutcomeOf(outcome);
      assert.ok(national.category, JSON.stringify(outcome));
      const [change] = translate({
        ...envelopes[0]!,
        type: 'applications.DisclosureRequestReplied',
        data: { repliedOn: '2022-03-01', outcome, legacyOutcome: legacyOutcomeOf(outcome) },
      });
      assert.ok(change?.kind === 'disclosure-request' && change.type === 'concluded');
      assert.equal(change.era2008 === undefined, row.legacy === null, JSON.stringify(row));
      if (change.era2008) assert.ok(ERA2008_CATEGORY_LABELS[change.era2008.category]);
    }
  });

  it('ignores what changes no figure: the reply clock, batch bookkeeping, reporting’s own events', () => {
    for (const type of [
      'applications.ClarificationRequested',
      'applications.DeadlineExtended',
      'consultations.ConsultationBatchReceived',
      'appeals.DecisionDeadlineExtended',
      'reporting.YearClosed',
    ]) {
      assert.deepEqual(translate({ ...envelopes[0]!, type, data: {} }), [], type);
    }
  });
});
