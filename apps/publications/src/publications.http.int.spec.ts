// The publications service over HTTP, in real mode (FerretDB or MongoDB, and Kafka): each rule
// answers with its status and rule id, re-declaring a period replaces it, the year counts follow,
// and every event reaches publications.events valid against its published JSON Schema.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContractRegistry, eventsTopic, fromWireValue, type EventEnvelope } from '#contracts';
import { publicationsContracts } from '#contracts/publications';
import { OutboxRelay } from '#event-sourcing/outbox';
import { KafkaTransport } from '#messaging';
import {
  asUser,
  deleteTopics,
  dropDatabase,
  eventually,
  HttpClient,
  integrationInfra,
  type Json,
  mongoUriWithDb,
  publishedSchemaErrors,
  type Running,
  startModule,
  TEST_AUTH,
  kafkaClient,
  realRuntime,
  uniqueName,
} from '#testing';
import { PublicationsServiceModule } from './publications.module.js';

const real = await integrationInfra();

describe(`publications service over HTTP (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const prefix = `${uniqueName('s1')}.`;
  const mongoUri = mongoUriWithDb(real.infra?.mongoUri ?? 'mongodb://x/', uniqueName('s1_pubs').replaceAll('-', '_'));
  let service: Running;
  let http: HttpClient;
  let key = 0;
  // Clerks record and change only their own agency's cases: each case is worked by a clerk of its agency.
  const clerkOf = (agencyId: string): HttpClient =>
    agencyId === 'zhuzhou-city'
      ? http
      : new HttpClient(service.baseUrl, asUser(agencyId, ['clerk', 'supervisor'], `clerk-${agencyId}`));
  const create = (path: string, body: { agencyId: string } & Record<string, unknown>, k = `${prefix}k${++key}`) =>
    clerkOf(body.agencyId).post(path, body, { 'idempotency-key': k });

  before(async () => {
    service = await startModule(
      PublicationsServiceModule.register(realRuntime(real.infra!, mongoUri), {
        topicPrefix: prefix,
        relay: { pollIntervalMs: 200, leaseRenewEveryMs: 200, leaseTtlMs: 1000 },
        auth: TEST_AUTH.settings,
      }),
    );
    http = new HttpClient(service.baseUrl);
  });

  after(async () => {
    await service?.close();
    await dropDatabase(mongoUri).catch(() => {});
    await deleteTopics(real.infra!, [`${prefix}${eventsTopic('publications')}`]).catch(() => {});
  });

  it('serves its OpenAPI document at /docs-json', async () => {
    const doc = await http.get('/docs-json');
    for (const path of [
      '/publications/proactive-publications',
      '/publications/normative-documents/counts',
      '/publications/catalogue-entries',
      '/publications/licensing-decisions/{agencyId}/{period}',
      '/publications/fees-collected/{agencyId}/{period}',
    ]) {
      assert.ok(doc.body.paths[path], `no ${path} in the OpenAPI document`);
    }
  });

  it('records proactive publications once per key, retracts them, and counts a year', async () => {
    const P = '/publications/proactive-publications';
    const body = {
      agencyId: 'zhuzhou-city',
      title: '2009年度土地利用计划',
      category: 'planning',
      fullTextElectronic: true,
      publishedOn: '2009-04-15',
    };
    const k = `${prefix}pub-1`;
    const first = await create(P, body, k);
    assert.equal(first.status, 201);
    assert.equal((await create(P, body, k)).body.id, first.body.id);
    await create(P, { ...body, title: '征地补偿标准', category: 'land-requisition', fullTextElectronic: false });
    const third = await create(P, { ...body, title: '重复录入' });
    const retracted = await http.post(
      `${P}/${third.body.id}/retraction`,
      { retractedOn: '2009-05-02', reason: '重复录入' },
      { 'if-match': third.etag! },
    );
    assert.equal(retracted.body.status, 'retracted');
    const twice = await http.post(`${P}/${third.body.id}/retraction`, { retractedOn: '2009-05-03', reason: 'x' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.rule, 'publication.already-retracted');
    await create(P, { ...body, publishedOn: '2010-01-05' });

    const counts = await http.get(`${P}/counts?agencyId=zhuzhou-city&year=2009`);
    assert.deepEqual(counts.body, { year: 2009, published: 2, fullTextElectronic: 1 });

    const bad = await create(P, { ...body, category: 'gossip', fullTextElectronic: 'yes' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.violations.map((v: { field: string }) => v.field).sort(), [
      'category',
      'fullTextElectronic',
    ]);
    const future = await create(P, { ...body, publishedOn: '2999-01-01' });
    assert.equal(future.status, 422);
    assert.equal(future.body.rule, 'date.in-future');

    const list = await http.get(
      `${P}?agencyId=zhuzhou-city&status=published&publishedFrom=2009-01-01&publishedTo=2009-12-31`,
    );
    assert.equal(list.body.total, 2);
  });

  it('counts normative documents issued, repealed and in force per year', async () => {
    const N = '/publications/normative-documents';
    const doc = { agencyId: 'you-county', kind: 'normative-document', title: '实施细则', issuedOn: '2009-06-01' };
    const a = await create(N, { ...doc, documentNumber: '攸国土资发〔2009〕3号' });
    await create(N, { ...doc, title: '规范性文件二', issuedOn: '2009-09-01' });
    await create(N, { ...doc, kind: 'rule', title: '规章', issuedOn: '2010-02-01' });
    const you = clerkOf('you-county');
    const repealed = await you.post(`${N}/${a.body.id}/repeal`, { repealedOn: '2010-03-01' }, { 'if-match': a.etag! });
    assert.equal(repealed.body.status, 'repealed');
    const early = await you.post(`${N}/${a.body.id}/repeal`, { repealedOn: '2010-03-02' });
    assert.equal(early.body.rule, 'normative-document.already-repealed');

    const y2009 = (await http.get(`${N}/counts?agencyId=you-county&year=2009`)).body;
    assert.deepEqual(y2009.byKind['normative-document'], { issued: 2, repealed: 0, inForce: 2 });
    const y2010 = (await http.get(`${N}/counts?agencyId=you-county&year=2010`)).body;
    assert.deepEqual(y2010.byKind['normative-document'], { issued: 0, repealed: 1, inForce: 1 });
    assert.deepEqual(y2010.byKind.rule, { issued: 1, repealed: 0, inForce: 1 });
  });

  it('keeps the catalogue of information available on request', async () => {
    const C = '/publications/catalogue-entries';
    const e = await create(C, { agencyId: 'liling-city', title: '建设用地批准书存档', listedOn: '2009-02-01' });
    await create(C, { agencyId: 'liling-city', title: '土地登记簿', listedOn: '2009-03-01' });
    await clerkOf('liling-city').post(
      `${C}/${e.body.id}/delisting`,
      { delistedOn: '2009-12-01' },
      { 'if-match': e.etag! },
    );
    assert.equal((await http.get(`${C}/count?agencyId=liling-city&on=2009-11-30`)).body.entries, 2);
    assert.equal((await http.get(`${C}/count?agencyId=liling-city&on=2009-12-31`)).body.entries, 1);
  });

  it('declares 行政许可 counts and fees per period: a correction replaces, overlaps are refused', async () => {
    const L = '/publications/licensing-decisions/zhuzhou-city';
    const q1 = await http.put(`${L}/2021-Q1`, { count: 118 });
    assert.equal(q1.status, 200);
    const q2 = await http.put(`${L}/2021-Q2`, { count: 90 });
    assert.equal(q2.body.yearTotal, 208);
    const corrected = await http.put(`${L}/2021-Q1`, { count: 120 }, { 'if-match': q2.etag! });
    assert.equal(corrected.body.yearTotal, 210);
    assert.deepEqual(corrected.body.periods, [
      { period: '2021-Q1', value: 120, source: null, note: null },
      { period: '2021-Q2', value: 90, source: null, note: null },
    ]);
    const stale = await http.put(`${L}/2021-Q2`, { count: 91 }, { 'if-match': q2.etag! });
    assert.equal(stale.status, 409);
    const same = await http.put(`${L}/2021-Q2`, { count: 90 });
    assert.equal(same.etag, corrected.etag, 'declaring the same count records nothing');
    const overlap = await http.put(`${L}/2021-02`, { count: 40 });
    assert.equal(overlap.status, 422);
    assert.equal(overlap.body.rule, 'period.overlaps');
    const badPeriod = await http.put(`${L}/2021-Q7`, { count: 1 });
    assert.equal(badPeriod.status, 400);
    assert.equal(badPeriod.body.violations[0].field, 'period');
    const year = await http.get(`${L}/2021`);
    assert.equal(year.body.yearTotal, 210);
    assert.equal((await http.get(`${L}/2021/history`)).body.length, 3);

    const fees = await http.put('/publications/fees-collected/zhuzhou-city/2021', { amountFen: 152_000_00 });
    assert.equal(fees.body.unit, 'fen');
    assert.equal(fees.body.yearTotal, 152_000_00);
    const listed = await http.get('/publications/licensing-decisions?agencyId=zhuzhou-city');
    assert.deepEqual(
      listed.body.items.map((i: { year: number; yearTotal: number }) => [i.year, i.yearTotal]),
      [[2021, 210]],
    );
  });

  it('declares 行政处罚 and 行政强制 counts in the shape of 行政许可, and chooses where a year’s count comes from', async () => {
    // Choosing the source is a supervisor's: the office head answers for the figure.
    const office = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['supervisor'], 'city-office-head'));
    const clerk = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['clerk'], 'city-clerk'));
    for (const kind of ['penalty', 'coercion'] as const) {
      const D = `/publications/${kind}-decisions/zhuzhou-city`;
      const http = kind === 'penalty' ? clerk : office;
      const notClerks = await clerk.put(`${D}/2022/counted-from`, { source: 'enforcement-cases' });
      assert.equal(notClerks.status, 403, 'a clerk declares counts, a supervisor chooses the source');
      const q1 = await http.put(`${D}/2022-Q1`, { count: 7, source: '执法监察系统', note: '一季度' });
      assert.equal(q1.status, 200, JSON.stringify(q1.body));
      assert.equal(q1.body.type, `administrative-${kind}`);
      const h2 = await http.put(`${D}/2022-H2`, { count: 1 });
      assert.equal(h2.status, 400);
      assert.equal(h2.body.violations[0].field, 'period');
      const q2 = await http.put(`${D}/2022-Q2`, { count: 5 });
      assert.equal(q2.body.yearTotal, 12);
      assert.deepEqual(q2.body.periods, [
        { period: '2022-Q1', value: 7, source: '执法监察系统', note: '一季度' },
        { period: '2022-Q2', value: 5, source: null, note: null },
      ]);
      assert.equal(q2.body.countedFrom, null, 'nothing chosen yet');
      const chosen = await office.put(`${D}/2022/counted-from`, { source: 'enforcement-cases' });
      assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
      assert.equal(chosen.body.countedFrom, 'enforcement-cases');
      assert.equal(chosen.body.yearTotal, 12, 'the declarations stay on file');
      const wrong = await office.put(`${D}/2022/counted-from`, { source: 'cases' });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.violations[0].field, 'source');
      const history = (await http.get(`${D}/2022/history`)).body as Json[];
      assert.deepEqual(
        history.map((e) => e.type),
        [
          'publications.DecisionCountDeclared',
          'publications.DecisionCountDeclared',
          'publications.DecisionCountSourceChosen',
        ],
      );
      assert.doesNotMatch(JSON.stringify(history), /执法监察系统|一季度/, 'source and note stay out of the events');
      const listed = await http.get(`/publications/${kind}-decisions?agencyId=zhuzhou-city&year=2022`);
      assert.deepEqual(
        listed.body.items.map((i: Json) => [i.type, i.yearTotal, i.countedFrom]),
        [[`administrative-${kind}`, 12, 'enforcement-cases']],
      );
    }
    const licensing = await office.put('/publications/licensing-decisions/zhuzhou-city/2022/counted-from', {
      source: 'enforcement-cases',
    });
    assert.equal(licensing.status, 422, JSON.stringify(licensing.body));
    assert.equal(licensing.body.rule, 'decision-count.source-unavailable');
    assert.equal(licensing.body.violations[0].field, 'source');
    assert.match(licensing.body.message, /行政许可/);
  });

  it('keeps titles, 文号 and reasons out of the events, shows them, and erases them per case (audited)', async () => {
    const typed = '张三丰测试 11010519491231002X 13912345678';
    const canary = /张三丰测试|11010519491231002X|13912345678/;
    const you = clerkOf('yanling-county');
    const P = '/publications/proactive-publications';
    const N = '/publications/normative-documents';
    const C = '/publications/catalogue-entries';
    const base = { agencyId: 'yanling-county' };
    const pub = await create(P, {
      ...base,
      title: typed,
      category: 'planning',
      fullTextElectronic: true,
      publishedOn: '2009-04-15',
    });
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    const retracted = await you.post(`${P}/${pub.body.id}/retraction`, { retractedOn: '2009-05-02', reason: typed });
    assert.equal(retracted.status, 200);
    const doc = await create(N, { ...base, kind: 'rule', title: typed, documentNumber: typed, issuedOn: '2009-06-01' });
    await you.post(`${N}/${doc.body.id}/repeal`, { repealedOn: '2009-07-01', reason: typed });
    const entry = await create(C, { ...base, title: typed, listedOn: '2009-02-01' });

    const cases = [
      { path: `${P}/${pub.body.id}`, fields: ['title', 'retractionReason'] },
      { path: `${N}/${doc.body.id}`, fields: ['title', 'documentNumber', 'repealReason'] },
      { path: `${C}/${entry.body.id}`, fields: ['title'] },
    ];
    for (const c of cases) {
      const view = (await you.get(c.path)).body;
      for (const f of c.fields) assert.equal(view[f], typed, `${c.path} ${f}`);
      if (!c.path.startsWith(C)) assert.doesNotMatch(JSON.stringify((await you.get(`${c.path}/history`)).body), canary);
    }
    const listed = await you.get(`${P}?agencyId=yanling-county&pageSize=100`);
    assert.equal(listed.body.items.find((i: Json) => i.id === pub.body.id).title, typed);
    const penalties = await you.put('/publications/penalty-decisions/yanling-county/2022-Q1', {
      count: 3,
      source: typed,
      note: typed,
    });
    assert.equal(penalties.status, 200, JSON.stringify(penalties.body));
    assert.deepEqual(penalties.body.periods, [{ period: '2022-Q1', value: 3, source: typed, note: typed }]);
    const S = '/publications/normative-stock/yanling-county/normative-document';
    const opening = await you.put(S, { asOf: '2020-12-31', count: 470 });
    assert.equal(opening.status, 200, JSON.stringify(opening.body));
    const bad = await you.post(`${S}/corrections`, {
      correctedOn: '2021-06-30',
      change: 3,
      cause: 'expired',
      reason: 'x',
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.violations[0].field, 'change');
    const corrected = await you.post(`${S}/corrections`, {
      correctedOn: '2021-06-30',
      change: -3,
      cause: 'expired',
      reason: typed,
    });
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    assert.deepEqual(corrected.body, {
      id: 'normative-stock.normative-document.yanling-county',
      version: 2,
      agencyId: 'yanling-county',
      kind: 'normative-document',
      opening: { asOf: '2020-12-31', count: 470 },
      corrections: [{ correctedOn: '2021-06-30', change: -3, cause: 'expired', reason: typed }],
    });
    assert.equal((await you.get(S)).body.corrections[0].reason, typed);
    assert.doesNotMatch(JSON.stringify((await you.get(`${S}/history`)).body), canary);

    const relay = service.app.get(OutboxRelay, { strict: false });
    await eventually(async () => (await relay.stats()).backlog === 0, { what: 'outbox drained', timeoutMs: 30_000 });
    const reader = new KafkaTransport({
      ...kafkaClient(real.infra!),
      clientId: 'text-reader',
      logLevel: 'nothing',
    });
    try {
      const raw = (await reader.read(`${prefix}${eventsTopic('publications')}`)).map((m) => String(m.value));
      assert.doesNotMatch(raw.join('\n'), canary, 'no text on the topic');
    } finally {
      await reader.close();
    }

    const clerkOnly = new HttpClient(service.baseUrl, asUser('yanling-county', ['clerk'], 'clerk-only'));
    assert.equal((await clerkOnly.delete(`${P}/${pub.body.id}/texts`)).status, 403, 'a supervisor erases');
    const city = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['supervisor'], 'city-supervisor'));
    assert.equal((await city.delete(`${P}/${pub.body.id}/texts`)).status, 403, 'of their own agency');
    for (const c of cases) {
      const erased = await you.delete(`${c.path}/texts`);
      assert.equal(erased.status, 200, c.path);
      for (const f of c.fields) assert.equal(erased.body[f], '[erased]', `${c.path} ${f}`);
      assert.doesNotMatch(JSON.stringify((await you.get(c.path)).body), canary);
    }
    assert.doesNotMatch(JSON.stringify((await you.get(`${P}?agencyId=yanling-county&pageSize=100`)).body), canary);
    assert.equal((await you.get(`${P}/${pub.body.id}`)).body.status, 'retracted', 'the case itself is unchanged');
  });

  it('publishes every event to publications.events, each valid against its published contract', async () => {
    const relay = service.app.get(OutboxRelay, { strict: false });
    await eventually(async () => (await relay.stats()).backlog === 0, { what: 'outbox drained', timeoutMs: 30_000 });
    const reader = new KafkaTransport({
      ...kafkaClient(real.infra!),
      clientId: 'test-reader',
      logLevel: 'nothing',
    });
    try {
      const messages = await reader.read(`${prefix}${eventsTopic('publications')}`);
      const events = messages.map((m) => fromWireValue(m.value) as EventEnvelope);
      const registry = new ContractRegistry(publicationsContracts);
      for (const [i, m] of messages.entries()) {
        const e = events[i]!;
        assert.deepEqual(publishedSchemaErrors(e), [], `${e.type} v${e.schemaVersion}`);
        registry.read(e);
        assert.equal(m.key, e.streamId);
      }
      const types = new Set(events.map((e) => e.type));
      for (const c of publicationsContracts) assert.ok(types.has(c.type), `the tests produced no ${c.type}`);
      // 4 publications (+1 retraction), 3 documents (+1 repeal), 2 entries (+1 delisting), 3 + 1 declarations;
      // 行政处罚 and 行政强制: 2 declarations + 1 source choice each; then the free-text test's 1 publication
      // (+1 retraction), 1 document (+1 repeal), 1 entry, 1 行政处罚 declaration, an opening stock and a
      // correction, 3 erasures.
      assert.equal(new Set(events.map((e) => e.id)).size, 5 + 4 + 3 + 4 + 2 * 3 + (2 + 2 + 1 + 1 + 2 + 3));
      assert.doesNotMatch(JSON.stringify(events.filter((e) => e.type === 'publications.CaseTextsErased')), /张三丰/);
    } finally {
      await reader.close();
    }
  });
  // After the topic check above: what follows records only what is refused, or reads.
  it('answers 401 without a valid bearer token and 403 to a county clerk on the city’s cases', async () => {
    const P = '/publications/proactive-publications';
    const anonymous = new HttpClient(service.baseUrl, {});
    const body = {
      agencyId: 'zhuzhou-city',
      title: '无令牌',
      category: 'planning',
      fullTextElectronic: true,
      publishedOn: '2009-05-01',
    };
    for (const answer of [await anonymous.post(P, body), await anonymous.get(P)]) {
      assert.equal(answer.status, 401);
      assert.equal(answer.body.rule, 'auth.token-missing');
    }
    const cityList = (await http.get(`${P}?agencyId=zhuzhou-city&pageSize=500`)).body;
    const cityPublication = cityList.items[0];
    assert.equal(cityPublication.agencyId, 'zhuzhou-city');

    const county = clerkOf('you-county');
    for (const answer of [
      await county.get(`${P}/${cityPublication.id}`),
      await county.get(`${P}/${cityPublication.id}/history`),
      await county.post(`${P}/${cityPublication.id}/retraction`, { retractedOn: '2009-12-01', reason: '越权' }),
      await county.post(P, body),
      await county.put('/publications/licensing-decisions/zhuzhou-city/2022', { count: 1 }),
      await county.get('/publications/licensing-decisions/zhuzhou-city/2021'),
      await county.get(`${P}/counts?agencyId=zhuzhou-city&year=2009`),
      await county.get(`${P}?agencyId=zhuzhou-city&withSubordinates=true`),
    ]) {
      assert.equal(answer.status, 403);
      assert.equal(answer.body.rule, 'auth.agency');
    }
    // Unfiltered, a county's lists and counts are its own.
    const own = await county.get(`/publications/normative-documents?pageSize=500`);
    assert.ok(own.body.total > 0);
    assert.deepEqual([...new Set(own.body.items.map((i: Json) => i.agencyId))], ['you-county']);
    assert.equal((await county.get(`${P}/counts?year=2009`)).body.published, 0, 'you-county published nothing');
    assert.ok((await http.get(`${P}/counts?year=2009`)).body.published > 0, 'unlike the city');
    assert.equal((await http.get(`${P}/${cityPublication.id}`)).body.status, cityPublication.status, 'unchanged');
  });

  it('lets auditors read but not write, and the city read its counties’ roll-up but change only its own', async () => {
    const N = '/publications/normative-documents';
    const auditor = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['auditor'], 'auditor-1'));
    const write = await auditor.post(N, {
      agencyId: 'zhuzhou-city',
      kind: 'rule',
      title: '审计员不得登记',
      issuedOn: '2009-06-01',
    });
    assert.equal(write.status, 403);
    assert.equal(write.body.rule, 'auth.role');
    assert.equal((await auditor.put('/publications/fees-collected/zhuzhou-city/2022', { amountFen: 1 })).status, 403);

    const rollUp = await auditor.get(`${N}/counts?agencyId=zhuzhou-city&withSubordinates=true&year=2009`);
    assert.equal(rollUp.status, 200);
    assert.deepEqual(rollUp.body.byKind['normative-document'], { issued: 2, repealed: 0, inForce: 2 });
    const countyDocs = (await auditor.get(`${N}?agencyId=you-county`)).body.items as Json[];
    assert.equal(countyDocs.length, 3);
    const inForce = countyDocs.find((d) => d.status !== 'repealed')!;
    const byCity = await http.post(`${N}/${inForce.id}/repeal`, { repealedOn: '2010-05-01' });
    assert.equal(byCity.status, 403);
    assert.equal(byCity.body.rule, 'auth.agency');
  });

  it('accepts a publication dated 2023-10-02 (国庆) with a warning on publishedOn; none on a working day', async () => {
    const P = '/publications/proactive-publications';
    const body = {
      agencyId: 'zhuzhou-city',
      title: '国庆假期值班安排',
      category: 'planning',
      fullTextElectronic: true,
    };
    const holiday = await create(P, { ...body, publishedOn: '2023-10-02' });
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    assert.deepEqual(
      (holiday.body.warnings as Array<Record<string, unknown>>).map((w) => [w.field, w.date, w.rule, w.holiday]),
      [['publishedOn', '2023-10-02', 'legal-date.non-working-day', '中秋节、国庆节']],
    );
    const working = await create(P, { ...body, publishedOn: '2023-10-09' });
    assert.equal(working.status, 201);
    assert.deepEqual(working.body.warnings, []);
    // The warning is in the answer only: the case as read has none.
    assert.equal((await http.get(`${P}/${holiday.body.id}`)).body.warnings, undefined);
  });
});
