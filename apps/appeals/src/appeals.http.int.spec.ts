// The appeals service over HTTP in real mode: FerretDB/MongoDB store, Kafka topics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { createContractRegistry, fromWireValue } from '#contracts';
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { AppealsServiceModule } from './appeals.module.js';
import { disclosureRequestReceivedEvent, publishAct } from './testing/acts.js';
import { asUser, http, startService, type ServiceUnderTest } from './testing/service-under-test.js';

const real = await integrationInfra();

type Appeal = Record<string, unknown> & { id: string; version: number; actStatus: string };

describe('appeals service over HTTP (real Kafka + store)', { skip: real.skip }, () => {
  let svc: ServiceUnderTest;
  let transport: KafkaTransport;
  /** A disclosure request of the city bureau, known to the service before the tests file against it. */
  const request = uuidv7();

  before(async () => {
    svc = await startService(
      (runtime, o) =>
        AppealsServiceModule.register(runtime, {
          ...o,
          relay: { pollIntervalMs: 200 },
        }),
      real.infra!,
      uniqueName('appeals-http'),
    );
    transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
    await publishAct(transport, disclosureRequestReceivedEvent(request, 'zhuzhou-city'), svc.topicPrefix);
    await eventually(async () => (await http(`${svc.url}/appeals/known-acts/${request}`)).status === 200, {
      what: 'the request known to the appeals service',
      timeoutMs: 60_000,
    });
  });
  after(async () => {
    await transport?.close();
    await svc?.close();
  });

  const url = (path: string): string => `${svc.url}${path}`;
  const reconsideration = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    http<Appeal>(url('/appeals/reconsiderations'), {
      method: 'POST',
      body: {
        agencyId: 'zhuzhou-city',
        act: { kind: 'disclosure-request', ref: request },
        knownOn: '2009-05-04',
        filedOn: '2009-05-20',
        acceptedOn: '2009-05-22',
        ...body,
      },
      headers,
    });

  it('files a reconsideration against a known act: confirmed at once, with its timers, once per key', async () => {
    const key = uniqueName('rec');
    const filed = await reconsideration({}, { 'idempotency-key': key });
    assert.equal(filed.status, 201);
    assert.equal(filed.headers.get('etag'), '"1"');
    assert.deepEqual(
      [
        filed.body.actStatus,
        filed.body.filingDeadline,
        filed.body.filedInTime,
        filed.body.decisionDueOn,
        filed.body.status,
      ],
      ['confirmed', '2009-07-03', true, '2009-07-21', 'pending'],
    );
    assert.equal((await reconsideration({}, { 'idempotency-key': key })).body.id, filed.body.id);
  });

  it('records a late filing as late instead of refusing it', async () => {
    const late = await reconsideration({ filedOn: '2009-08-01', acceptedOn: undefined });
    assert.equal(late.status, 201);
    assert.equal(late.body.filedInTime, false);
    assert.equal(late.body.acceptedOn, '2009-08-01');
  });

  it('refuses an act of another agency at once, and names bad fields and rules', async () => {
    const mismatch = await http<Appeal>(url('/appeals/reconsiderations'), {
      method: 'POST',
      body: {
        agencyId: 'you-county',
        act: { kind: 'disclosure-request', ref: request },
        knownOn: '2009-05-04',
        filedOn: '2009-05-20',
      },
      as: 'you-county',
    });
    assert.equal(mismatch.status, 422);
    assert.equal(mismatch.body.rule, 'act.agency-mismatch');
    const wrongKind = await reconsideration({ act: { kind: 'enforcement-case', ref: request } });
    assert.equal(wrongKind.status, 422);
    assert.equal(wrongKind.body.rule, 'act.kind-mismatch');
    const bad = await http<{ violations: Array<{ field: string; rule: string }> }>(url('/appeals/reconsiderations'), {
      method: 'POST',
      body: { agencyId: 'zhuzhou-city', act: { kind: 'speech', ref: '' }, knownOn: 'yesterday', filedOn: '2009-05-20' },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.violations.map((v) => `${v.field}:${v.rule}`).sort(), [
      'act.kind:invalid_value',
      'act.ref:invalid_format',
      'knownOn:invalid_format',
    ]);
  });

  it('extends, decides and sues after the decision; refuses a second decision and a stale version', async () => {
    const rec = await reconsideration();
    const id = rec.body.id;
    const byClerk = await http(url(`/appeals/appeals/${id}/deadline-extension`), {
      method: 'POST',
      body: { days: 10 },
      headers: asUser('zhuzhou-city', ['clerk']),
    });
    assert.equal(byClerk.status, 403, 'an extension needs a supervisor');
    const extended = await http<Appeal>(url(`/appeals/appeals/${id}/deadline-extension`), {
      method: 'POST',
      body: { days: 45 },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(extended.status, 422);
    assert.equal(extended.body.rule, 'extension.too-long');
    const decided = await http<Appeal>(url(`/appeals/appeals/${id}/decision`), {
      method: 'POST',
      body: { decidedOn: '2009-07-10', result: 'upheld' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(decided.status, 200);
    assert.equal(decided.body.status, 'decided');
    assert.equal(decided.headers.get('etag'), '"2"');
    const stale = await http(url(`/appeals/appeals/${id}/decision`), {
      method: 'POST',
      body: { decidedOn: '2009-07-11', result: 'corrected' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(stale.status, 409);
    const twice = await http(url(`/appeals/appeals/${id}/decision`), {
      method: 'POST',
      body: { decidedOn: '2009-07-11', result: 'corrected' },
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.rule, 'appeal.already-decided');

    const suit = await http<Appeal>(url('/appeals/lawsuits'), {
      method: 'POST',
      body: { route: 'after-reconsideration', reconsiderationId: id, filedOn: '2009-07-20' },
    });
    assert.equal(suit.status, 201);
    assert.deepEqual(
      [suit.body.kind, suit.body.agencyId, suit.body.actRef, suit.body.filingDeadline, suit.body.filedInTime],
      ['lawsuit-after-reconsideration', 'zhuzhou-city', request, '2009-07-25', true],
    );
    const notRec = await http(url('/appeals/lawsuits'), {
      method: 'POST',
      body: { route: 'after-reconsideration', reconsiderationId: suit.body.id, filedOn: '2009-07-21' },
    });
    assert.equal(notRec.status, 422);
    assert.equal(notRec.body.rule, 'lawsuit.not-a-reconsideration');
    const direct = await http<Appeal>(url('/appeals/lawsuits'), {
      method: 'POST',
      body: {
        route: 'direct',
        agencyId: 'zhuzhou-city',
        act: { kind: 'disclosure-request', ref: request },
        knownOn: '2009-03-15',
        filedOn: '2009-06-16',
      },
    });
    assert.equal(direct.status, 201);
    assert.deepEqual([direct.body.filingDeadline, direct.body.filedInTime], ['2009-06-15', false]);
  });

  it('keeps a clerk’s If-Match valid when the system confirms the act meanwhile, not when a clerk changed it', async () => {
    // The act of this appeal arrives only after the filing, as when its service is slow or down.
    const lateRequest = uuidv7();
    const filed = await reconsideration({ act: { kind: 'disclosure-request', ref: lateRequest } });
    assert.equal(filed.body.actStatus, 'pending');
    assert.equal(filed.headers.get('etag'), '"1"');
    await publishAct(transport, disclosureRequestReceivedEvent(lateRequest, 'zhuzhou-city'), svc.topicPrefix);
    await eventually(async () => (await http<Appeal>(url(`/appeals/appeals/${filed.body.id}`))).body.version === 2, {
      what: 'the act confirmed by the system',
      timeoutMs: 60_000,
    });
    const decided = await http<Appeal>(url(`/appeals/appeals/${filed.body.id}/decision`), {
      method: 'POST',
      body: { decidedOn: '2009-07-10', result: 'upheld' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.deepEqual([decided.body.actStatus, decided.body.status], ['confirmed', 'decided']);
    assert.equal(decided.headers.get('etag'), '"3"');
    const afterClerk = await http<Appeal>(url(`/appeals/appeals/${filed.body.id}/decision`), {
      method: 'POST',
      body: { decidedOn: '2009-07-11', result: 'corrected' },
      headers: { 'if-match': '"2"' },
    });
    assert.equal(afterClerk.status, 409);
    assert.equal(afterClerk.body.rule, 'if-match.stale-version');
  });

  it('corrects the act reference of an appeal and lists appeals by filter, paged', async () => {
    const wrongRef = await reconsideration({
      act: { kind: 'disclosure-request', ref: uuidv7() },
      filedOn: '2009-06-01',
      acceptedOn: undefined,
    });
    assert.equal(wrongRef.body.actStatus, 'pending');
    const corrected = await http<Appeal>(url(`/appeals/appeals/${wrongRef.body.id}/act-reference`), {
      method: 'POST',
      body: { agencyId: 'zhuzhou-city', act: { kind: 'disclosure-request', ref: request } },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(corrected.status, 200);
    assert.equal(corrected.body.actStatus, 'confirmed');
    const listed = await http<{ items: Appeal[]; total: number }>(
      url(
        `/appeals/appeals?agencyId=zhuzhou-city&kind=reconsideration&actStatus=confirmed&from=2009-06-01&to=2009-06-01`,
      ),
    );
    assert.deepEqual(
      listed.body.items.map((a) => a.id),
      [wrongRef.body.id],
    );
    const page = await http<{ items: Appeal[]; total: number }>(url('/appeals/appeals?pageSize=2&page=1'));
    assert.equal(page.body.items.length, 2);
    assert.ok(page.body.total >= 6);
  });

  it('publishes its events to appeals.events, valid against the published contracts', async () => {
    const filed = await reconsideration({ filedOn: '2009-06-02', acceptedOn: undefined });
    const registry = createContractRegistry();
    const event = await eventually(
      async () =>
        (await transport.read(svc.topic('appeals')))
          .filter((m) => m.key === filed.body.id)
          .map((m) => registry.read(fromWireValue(m.value)))[0],
      { what: 'the filing on appeals.events', timeoutMs: 30_000 },
    );
    assert.equal(event.type, 'appeals.ReconsiderationFiled');
    assert.equal(event.occurredAt, '2009-06-02T00:00:00+08:00');
    assert.equal((event.data as { actConfirmation: string }).actConfirmation, 'confirmed');
  });

  it('accepts a reconsideration filed on 2023-10-02 (国庆) with a warning on filedOn; none on a working day', async () => {
    const holiday = await reconsideration({ filedOn: '2023-10-02', acceptedOn: undefined });
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    const warnings = (holiday.body as unknown as { warnings: Array<Record<string, unknown>> }).warnings;
    assert.deepEqual(
      warnings.map((w) => [w.field, w.date, w.rule, w.holiday]),
      [['filedOn', '2023-10-02', 'legal-date.non-working-day', '中秋节、国庆节']],
    );
    const working = await reconsideration({ filedOn: '2023-10-09', acceptedOn: undefined });
    assert.equal(working.status, 201, JSON.stringify(working.body));
    assert.deepEqual((working.body as unknown as { warnings: unknown[] }).warnings, []);
  });

  it('serves its OpenAPI document', async () => {
    const doc = await http<{ paths: Record<string, unknown> }>(url('/docs-json'));
    for (const path of [
      '/appeals/reconsiderations',
      '/appeals/lawsuits',
      '/appeals/appeals/{id}/decision',
      '/appeals/appeals/{id}/act-reference',
      '/appeals/appeals',
    ]) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
  });
});
