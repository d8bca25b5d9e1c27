// The consultations service over HTTP in real mode: FerretDB/MongoDB store, Kafka topic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContractRegistry, fromWireValue, type EventEnvelope } from '#contracts';
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { ConsultationsServiceModule } from './consultations.module.js';
import { asUser, http, startService, type ServiceUnderTest } from './testing/service-under-test.js';

const real = await integrationInfra();

describe('consultations service over HTTP (real Kafka + store)', { skip: real.skip }, () => {
  let svc: ServiceUnderTest;
  const registry = createContractRegistry();

  before(async () => {
    svc = await startService(
      (runtime, o) => ConsultationsServiceModule.register(runtime, { ...o, relay: { pollIntervalMs: 200 } }),
      real.infra!,
      uniqueName('consultations-http'),
    );
  });
  after(async () => {
    await svc?.close();
  });

  const agency = 'liling-city';
  /** As a clerk of `agency` unless told otherwise. */
  const call = <T = Record<string, unknown>>(path: string, init: Parameters<typeof http>[1] = {}) =>
    http<T>(`${svc.url}${path}`, { as: agency, ...init });

  it('records a consultation once per Idempotency-Key, with its version as ETag', async () => {
    const key = uniqueName('c');
    const body = { agencyId: agency, channel: 'phone', receivedOn: '2009-03-02', topic: 'land-registration' };
    const first = await call('/consultations/consultations', {
      method: 'POST',
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('etag'), '"1"');
    assert.equal(first.headers.get('location'), `/consultations/consultations/${first.body.id}`);
    const again = await call('/consultations/consultations', {
      method: 'POST',
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(again.status, 201);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.version, 1);
    const reused = await call('/consultations/consultations', {
      method: 'POST',
      body: { ...body, channel: 'online' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, 'idempotency-key.reused');
  });

  it('accepts a consultation answered on 2023-10-02 (国庆) with a warning on answeredOn; none on a working day', async () => {
    type Warned = { id: string; warnings: Array<Record<string, unknown>> };
    const body = { agencyId: agency, channel: 'on-site', receivedOn: '2023-09-27', topic: 'land-registration' };
    const received = await call<Warned>('/consultations/consultations', { method: 'POST', body });
    assert.equal(received.status, 201, JSON.stringify(received.body));
    assert.deepEqual(received.body.warnings, [], 'a Wednesday');
    const answered = await call<Warned>(`/consultations/consultations/${received.body.id}/answer`, {
      method: 'POST',
      body: { answeredOn: '2023-10-02' },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.deepEqual(
      answered.body.warnings.map((w) => [w.field, w.date, w.rule, w.holiday]),
      [['answeredOn', '2023-10-02', 'legal-date.non-working-day', '中秋节、国庆节']],
    );
  });

  it('answers 400 naming each bad field and rule, and 422 naming the broken business rule', async () => {
    const bad = await call<{ violations: Array<{ field: string; rule: string }> }>('/consultations/consultations', {
      method: 'POST',
      body: { agencyId: 'atlantis', channel: 'fax', receivedOn: '2009-02-30', name: 'Zhang San' },
    });
    assert.equal(bad.status, 400);
    // A well-formed agency id passes the format; whether the agency exists is a rule (below).
    assert.deepEqual(bad.body.violations.map((v) => `${v.field}:${v.rule}`).sort(), [
      'channel:invalid_value',
      'name:unrecognized_keys',
      'receivedOn:invalid_format',
    ]);
    const unknownAgency = await call<{ rule: string; violations: Array<{ field: string }> }>(
      '/consultations/consultations',
      { method: 'POST', body: { agencyId: 'atlantis', channel: 'phone', receivedOn: '2009-03-02' } },
    );
    assert.equal(unknownAgency.status, 422, JSON.stringify(unknownAgency.body));
    assert.equal(unknownAgency.body.rule, 'agency.unknown');
    assert.equal(unknownAgency.body.violations[0]?.field, 'agencyId');
    const future = await call<{ rule: string; violations: Array<{ field: string }> }>('/consultations/consultations', {
      method: 'POST',
      body: { agencyId: agency, channel: 'phone', receivedOn: '2999-01-01' },
    });
    assert.equal(future.status, 422);
    assert.equal(future.body.rule, 'date.in-future');
    assert.equal(future.body.violations[0]?.field, 'receivedOn');
  });

  it('answers with If-Match: a stale version is 409, an answer twice is 409, an unknown case 404', async () => {
    const created = await call('/consultations/consultations', {
      method: 'POST',
      body: { agencyId: agency, channel: 'on-site', receivedOn: '2009-04-01' },
    });
    const id = created.body.id as string;
    const stale = await call(`/consultations/consultations/${id}/answer`, {
      method: 'POST',
      body: { answeredOn: '2009-04-01' },
      headers: { 'if-match': '"7"' },
    });
    assert.equal(stale.status, 409);
    const answered = await call(`/consultations/consultations/${id}/answer`, {
      method: 'POST',
      body: { answeredOn: '2009-04-02' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(answered.status, 200);
    assert.equal(answered.headers.get('etag'), '"2"');
    assert.equal(answered.body.status, 'answered');
    const twice = await call(`/consultations/consultations/${id}/answer`, {
      method: 'POST',
      body: { answeredOn: '2009-04-03' },
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.rule, 'consultation.already-answered');
    assert.equal((await call('/consultations/consultations/00000000-0000-7000-8000-000000000000')).status, 404);
  });

  it('answers an answer retried with its Idempotency-Key (and its If-Match) with the first result', async () => {
    const created = await call('/consultations/consultations', {
      method: 'POST',
      body: { agencyId: agency, channel: 'phone', receivedOn: '2009-05-01' },
    });
    const id = created.body.id as string;
    const answer = (answeredOn: string) =>
      call(`/consultations/consultations/${id}/answer`, {
        method: 'POST',
        body: { answeredOn },
        headers: { 'if-match': '"1"', 'idempotency-key': `answer-${id}` },
      });
    const first = await answer('2009-05-02');
    assert.equal(first.status, 200);
    // The answer was lost; the same request again — without the key this is 409 (stale If-Match).
    const again = await answer('2009-05-02');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.headers.get('etag'), '"2"');
    assert.equal(again.body.answeredOn, '2009-05-02');
    const otherBody = await answer('2009-05-03');
    assert.equal(otherBody.status, 422);
    assert.equal(otherBody.body.rule, 'idempotency-key.reused');
  });

  it('lists with filters and paging', async () => {
    const county = 'yanling-county';
    for (const [channel, receivedOn] of [
      ['online', '2009-05-01'],
      ['online', '2009-05-02'],
      ['phone', '2009-05-03'],
      ['online', '2009-06-01'],
    ]) {
      const r = await call('/consultations/consultations', {
        method: 'POST',
        body: { agencyId: county, channel, receivedOn },
        as: county,
      });
      assert.equal(r.status, 201);
    }
    const page1 = await call<{ items: Array<{ receivedOn: string }>; total: number }>(
      `/consultations/consultations?agencyId=${county}&channel=online&from=2009-05-01&to=2009-05-31&pageSize=1`,
      { as: county },
    );
    assert.equal(page1.status, 200);
    assert.equal(page1.body.total, 2);
    assert.deepEqual(
      page1.body.items.map((i) => i.receivedOn),
      ['2009-05-02'],
    );
    const page2 = await call<{ items: Array<{ receivedOn: string }> }>(
      `/consultations/consultations?agencyId=${county}&channel=online&from=2009-05-01&to=2009-05-31&pageSize=1&page=2`,
      { as: county },
    );
    assert.deepEqual(
      page2.body.items.map((i) => i.receivedOn),
      ['2009-05-01'],
    );
    const badQuery = await call('/consultations/consultations?pageSize=0&sort=$where');
    assert.equal(badQuery.status, 400);
  });

  it('replaces a re-declared page-view period instead of adding to it', async () => {
    const put = (period: string, source: string, views: number) =>
      call(`/consultations/page-views/${agency}/${period}/${source}`, { method: 'PUT', body: { views } });
    assert.equal((await put('2009-01', 'portal', 1000)).body.yearTotal, 1000);
    assert.equal((await put('2009-02', 'portal', 500)).body.yearTotal, 1500);
    const replaced = await put('2009-01', 'portal', 1200);
    assert.equal(replaced.body.yearTotal, 1700);
    const overlap = await put('2009', 'portal', 32800);
    assert.equal(overlap.status, 422);
    assert.equal(overlap.body.rule, 'period.overlaps');
    const tally = await call<{ figures: Record<string, Record<string, number>> }>(
      `/consultations/page-views/${agency}/2009`,
    );
    assert.deepEqual(tally.body.figures, { portal: { '2009-01': 1200, '2009-02': 500 } });
    const info = await call(`/consultations/service-information/${agency}/2009`, {
      method: 'PUT',
      body: { items: 78810 },
    });
    assert.equal(info.status, 200);
    assert.equal(info.body.yearTotal, 78810);
  });

  it('answers a declaration retried with its Idempotency-Key (and the If-Match it was sent with) with the first result', async () => {
    const put = (views: number, headers: Record<string, string>) =>
      call(`/consultations/page-views/${agency}/2010-03/portal`, { method: 'PUT', body: { views }, headers });
    const created = await put(100, { 'idempotency-key': 'pv-2010-03-a' });
    assert.equal(created.status, 200);
    const seen = created.headers.get('etag')!;
    const first = await put(300, { 'if-match': seen, 'idempotency-key': 'pv-2010-03-b' });
    assert.equal(first.status, 200);
    // The answer was lost; the same request again, If-Match and all.
    const again = await put(300, { 'if-match': seen, 'idempotency-key': 'pv-2010-03-b' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.headers.get('etag'), first.headers.get('etag'));
    assert.equal(again.body.yearTotal, 300);
    const otherBody = await put(400, { 'if-match': seen, 'idempotency-key': 'pv-2010-03-b' });
    assert.equal(otherBody.status, 422);
    assert.equal(otherBody.body.rule, 'idempotency-key.reused');
  });

  it('imports a CSV batch: per-row errors, valid rows committed, a re-send commits nothing twice', async () => {
    const batchId = uniqueName('csv');
    const csv = [
      'receivedOn,channel,agencyId,contacts',
      '2009-07-01,phone,,3',
      '2009-07-01,现场,,2',
      '2009-07-02,fax,,1',
      '2009-07-02,online,zhuzhou-city,1',
      '',
      '2009-07-03,online,,1',
    ].join('\n');
    const send = () =>
      call<Record<string, unknown> & { errors: Array<{ row: number; field: string; rule: string }> }>(
        `/consultations/batches/${batchId}?agencyId=${agency}`,
        { method: 'PUT', body: csv, headers: { 'content-type': 'text/csv' } },
      );
    const first = await send();
    assert.equal(first.status, 201);
    assert.equal(first.body.rows, 5);
    assert.equal(first.body.acceptedRows, 3);
    assert.equal(first.body.contacts, 6);
    assert.deepEqual(
      first.body.errors.map((e) => `${e.row}:${e.field}:${e.rule}`),
      ['3:channel:channel.unknown', '4:agencyId:agency.outside-batch'],
    );
    const second = await send();
    assert.equal(second.status, 200);
    assert.equal(second.body.resent, true);
    assert.equal(second.body.chunksCommittedNow, 0);
    const other = await call(`/consultations/batches/${batchId}?agencyId=${agency}`, {
      method: 'PUT',
      body: `${csv}\n2009-07-04,online,,1`,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(other.status, 409);
    assert.equal(other.body.rule, 'batch.id-reused');
    const wrongType = await call(`/consultations/batches/${batchId}?agencyId=${agency}`, {
      method: 'PUT',
      body: { rows: [] },
    });
    assert.equal(wrongType.status, 415);
    const record = await call(`/consultations/batches/${batchId}`);
    assert.equal(record.body.status, 'completed');
    assert.equal(record.body.errorCount, 2);
  });

  it('imports an NDJSON batch and refuses a CSV header with unknown columns', async () => {
    const ndjson = [
      JSON.stringify({ receivedOn: '2009-08-01', channel: 'online', contacts: 5 }),
      JSON.stringify({ receivedOn: '2009-08-01', channel: 'phone', phone: '13800000000' }),
    ].join('\n');
    const r = await call<{ acceptedRows: number; errors: Array<{ field: string; rule: string }> }>(
      `/consultations/batches/${uniqueName('nd')}?agencyId=${agency}`,
      { method: 'PUT', body: ndjson, headers: { 'content-type': 'application/x-ndjson' } },
    );
    assert.equal(r.status, 201);
    assert.equal(r.body.acceptedRows, 1);
    assert.deepEqual(
      r.body.errors.map((e) => `${e.field}:${e.rule}`),
      ['phone:unrecognized_keys'],
    );
    const header = await call(`/consultations/batches/${uniqueName('hd')}?agencyId=${agency}`, {
      method: 'PUT',
      body: 'receivedOn,channel,name\n2009-08-01,phone,Zhang San',
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(header.status, 422);
    assert.equal(header.body.rule, 'batch.header-invalid');
  });

  it('publishes its events to consultations.events, valid against the published contracts', async () => {
    const created = await call('/consultations/consultations', {
      method: 'POST',
      body: { agencyId: agency, channel: 'online', receivedOn: '2009-09-09' },
    });
    const id = created.body.id as string;
    const transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
    try {
      const found = await eventually(
        async () => {
          const mine = (await transport.read(svc.topic('consultations'))).filter((m) => m.key === id);
          return mine.length > 0 ? mine : undefined;
        },
        { what: `the event of ${id} on consultations.events`, timeoutMs: 30_000 },
      );
      const events = found.map((m) => registry.read(fromWireValue(m.value)) as EventEnvelope);
      assert.equal(events[0]?.type, 'consultations.ConsultationReceived');
      assert.equal(events[0]?.agencyId, agency);
      assert.equal(events[0]?.occurredAt, '2009-09-09T00:00:00+08:00');
    } finally {
      await transport.close();
    }
  });

  it('answers 401 without a token, and 403 outside the caller’s role or agency', async () => {
    const body = { agencyId: agency, channel: 'phone', receivedOn: '2009-03-02' };
    assert.equal((await call('/consultations/consultations', { method: 'POST', body, as: false })).status, 401);
    const auditor = await call('/consultations/consultations', {
      method: 'POST',
      body,
      headers: asUser(agency, ['auditor']),
    });
    assert.equal(auditor.status, 403);
    const created = await call('/consultations/consultations', { method: 'POST', body });
    const otherCounty = await call(`/consultations/consultations/${created.body.id}`, { as: 'you-county' });
    assert.equal(otherCounty.status, 403);
    assert.equal(otherCounty.body.rule, 'auth.agency');
    // The city reads the roll-up of its counties, but does not work their cases.
    assert.equal((await call(`/consultations/consultations/${created.body.id}`, { as: 'zhuzhou-city' })).status, 200);
    const cityAnswers = await call(`/consultations/consultations/${created.body.id}/answer`, {
      method: 'POST',
      body: { answeredOn: '2009-03-03' },
      as: 'zhuzhou-city',
    });
    assert.equal(cityAnswers.status, 403);
    assert.equal((await call('/consultations/consultations?agencyId=you-county', { as: agency })).status, 403);
  });

  it('serves its OpenAPI document', async () => {
    const doc = await call<{ paths: Record<string, unknown> }>('/docs-json');
    assert.equal(doc.status, 200);
    for (const path of [
      '/consultations/consultations',
      '/consultations/consultations/{id}/answer',
      '/consultations/batches/{batchId}',
      '/consultations/page-views/{agencyId}/{period}/{source}',
    ]) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
  });
});
