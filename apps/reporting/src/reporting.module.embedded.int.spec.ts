// Integration tier (ADR 0011): it boots the reporting service's Nest module and waits for its
// projection to catch up on the wall clock. Its adapters are the in-memory ones, so it needs no broker
// or store of its own.
// The reporting service in embedded mode (in-memory store and transport): the seed year arrives on
// the source topics as the owning services would publish it, and the service reconciles the seed's
// published report against what it derived — exactly the inconsistencies of REPORTS §1.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  agencyAndDescendants,
  CITY_AGENCY_ID,
  type EventEnvelope,
  eventsTopic,
  type ServiceName,
  serviceOf,
  toWireMessage,
} from '#contracts';
import { embeddedTransport, resetEmbeddedTransport } from '#event-sourcing/nest';
import { eventually } from '#testing';
import { AnnualReportsService } from './annual-report/application/annual-reports.service.js';
import { type ExplainedFigure } from './annual-report/domain/explanation.js';
import { StatisticsProjection } from './annual-report/application/statistics-projection.js';
import { SEED_DECLARED, SEED_YEAR, seedCases, seedFiling } from './annual-report/testing/seed-2009.js';
import { SourceEventEmitter } from './annual-report/testing/source-events.js';
import { ReportingServiceModule } from './reporting.module.js';

