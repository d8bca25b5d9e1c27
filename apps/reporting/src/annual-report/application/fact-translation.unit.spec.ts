// translate(): what each event of the source contracts means for the statistics. Hand-built events
// with the figure each must give, then a generated year whose report, derived from the translated
// events, must equal the generator's own record of what happened.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agencyAndDescendants,
  ZHUZHOU_AGENCIES,
  CITY_AGENCY_ID,
  createContractRegistry,
  type EventEnvelope,
} from '#contracts';
import { concludesByReply, LEGACY_MAPPING, legacyOutcomeOf, type Outcome } from '#contracts/applications';
import { type AppliedEvent, factOf } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { ERA2008_CATEGORY_LABELS } from '../domain/vocabulary.js';
import { yearFigures } from '../domain/year-figures.js';
import { mismatches } from '../testing/expected-figures.js';
import { SourceEventEmitter } from '../testing/source-events.js';
import { generateYear } from '../testing/year-generator.js';
import { nationalOutcomeOf, translate } from './fact-translation.js';

const YEAR = 2022;
const generated = generateYear({
  seed: 4242,
  year: YEAR,
  agencyIds: ZHUZHOU_AGENCIES.ids(),
  cityAgencyId: CITY_AGENCY_ID,
});
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

/** An event as it arrives on a source topic, built by hand: only `type` and `data` matter here. */
const arrived = (type: string, data: Record<string, unknown>, agencyId = CITY_AGENCY_ID): EventEnvelope => ({
  id: '01900000-0000-7000-8000-000000000001',
  type,
  schemaVersion: 1,
  streamId: 'case-1',
  streamVersion: 3,
  agencyId,
  occurredAt: '2022-03-01T00:00:00+08:00',
  recordedAt: '2022-03-01T02:00:00.000Z',
  correlationId: 'c-1',
  causationId: 'c-1',
  actor: 'clerk',
  data,
});

describe('translate, event by event', () => {
  it('a received request counts on its receipt date, by channel and applicant type', () => {
    const changes = translate(
      arrived('applications.DisclosureRequestReceived', {
        receiptDate: '2022-02-28',
        channel: 'letter',
        applicantType: 'research-institution',
      }),
    );
    assert.deepEqual(changes, [
      {
        kind: 'disclosure-request',
        type: 'received',
        receiptDate: '2022-02-28',
        channel: 'letter',
        applicantType: 'research-institution',
      },
    ]);
  });

  it('a paid fee counts its amount in fen on the day it was paid', () => {
    assert.deepEqual(translate(arrived('applications.FeePaid', { paidOn: '2022-05-06', amountFen: 1250 })), [
      { kind: 'disclosure-request', type: 'fee-paid', date: '2022-05-06', amountFen: 1250 },
    ]);
  });

  it('a reply refusing an enforcement case file concludes the request as refused (执法案卷), and in the 2008 format under other legal grounds', () => {
    const outcome: Outcome = { category: 'withheld', reason: 'enforcement-case-file' };
    const [change] = translate(
      arrived('applications.DisclosureRequestReplied', {
        repliedOn: '2022-04-01',
        outcome,
        legacyOutcome: 'withheld-other-legal-grounds',
        replyDeadline: { status: 'late', dueOn: '2022-03-30' },
      }),
    );
    assert.deepEqual(change, {
      kind: 'disclosure-request',
      type: 'concluded',
      date: '2022-04-01',
      national: { category: 'refused', reason: 'enforcement-file' },
      era2008: { category: 'refused', reason: 'other-legal-grounds' },
      replyDeadline: { status: 'late', dueOn: '2022-03-30' },
    });
  });

  it('a withdrawal concludes the request on the day it was withdrawn, with no 2008 outcome when it has none', () => {
    const [change] = translate(
      arrived('applications.DisclosureRequestWithdrawn', {
        withdrawnOn: '2022-06-30',
        outcome: { category: 'other-processing', reason: 'other' },
      }),
    );
    assert.deepEqual(change, {
      kind: 'disclosure-request',
      type: 'concluded',
      date: '2022-06-30',
      national: { category: 'other', reason: 'other' },
      // A withdrawal is no reply: no time limit applies to it.
      replyDeadline: { status: 'not-applicable' },
    });
  });

  it('a rule (规章) counts as a regulation, any other issued document as a normative document', () => {
    const issued = (kind: string) =>
      translate(arrived('publications.NormativeDocumentIssued', { issuedOn: '2022-07-01', kind }));
    assert.deepEqual(issued('rule'), [
      { kind: 'normative-document', type: 'issued', date: '2022-07-01', documentKind: 'regulation' },
    ]);
    assert.deepEqual(issued('normative-document'), [
      { kind: 'normative-document', type: 'issued', date: '2022-07-01', documentKind: 'normative-document' },
    ]);
  });

  it('a declared decision count counts on the first day of its period, keyed by decision type and period', () => {
    const [change] = translate(
      arrived('publications.DecisionCountDeclared', {
        agencyId: CITY_AGENCY_ID,
        decisionType: 'licensing',
        period: '2022-Q2',
        count: 17,
      }),
    );
    assert.deepEqual(change, {
      kind: 'measures',
      type: 'measured',
      key: 'licensing:2022-Q2',
      date: '2022-04-01',
      values: { 'licensing-decisions': 17 },
      agencyId: CITY_AGENCY_ID,
    });
  });

  it('an imported chunk gives one entry per day, a day listed twice summed per channel', () => {
    const changes = translate(
      arrived('consultations.ConsultationsImported', {
        agencyId: CITY_AGENCY_ID,
        days: [
          { date: '2022-03-02', online: 2, 'on-site': 0, phone: 1 },
          { date: '2022-03-01', online: 1, 'on-site': 4, phone: 0 },
          { date: '2022-03-02', online: 3, 'on-site': 1, phone: 0 },
        ],
      }),
    );
    const byDay = new Map(changes.map((c) => [c.kind === 'measures' ? c.key : c.kind, c]));
    assert.equal(changes.length, 2);
    assert.deepEqual(byDay.get('2022-03-02'), {
      kind: 'measures',
      type: 'measured',
      key: '2022-03-02',
      date: '2022-03-02',
      values: { 'consultations-online': 5, 'consultations-on-site': 1, 'consultations-phone': 1 },
      agencyId: CITY_AGENCY_ID,
    });
  });
});

describe('translating the other services’ events into case facts', () => {
  const byStream = new Map<string, AppliedEvent[]>();
  for (const e of envelopes) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), applied(e)]);
  const facts = [...byStream].map(([id, es]) => factOf(id, es)!).filter(Boolean);

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
    const NATIONAL_CATEGORY: Readonly<Record<Outcome['category'], string>> = {
      disclosed: 'granted',
      'partially-disclosed': 'partly-granted',
      withheld: 'refused',
      'cannot-provide': 'unable',
      'not-processed': 'not-processed',
      'other-processing': 'other',
    };
    for (const row of LEGACY_MAPPING) {
      const outcome = {
        category: row.category,
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.detail && row.reason === 'third-party-rights' ? { thirdPartyInterest: row.detail } : {}),
        ...(row.detail && row.reason === 'not-held' ? { notHeldBecause: row.detail } : {}),
      } as Outcome;
      const [change] = translate(
        arrived('applications.DisclosureRequestReplied', {
          repliedOn: '2022-03-01',
          outcome,
          legacyOutcome: legacyOutcomeOf(outcome),
          replyDeadline: concludesByReply(outcome)
            ? { status: 'within', dueOn: '2022-03-01' }
            : { status: 'not-applicable' },
        }),
      );
      assert.ok(change?.kind === 'disclosure-request' && change.type === 'concluded');
      // The national table's column for each category of outcome (国家格式 三).
      assert.equal(change.national.category, NATIONAL_CATEGORY[outcome.category], JSON.stringify(outcome));
      assert.deepEqual(change.national, nationalOutcomeOf(outcome));
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
      assert.deepEqual(translate(arrived(type, {})), [], type);
    }
  });
});