const ctx = (iso: string) => ({
  now: new Date(iso),
  actor: 'office-head',
  correlationId: 'test',
  newId: (() => {
    let n = 0;
    return () => `0190dddd-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;
  })(),
});

describe('the reporting service, embedded, fed the seed year', () => {
  let app: INestApplicationContext;
  let reports: AnnualReportsService;
  let published = 0;
  const key = { agencyId: CITY_AGENCY_ID, scope: 'rollup' as const, year: SEED_YEAR };

  before(async () => {
    resetEmbeddedTransport();
    app = await NestFactory.createApplicationContext(
      ReportingServiceModule.register({ mode: 'embedded' }, { followEveryMs: 60_000 }),
      { logger: false },
    );
    await app.init();
    reports = app.get(AnnualReportsService);
    const emitter = new SourceEventEmitter('0190eeee');
    const agencies = agencyAndDescendants(CITY_AGENCY_ID);
    const events: EventEnvelope[] = seedCases({
      cityAgencyId: CITY_AGENCY_ID,
      countyAgencyIds: agencies.slice(1),
    }).flatMap((c) => emitter.eventsOf(c));
    published = events.filter((e) => serviceOf(e.type) === 'publications').length;
    const transport = embeddedTransport();
    for (const service of ['applications', 'publications', 'consultations', 'enforcement', 'appeals'] as const) {
      const batch = events.filter((e) => serviceOf(e.type) === service).map(toWireMessage);
      await transport.publish(eventsTopic(service as ServiceName), batch);
    }
    const projection = app.get(StatisticsProjection);
    await eventually(async () => (await projection.lag()).topics.every((t) => t.events === 0), {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'the seed year projected',
    });
  });

  after(async () => {
    await app?.close();
    resetEmbeddedTransport();
  });

  it('reconciles the published 2009 report: exactly the inconsistencies of REPORTS §1', async () => {
    await reports.declareFacts(key, SEED_DECLARED, ctx('2010-01-10T09:00:00+08:00'));
    const result = await reports.reconcile(key, '2008', seedFiling);
    assert.deepEqual(result.discrepancies, [
      { table: '附表二 依申请公开政府信息情况统计', path: ['对申请的答复总数'], filed: 0, derived: 14 },
      {
        table: '附表二 依申请公开政府信息情况统计',
        path: ['对申请的答复总数', '同意部分公开数'],
        filed: 14,
        derived: 0,
      },
      { table: '正文', path: ['受理申请总数'], filed: 12, derived: 14 },
    ]);
    assert.deepEqual(
      result.violations.map((v) => v.rule),
      [
        'filed.table-printed-more-than-once',
        'filed.table-printed-more-than-once',
        '2008-2.replies-equal-breakdown',
        '2008-2.one-outcome-per-request',
        'filed.text-contradicts-table',
      ],
    );
    assert.deepEqual(result.unmatched, []);
    assert.deepEqual(result.unfiled, []);
  });

  it('closes 2009 with its manifest and publishes it late, as the seed was (2010-04-19, after 31 March)', async () => {
    const closed = await reports.close(key, ctx('2010-01-15T10:00:00+08:00'));
    assert.equal(closed.status, 'closed');
    const frozen = await reports.report(key, '2008');
    assert.equal(frozen.status, 'closed');
    assert.deepEqual(
      frozen.checks.filter((c) => !c.holds),
      [],
    );
    const counts = frozen.manifest.eventCounts as Array<{ topic: string; events: number }>;
    // 1808 publications and 10 normative documents.
    assert.equal(counts.find((c) => c.topic === 'publications.events')?.events, published);
    assert.equal(published, 1818);
    const view = await reports.publish(key, ctx('2010-04-19T10:00:00+08:00'));
    assert.deepEqual(view.published, { publishedOn: '2010-04-19', deadline: '2010-03-31', onTime: false });
  });

  it('lists a repeal recorded after the close and dated inside the closed year among its late events', async () => {
    // A document issued in 2010 is in force at the close of 2011; its repeal, dated 2010-12-01, is
    // recorded only after the close: 2011's 现行有效件数 drops although the case no longer counts in 2011.
    const agencyId = agencyAndDescendants(CITY_AGENCY_ID)[1]!;
    const closedKey = { agencyId, scope: 'agency' as const, year: 2011 };
    const streamId = 'late-repeal-document';
    const [issued, repealed] = new SourceEventEmitter('0190eeef').eventsOf({
      source: 'normative-document',
      streamId,
      agencyId,
      steps: [
        {
          date: '2010-03-01',
          changes: [{ kind: 'normative-document', type: 'issued', date: '2010-03-01', documentKind: 'regulation' }],
        },
        { date: '2010-12-01', changes: [{ kind: 'normative-document', type: 'repealed', date: '2010-12-01' }] },
      ],
    });
    const projection = app.get(StatisticsProjection);
    const deliver = async (e: EventEnvelope) => {
      await embeddedTransport().publish(eventsTopic('publications'), [toWireMessage(e)]);
      await eventually(async () => (await projection.lag()).topics.every((t) => t.events === 0), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: `${e.type} projected`,
      });
    };
    await deliver(issued!);
    await reports.close(closedKey, ctx('2012-01-10T10:00:00+08:00'));
    const inForce = (tables: readonly { id: string; rows: readonly unknown[] }[]) => {
      const rows = tables.find((t) => t.id === 'national-2')!.rows as Array<{
        children?: Array<{ label: string; values?: Record<string, number> }>;
      }>;
      return rows[0]!.children!.find((r) => r.label === '规章')!.values!['现行有效件数']!;
    };
    const frozen = inForce((await reports.report(closedKey, 'national-2021')).tables);
    assert.ok(frozen >= 1, 'the document counts in force at the close');
    // The explanation of 现行有效件数 is frozen with the figure: its parts add up to it as closed.
    const explainedInForce = async (report: { explanation?: readonly ExplainedFigure[] }) => {
      const explained = report.explanation?.find((x) => x.column === '现行有效件数' && x.path.at(-1) === '规章');
      assert.ok(explained, 'the report explains 现行有效件数 of 规章');
      return { value: explained.value, sum: explained.parts.reduce((n, p) => n + p.value, 0) };
    };
    assert.deepEqual(await explainedInForce(await reports.report(closedKey, 'national-2021')), {
      value: frozen,
      sum: frozen,
    });
    await deliver(repealed!);
    // The late repeal moves the live explanation (as of the year end), never the closed one.
    assert.deepEqual(await explainedInForce(await reports.report(closedKey, 'national-2021')), {
      value: frozen,
      sum: frozen,
    });
    assert.deepEqual(await explainedInForce(await reports.report(closedKey, 'national-2021', '2011-12-31')), {
      value: frozen - 1,
      sum: frozen - 1,
    });
    const adjustments = (await reports.adjustments(closedKey))!;
    assert.deepEqual(
      adjustments.lateEvents.map((e) => [e.streamId, e.eventType]),
      [[streamId, 'publications.NormativeDocumentRepealed']],
    );
    assert.deepEqual(
      adjustments.differences
        .filter((d) => d.template === 'national-2021' && d.column === '现行有效件数')
        .map((d) => [d.path.at(-1), d.frozen, d.live]),
      [['规章', frozen, frozen - 1]],
    );
  });
});