describe('deadlines met: from the reply events, read as consumers read them, to the year’s figures', () => {
  const registry = createContractRegistry();
  let n = 0;
  /** The events of one request as stored on the topic, read through the contracts (v1 upcast). */
  const request = (
    streamId: string,
    receiptDate: string,
    conclusion: { type: string; schemaVersion: number; data: Record<string, unknown> },
  ): AppliedEvent[] =>
    [
      {
        type: 'applications.DisclosureRequestReceived',
        schemaVersion: 2,
        data: {
          agencyId: CITY_AGENCY_ID,
          receiptDate,
          channel: 'email',
          applicantType: 'natural-person',
          applicantRef: `apl-${streamId}`,
          regime: 'ordinance-2019',
        },
      },
      conclusion,
    ].map((e, i) =>
      applied(
        registry.read({
          ...arrived(e.type, e.data),
          id: `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
          schemaVersion: e.schemaVersion,
          streamId,
          streamVersion: i + 1,
        }),
      ),
    );
  const replied = (repliedOn: string, replyDeadline?: Record<string, unknown>) => ({
    type: 'applications.DisclosureRequestReplied',
    // Without a deadline: a reply recorded under version 1.
    schemaVersion: replyDeadline ? 2 : 1,
    data: {
      repliedOn,
      outcome: { category: 'disclosed' },
      legacyOutcome: 'agreed',
      ...(replyDeadline ? { replyDeadline } : {}),
    },
  });
  const withdrawn = (withdrawnOn: string) => ({
    type: 'applications.DisclosureRequestWithdrawn',
    schemaVersion: 1,
    data: { withdrawnOn, outcome: { category: 'other-processing', reason: 'other' }, legacyOutcome: null },
  });
  // Each request with the status its reply must count under, and the year it is concluded in.
  const cases = [
    {
      id: 'on-time',
      events: request('on-time', '2022-03-01', replied('2022-03-20', { status: 'within', dueOn: '2022-03-29' })),
      status: 'within',
      year: 2022,
    },
    {
      id: 'late',
      events: request('late', '2022-03-01', replied('2022-04-15', { status: 'late', dueOn: '2022-03-29' })),
      status: 'late',
      year: 2022,
    },
    {
      id: 'carried-in-late',
      events: request('carried-in-late', '2021-12-01', replied('2022-01-20', { status: 'late', dueOn: '2021-12-29' })),
      status: 'late',
      year: 2022,
    },
    { id: 'v1', events: request('v1', '2022-05-05', replied('2022-05-10')), status: 'unknown', year: 2022 },
    {
      id: 'withdrawn',
      events: request('withdrawn', '2022-06-01', withdrawn('2022-06-02')),
      status: 'not-applicable',
      year: 2022,
    },
    {
      id: 'next-year',
      events: request('next-year', '2022-12-01', replied('2023-01-10', { status: 'late', dueOn: '2022-12-29' })),
      status: 'late',
      year: 2023,
    },
  ] as const;

  it('records the due date on the request fact, whatever the order or number of deliveries', () => {
    const late = cases.find((c) => c.id === 'late')!.events;
    const fact = factOf('late', [...late].reverse().concat(late));
    assert.ok(fact?.kind === 'disclosure-request');
    assert.deepEqual(fact.concluded?.replyDeadline, { status: 'late', dueOn: '2022-03-29' });
    const v1 = factOf('v1', cases.find((c) => c.id === 'v1')!.events);
    assert.ok(v1?.kind === 'disclosure-request');
    assert.deepEqual(v1.concluded?.replyDeadline, { status: 'unknown' });
  });

  it('counts the year’s concluded requests by deadline: a reply after its due date is late', () => {
    const facts = cases.map((c) => factOf(c.id, c.events)!);
    const counts = yearFigures(facts, { agencyIds: [CITY_AGENCY_ID], year: 2022 }).requests.replyDeadlines;
    const expected = { within: 0, late: 0, unknown: 0, 'not-applicable': 0 };
    for (const c of cases) if (c.year === 2022) expected[c.status]++;
    assert.deepEqual(counts, expected);
  });
});
