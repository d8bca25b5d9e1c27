// The applications service over HTTP, in real mode: FerretDB (or MongoDB) as its store and Kafka as
// its transport. Every rule answers with the status and the rule id; nothing refused is appended;
// list views follow; personal data stays out of events; every event reaches applications.events
// through the outbox and validates against its published JSON Schema.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalIssuer, embeddedAuth } from '#auth';
import { CITY_AGENCY_ID, ContractRegistry, eventsTopic, fromWireValue, type EventEnvelope } from '#contracts';
import { applicationsContracts } from '#contracts/applications';
import { newEventId, streamIdForCreate } from '#event-sourcing';
import { CommandRunner } from '#event-sourcing/nest';
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
import { ApplicationsServiceModule } from './applications.module.js';
import { legalToday } from '#contracts/legal-time';
import { disclosureRequestStream } from './disclosure-request/application/disclosure-request.stream.js';
import { addDays } from '#contracts/legal-time';

const real = await integrationInfra();
const BASE = '/applications/disclosure-requests';

describe(`applications service over HTTP (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const prefix = `${uniqueName('s1')}.`;
  const mongoUri = mongoUriWithDb(real.infra?.mongoUri ?? 'mongodb://x/', uniqueName('s1_apps').replaceAll('-', '_'));
  let service: Running;
  let http: HttpClient;
  let key = 0;
  const nextKey = (): string => `${prefix}k${++key}`;
  // Clerks change only their own agency's requests: each request is worked by a clerk of its agency.
  const agencyOfRequest = new Map<string, string>();
  const clerkOf = (agencyId: string): HttpClient =>
    agencyId === 'zhuzhou-city'
      ? http
      : new HttpClient(service.baseUrl, asUser(agencyId, ['clerk', 'supervisor'], `clerk-${agencyId}`));

  const receive = async (over: Record<string, unknown> = {}, idempotencyKey: string | undefined = nextKey()) => {
    const agencyId = typeof over.agencyId === 'string' ? over.agencyId : 'zhuzhou-city';
    const answer = await clerkOf(agencyId).post(
      BASE,
      {
        agencyId: 'zhuzhou-city',
        receiptDate: '2019-06-03',
        channel: 'email',
        applicantType: 'natural-person',
        informationRequested: '2018年度土地出让合同',
        applicant: { name: '王五', phone: '13800000000' },
        ...over,
      },
      { 'idempotency-key': idempotencyKey },
    );
    if (answer.status === 201) agencyOfRequest.set(answer.body.id as string, agencyId);
    return answer;
  };
  const step = (id: string, path: string, body: unknown, ifMatch?: string | null) =>
    clerkOf(agencyOfRequest.get(id) ?? 'zhuzhou-city').post(`${BASE}/${id}/${path}`, body, {
      'if-match': ifMatch ?? undefined,
    });

  before(async () => {
    service = await startModule(
      ApplicationsServiceModule.register(realRuntime(real.infra!, mongoUri), {
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
    await deleteTopics(real.infra!, [`${prefix}${eventsTopic('applications')}`]).catch(() => {});
  });

  it('serves its OpenAPI document at /docs-json and the UI at /docs', async () => {
    const doc = await http.get('/docs-json');
    assert.equal(doc.status, 200);
    for (const path of [BASE, `${BASE}/{id}/reply`, `${BASE}/{id}/extension`, '/applications/deadlines']) {
      assert.ok(doc.body.paths[path], `no ${path} in the OpenAPI document`);
    }
    assert.equal((await fetch(`${service.baseUrl}/docs`)).status, 200);
  });

  it('receives a request once per Idempotency-Key and refuses the key for another request', async () => {
    const k = nextKey();
    const first = await receive({}, k);
    assert.equal(first.status, 201);
    assert.equal(first.etag, '"1"');
    assert.equal(first.location, `${BASE}/${first.body.id}`);
    assert.equal(first.body.regime, 'ordinance-2019');
    assert.equal(first.body.dueDate, '2019-07-02');
    const retry = await receive({}, k);
    assert.equal(retry.status, 201);
    assert.equal(retry.body.id, first.body.id);
    assert.equal((await http.get(`${BASE}/${first.body.id}/history`)).body.length, 1, 'the retry appended nothing');
    const reused = await receive({ channel: 'fax' }, k);
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, 'idempotency-key.reused');
  });

  it('names each invalid field (400) and each broken rule (422), and appends nothing', async () => {
    const before = (await http.get(BASE)).body.total as number;
    const bad = await http.post(BASE, {
      channel: 'pigeon',
      receiptDate: '2019-13-01',
      applicantType: 'natural-person',
    });
    assert.equal(bad.status, 400);
    const fields = (bad.body.violations as Json[]).map((v) => v.field);
    for (const f of ['channel', 'receiptDate', 'agencyId', 'informationRequested']) assert.ok(fields.includes(f), f);

    const k = nextKey();
    const tomorrow = addDays(legalToday(new Date()), 1);
    const future = await receive({ receiptDate: tomorrow }, k);
    assert.equal(future.status, 422);
    assert.equal(future.body.rule, 'receipt.date-in-future');
    assert.equal(future.body.violations[0].field, 'receiptDate');
    const wouldBe = streamIdForCreate('applications', 'zhuzhou-city', k);
    assert.equal((await http.get(`${BASE}/${wouldBe}/history`)).status, 404);
    assert.equal((await http.get(BASE)).body.total, before);
  });

  it('works a request through consultation, extension and reply, guarded by If-Match', async () => {
    const r = await receive({ agencyId: 'you-county', receiptDate: '2019-06-03' });
    const id = r.body.id as string;
    const consulted = await step(id, 'consultations', { consultedOn: '2019-06-05', consultee: 'third-party' }, r.etag);
    assert.equal(consulted.status, 200);
    assert.equal(consulted.body.status, 'consulting');
    assert.equal(consulted.body.deadlineStatus, 'paused');
    const opinion = await step(id, 'consultation-opinion', { receivedOn: '2019-06-14' }, consulted.etag);
    assert.equal(opinion.body.dueDate, '2019-07-10', 'the days consulting did not count');

    const stale = await step(id, 'extension', { extendedOn: '2019-07-01', reason: '档案检索' }, consulted.etag);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.rule, 'if-match.stale-version');

    const extended = await step(id, 'extension', { extendedOn: '2019-07-01', reason: '档案检索' }, opinion.etag);
    assert.equal(extended.status, 200);
    // 2019-07-10 plus 20 working days: 7-11 7-12 | 7-15…7-19 | 7-22…7-26 | 7-29…8-2 | 8-5 8-6 8-7.
    assert.equal(extended.body.dueDate, '2019-08-07');
    const twice = await step(id, 'extension', { extendedOn: '2019-07-02', reason: 'again' }, extended.etag);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.rule, 'extension.already-extended');

    const outside = await step(
      id,
      'reply',
      { repliedOn: '2019-07-20', outcome: { category: 'withheld', reason: 'fee-unpaid' } },
      extended.etag,
    );
    assert.equal(outside.status, 422);
    assert.equal(outside.body.rule, 'reply.outcome-outside-tree');
    assert.equal(outside.body.violations[0].field, 'outcome.reason');

    const replied = await step(
      id,
      'reply',
      {
        repliedOn: '2019-07-20',
        outcome: { category: 'withheld', reason: 'third-party-rights', thirdPartyInterest: 'trade-secret' },
      },
      extended.etag,
    );
    assert.equal(replied.status, 200);
    assert.equal(replied.etag, '"5"');
    assert.equal(replied.body.status, 'replied');
    assert.equal(replied.body.legacyOutcome, 'withheld-trade-secret');
    const again = await step(
      id,
      'reply',
      { repliedOn: '2019-07-21', outcome: { category: 'disclosed' } },
      replied.etag,
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.rule, 'reply.already-replied');

    const detail = await http.get(`${BASE}/${id}`);
    assert.equal(detail.etag, '"5"');
    assert.deepEqual(
      (await http.get(`${BASE}/${id}/history`)).body.map((e: EventEnvelope) => e.type),
      [
        'applications.DisclosureRequestReceived',
        'applications.ThirdPartyConsulted',
        'applications.ConsultationOpinionReceived',
        'applications.DeadlineExtended',
        'applications.DisclosureRequestReplied',
      ],
    );
  });

  it('restarts the clock after a clarification, and concludes an unpaid fee notice as abandoned', async () => {
    const r = await receive({ receiptDate: '2021-03-01' });
    const id = r.body.id as string;
    const asked = await step(id, 'clarification-request', { requestedOn: '2021-03-03', dueOn: '2021-03-17' }, r.etag);
    assert.equal(asked.body.status, 'awaiting-clarification');
    assert.equal(asked.body.dueDate, null);
    const clarified = await step(id, 'clarification', { receivedOn: '2021-03-10' }, asked.etag);
    // From Wed 3-10: 3-11 3-12 | 3-15…3-19 | 3-22…3-26 | 3-29…4-2 (17) | 4-3…4-5 清明 | 4-6 4-7 4-8 (20).
    assert.equal(clarified.body.dueDate, '2021-04-08');
    const noticed = await step(id, 'fee-notice', { noticedOn: '2021-03-12', amountFen: 10000 }, clarified.etag);
    assert.equal(noticed.body.status, 'awaiting-payment');
    const early = await step(id, 'fee-lapse', { lapsedOn: '2021-04-01' }, noticed.etag);
    assert.equal(early.status, 422);
    assert.equal(early.body.rule, 'fee.lapse-too-early');
    // 20 working days after Fri 3-12 end on 4-12 (清明 4-3…4-5 skipped): the lapse is recorded on 4-13.
    const lapsed = await step(id, 'fee-lapse', { lapsedOn: '2021-04-13' }, noticed.etag);
    assert.equal(lapsed.status, 200);
    assert.equal(lapsed.body.status, 'replied');
    assert.deepEqual(lapsed.body.outcome, { category: 'other-processing', reason: 'fee-unpaid' });

    const paid = await receive({ receiptDate: '2021-03-01' });
    const n = await step(paid.body.id, 'fee-notice', { noticedOn: '2021-03-02', amountFen: 2500 }, paid.etag);
    const p = await step(paid.body.id, 'fee-payment', { paidOn: '2021-03-05' }, n.etag);
    assert.equal(p.status, 200);
    assert.equal(p.body.status, 'in-progress');
  });

  it('refuses a reply to a withdrawn request', async () => {
    const r = await receive();
    const w = await step(r.body.id, 'withdrawal', { withdrawnOn: '2019-06-10' }, r.etag);
    assert.equal(w.body.status, 'withdrawn');
    const reply = await step(r.body.id, 'reply', { repliedOn: '2019-06-20', outcome: { category: 'disclosed' } });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.rule, 'reply.request-withdrawn');
  });

  it('lists by agency, status, receipt dates, overdue and due soon, with paging', async () => {
    const a = await receive({ agencyId: 'chaling-county', receiptDate: '2019-06-03' }); // due 2019-07-02
    const b = await receive({ agencyId: 'chaling-county', receiptDate: '2019-06-17' }); // due 2019-07-15
    const c = await receive({ agencyId: 'yanling-county', receiptDate: '2019-06-03' });
    await step(c.body.id, 'reply', { repliedOn: '2019-06-20', outcome: { category: 'disclosed' } }, c.etag);
    const ids = async (query: string): Promise<string[]> =>
      (await http.get(`${BASE}?${query}`)).body.items.map((i: Json) => i.id as string);

    assert.deepEqual(await ids('agencyId=chaling-county&overdue=true&asOf=2019-07-03'), [a.body.id]);
    // Ten working days from 2019-07-03 run to 7-17: b (due 7-15) is due soon; a is already overdue.
    assert.deepEqual(await ids('agencyId=chaling-county&dueWithinWorkingDays=10&asOf=2019-07-03'), [b.body.id]);
    assert.deepEqual(await ids('agencyId=yanling-county&status=replied'), [c.body.id]);
    assert.deepEqual(await ids('agencyId=chaling-county&receivedFrom=2019-06-10&receivedTo=2019-06-30'), [b.body.id]);
    assert.deepEqual(await ids('agencyId=chaling-county&status=open&sort=dueDate'), [a.body.id, b.body.id]);
    const rollUp = await ids('agencyId=zhuzhou-city&withSubordinates=true&pageSize=500');
    for (const x of [a, b, c]) assert.ok(rollUp.includes(x.body.id));

    const page2 = await http.get(`${BASE}?agencyId=chaling-county&pageSize=1&page=2`);
    assert.deepEqual([page2.body.total, page2.body.items.length, page2.body.items[0].id], [2, 1, a.body.id]);

    const summary = await http.get(
      '/applications/deadlines?agencyId=chaling-county&asOf=2019-07-03&dueSoonWorkingDays=10',
    );
    assert.deepEqual(
      [summary.body.open, summary.body.running, summary.body.overdue, summary.body.dueSoon],
      [2, 2, 1, 1],
    );
    const bothFilters = await http.get(`${BASE}?overdue=true&dueWithinWorkingDays=3`);
    assert.equal(bothFilters.status, 422);
  });

  it('searches the words of what is asked for (?q=) with the other filters, and an erased text no longer matches', async () => {
    const word = `检索${prefix.replace(/[^a-z0-9]/g, '')}`;
    const a = await receive({ agencyId: 'you-county', informationRequested: `${word} 土地出让合同 GIS` });
    const b = await receive({ agencyId: 'you-county', informationRequested: `${word} 采矿权审批` });
    await receive({ agencyId: 'you-county', informationRequested: '无关的申请' });
    const you = clerkOf('you-county');
    const ids = async (query: string): Promise<string[]> => {
      const answer = await you.get(`${BASE}?agencyId=you-county&pageSize=500&${query}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body.items as Json[]).map((i) => i.id as string).sort();
    };
    assert.deepEqual(await ids(`q=${encodeURIComponent(word)}`), [a.body.id, b.body.id].sort());
    // Every word must occur, in any order; letter case and full-width forms do not matter.
    assert.deepEqual(await ids(`q=${encodeURIComponent(`ｇｉｓ ${word}`)}`), [a.body.id]);
    assert.deepEqual(await ids(`q=${encodeURIComponent(`${word} 不存在`)}`), []);
    await step(b.body.id, 'reply', { repliedOn: '2019-06-20', outcome: { category: 'disclosed' } }, b.etag);
    assert.deepEqual(await ids(`q=${encodeURIComponent(word)}&status=open`), [a.body.id]);
    // Another agency's clerk finds nothing of this one's, whatever they search.
    const other = await clerkOf('chaling-county').get(`${BASE}?q=${encodeURIComponent(word)}`);
    assert.deepEqual(other.body.items, []);

    const tooLong = await you.get(`${BASE}?q=${'字'.repeat(201)}`);
    assert.equal(tooLong.status, 400);
    assert.doesNotMatch(JSON.stringify(tooLong.body), /字字/, 'the error does not echo the free text');

    const erased = await you.delete(`/applications/applicants/${a.body.applicantRef}/personal-data`);
    assert.equal(erased.status, 200);
    assert.deepEqual(await ids(`q=${encodeURIComponent(word)}`), [b.body.id]);
  });

  it('keeps the personal data apart from the events, and erasing it changes no figure', async () => {
    const r = await receive({
      agencyId: 'liling-city',
      applicant: { name: '李四', idNumber: '430201198001010011', phone: '13900000000' },
    });
    const id = r.body.id as string;
    const liling = clerkOf('liling-city');
    const held = await liling.get(`${BASE}/${id}/applicant`);
    assert.equal(held.body.status, 'held');
    assert.equal(held.body.personalData.name, '李四');
    const history = JSON.stringify((await http.get(`${BASE}/${id}/history`)).body);
    assert.doesNotMatch(history, /李四|430201198001010011|13900000000/);

    const before = await http.get('/applications/deadlines?agencyId=liling-city&asOf=2019-06-10');
    const erased = await liling.delete(`/applications/applicants/${r.body.applicantRef}/personal-data`);
    assert.equal(erased.status, 200);
    assert.equal(erased.body.status, 'erased');
    const after = await liling.get(`/applications/applicants/${r.body.applicantRef}`);
    assert.doesNotMatch(JSON.stringify(after.body), /李四|430201198001010011|13900000000/);
    assert.equal((await http.get(`${BASE}/${id}`)).body.applicantRef, r.body.applicantRef);
    assert.deepEqual(
      (await http.get('/applications/deadlines?agencyId=liling-city&asOf=2019-06-10')).body,
      before.body,
    );

    const reuse = await receive({ agencyId: 'liling-city', applicant: undefined, applicantRef: r.body.applicantRef });
    assert.equal(reuse.status, 422);
    assert.equal(reuse.body.rule, 'applicant.erased');
  });

  it('keeps the text typed into a request out of its events, shows it in the views, and erases it with the applicant', async () => {
    const typed = '张三丰测试 11010519491231002X 13912345678';
    const canary = /张三丰测试|11010519491231002X|13912345678/;
    const r = await receive({ agencyId: 'liling-city', informationRequested: `${typed} 的土地证` });
    const id = r.body.id as string;
    const liling = clerkOf('liling-city');
    assert.equal(r.body.informationRequested, `${typed} 的土地证`);
    const extended = await step(id, 'extension', { extendedOn: '2019-06-10', reason: `${typed} 延期` }, r.etag);
    assert.equal(extended.status, 200);
    const detail = await liling.get(`${BASE}/${id}`);
    assert.equal(detail.body.informationRequested, `${typed} 的土地证`);
    assert.equal(detail.body.extension.reason, `${typed} 延期`);
    const listed = await liling.get(`${BASE}?agencyId=liling-city&pageSize=500`);
    assert.equal(listed.body.items.find((i: Json) => i.id === id).informationRequested, `${typed} 的土地证`);
    const history = (await liling.get(`${BASE}/${id}/history`)).body as EventEnvelope[];
    assert.deepEqual(
      history.map((e) => [e.type, e.schemaVersion]),
      [
        ['applications.DisclosureRequestReceived', 2],
        ['applications.DeadlineExtended', 2],
      ],
    );
    assert.doesNotMatch(JSON.stringify(history), canary, 'no event carries the text');

    const relay = service.app.get(OutboxRelay, { strict: false });
    await eventually(async () => (await relay.stats()).backlog === 0, { what: 'outbox drained', timeoutMs: 30_000 });
    const reader = new KafkaTransport({
      ...kafkaClient(real.infra!),
      clientId: 'text-reader',
      logLevel: 'nothing',
    });
    try {
      const onTopic = (await reader.read(`${prefix}${eventsTopic('applications')}`)).filter((m) => m.key === id);
      assert.equal(onTopic.length, 2);
      // The raw bytes as a consumer gets them, not only the parsed envelope.
      assert.doesNotMatch(onTopic.map((m) => String(m.value)).join('\n'), canary);
    } finally {
      await reader.close();
    }

    const erased = await liling.delete(`/applications/applicants/${r.body.applicantRef}/personal-data`);
    assert.equal(erased.status, 200);
    for (const path of [`${BASE}/${id}`, `${BASE}?agencyId=liling-city&pageSize=500`, `${BASE}/${id}/history`]) {
      assert.doesNotMatch(JSON.stringify((await liling.get(path)).body), canary, path);
    }
    const after = await liling.get(`${BASE}/${id}`);
    assert.equal(after.body.informationRequested, '[erased]');
    assert.equal(after.body.extension.reason, '[erased]');
    assert.equal(after.body.status, 'in-progress', 'the request itself is unchanged');
  });

  it('answers 401 without a valid bearer token, naming why, and records nothing', async () => {
    const before = (await http.get(BASE)).body.total as number;
    const body = {
      agencyId: 'zhuzhou-city',
      receiptDate: '2019-06-03',
      channel: 'email',
      applicantType: 'natural-person',
      informationRequested: '无令牌',
      applicant: { name: '赵六' },
    };
    const as = (headers: Record<string, string>) => new HttpClient(service.baseUrl, headers);
    const foreign = embeddedAuth({}).issuer.mint({ sub: 'clerk-x', roles: ['clerk'], agencyId: 'zhuzhou-city' });
    const expired = new LocalIssuer(TEST_AUTH.settings, () => new Date(Date.now() - 2 * 3600_000)).mint({
      sub: 'clerk-x',
      roles: ['clerk'],
      agencyId: 'zhuzhou-city',
    });
    for (const [headers, rule] of [
      [{}, 'auth.token-missing'],
      [{ 'x-actor': 'clerk-test' }, 'auth.token-missing'],
      [{ authorization: 'Basic Y2xlcms6cHc=' }, 'auth.token-missing'],
      [{ authorization: 'Bearer not.a.token' }, 'auth.token-malformed'],
      [{ authorization: `Bearer ${foreign}` }, 'auth.token-signature'],
      [{ authorization: `Bearer ${expired}` }, 'auth.token-expired'],
    ] as const) {
      const answer = await as(headers).post(BASE, body, { 'idempotency-key': nextKey() });
      assert.equal(answer.status, 401, rule);
      assert.equal(answer.body.rule, rule);
      assert.equal((await as(headers).get(BASE)).status, 401, `reading with ${rule}`);
    }
    const raw = await fetch(`${service.baseUrl}${BASE}`);
    assert.match(raw.headers.get('www-authenticate') ?? '', /^Bearer realm="applications"/);
    assert.equal((await fetch(`${service.baseUrl}/applications/health/live`)).status, 200, 'probes need no token');
    assert.equal((await http.get(BASE)).body.total, before, 'nothing was recorded');
  });

  it("lets a county clerk work only their own agency's requests: 403 on the city's, lists narrowed to theirs", async () => {
    const cityCase = await receive({ informationRequested: '市本级案卷' });
    const countyCase = await receive({ agencyId: 'you-county', informationRequested: '攸县案卷' });
    const county = clerkOf('you-county');
    const id = cityCase.body.id as string;
    for (const path of [`${BASE}/${id}`, `${BASE}/${id}/history`, `${BASE}/${id}/applicant`]) {
      const answer = await county.get(path);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.body.rule, 'auth.agency');
    }
    const reply = await county.post(`${BASE}/${id}/reply`, {
      repliedOn: '2019-06-20',
      outcome: { category: 'disclosed' },
    });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.rule, 'auth.agency');
    assert.equal((await http.get(`${BASE}/${id}/history`)).body.length, 1, 'nothing was appended');
    const reused = await county.post(BASE, {
      agencyId: 'you-county',
      receiptDate: '2019-06-03',
      channel: 'email',
      applicantType: 'natural-person',
      informationRequested: '冒用他局申请人',
      applicantRef: cityCase.body.applicantRef,
    });
    assert.equal(reused.status, 403, "another agency's applicant cannot be named");
    const intoCity = await county.post(BASE, {
      agencyId: 'zhuzhou-city',
      receiptDate: '2019-06-03',
      channel: 'email',
      applicantType: 'natural-person',
      informationRequested: '越权',
      applicant: { name: '钱七' },
    });
    assert.equal(intoCity.status, 403);

    const own = await county.get(`${BASE}?pageSize=500`);
    assert.equal(own.status, 200);
    assert.ok(own.body.items.some((i: Json) => i.id === countyCase.body.id));
    assert.deepEqual([...new Set(own.body.items.map((i: Json) => i.agencyId))], ['you-county']);
    for (const query of [
      'agencyId=zhuzhou-city',
      'agencyId=zhuzhou-city&withSubordinates=true',
      'agencyId=liling-city',
    ]) {
      const answer = await county.get(`${BASE}?${query}`);
      assert.equal(answer.status, 403, query);
      assert.equal(answer.body.rule, 'auth.agency');
    }
    const summary = await county.get('/applications/deadlines?asOf=2019-06-10');
    assert.deepEqual(summary.body.agencyIds, ['you-county']);
    assert.equal((await county.get(`${BASE}/${countyCase.body.id}/applicant`)).status, 200);
  });

  it("gives the city the roll-up of its counties to read, but not their requests to change nor their applicants' data", async () => {
    const countyCase = await receive({ agencyId: 'yanling-county', informationRequested: '炎陵案卷' });
    const cityAuditor = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['auditor'], 'auditor-1'));
    const rollUp = await cityAuditor.get(`${BASE}?agencyId=zhuzhou-city&withSubordinates=true&pageSize=500`);
    assert.equal(rollUp.status, 200);
    assert.ok(rollUp.body.items.some((i: Json) => i.id === countyCase.body.id));
    assert.ok(new Set(rollUp.body.items.map((i: Json) => i.agencyId)).size > 1, 'the city and its counties');
    assert.equal((await cityAuditor.get(`${BASE}/${countyCase.body.id}`)).status, 200);
    const summary = await cityAuditor.get('/applications/deadlines?agencyId=zhuzhou-city&withSubordinates=true');
    assert.equal(summary.body.agencyIds.length, 6);

    const cityClerk = http;
    const change = await cityClerk.post(`${BASE}/${countyCase.body.id}/withdrawal`, { withdrawnOn: '2019-06-10' });
    assert.equal(change.status, 403);
    assert.equal(change.body.rule, 'auth.agency');
    assert.equal((await cityClerk.get(`${BASE}/${countyCase.body.id}/applicant`)).status, 403);
  });

  it('keeps auditors to reading, personal data to clerks, extensions to supervisors and metrics to operations', async () => {
    const r = await receive({ informationRequested: '角色' });
    const id = r.body.id as string;
    const before = (await http.get(BASE)).body.total as number;
    const auditor = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['auditor'], 'auditor-1'));
    const write = await auditor.post(BASE, {
      agencyId: 'zhuzhou-city',
      receiptDate: '2019-06-03',
      channel: 'email',
      applicantType: 'natural-person',
      informationRequested: '审计员不得登记',
      applicant: { name: '孙八' },
    });
    assert.equal(write.status, 403);
    assert.equal(write.body.rule, 'auth.role');
    assert.equal((await auditor.post(`${BASE}/${id}/withdrawal`, { withdrawnOn: '2019-06-10' })).status, 403);
    assert.equal((await auditor.get(`${BASE}/${id}/applicant`)).status, 403, 'no personal data for auditors');
    assert.equal((await auditor.get(`${BASE}/${id}`)).status, 200);
    assert.equal((await http.get(BASE)).body.total, before, 'nothing was recorded');

    const clerk = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['clerk'], 'clerk-plain'));
    const extension = { extendedOn: '2019-06-20', reason: '需要审批' };
    const byClerk = await clerk.post(`${BASE}/${id}/extension`, extension);
    assert.equal(byClerk.status, 403);
    assert.equal(byClerk.body.rule, 'auth.role');
    const supervisor = new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['supervisor'], 'supervisor-1'));
    assert.equal((await supervisor.post(`${BASE}/${id}/extension`, extension)).status, 200);

    const operations = asUser('zhuzhou-city', ['operations'], 'ops-1');
    const metrics = await fetch(`${service.baseUrl}/applications/metrics`, { headers: operations });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /landbureau_commands_total\{[^}]*command="ReceiveRequest"[^}]*result="accepted"[^}]*\} [1-9]/);
    assert.match(text, /landbureau_events_appended_total\{[^}]*event_type="applications.DeadlineExtended"/);
    assert.match(text, /landbureau_outbox_backlog_commits\{[^}]*\} \d+/);
    // The overdue gauge counts what the overdue list shows today, per agency (the alert rules' input).
    const overdueToday = await new HttpClient(service.baseUrl, asUser('zhuzhou-city', ['auditor'], 'aud-1')).get(
      `${BASE}?agencyId=zhuzhou-city&overdue=true`,
    );
    assert.ok(
      overdueToday.body.total > 0,
      `the 2019 requests left open are overdue today: ${overdueToday.status} ${JSON.stringify(overdueToday.body).slice(0, 300)}`,
    );
    const gauge = /landbureau_overdue_cases\{kind="disclosure-request",agency="zhuzhou-city"[^}]*\} (\d+)/.exec(text);
    assert.equal(
      Number(gauge?.[1]),
      overdueToday.body.total,
      text
        .split('\n')
        .filter((l) => /overdue/.test(l))
        .join('\n'),
    );
    assert.equal((await new HttpClient(service.baseUrl, operations).get(BASE)).status, 403, 'operations see no case');
    assert.equal(
      (await fetch(`${service.baseUrl}/applications/metrics`, { headers: asUser(CITY_AGENCY_ID, ['clerk'], 'c') }))
        .status,
      403,
    );
  });

  it("records the token's user as the actor (X-Actor cannot change it) and the request's correlation id", async () => {
    const r = await http.post(
      BASE,
      {
        agencyId: 'zhuzhou-city',
        receiptDate: '2019-06-03',
        channel: 'online',
        applicantType: 'natural-person',
        informationRequested: '行为人',
        applicant: { name: '周九' },
      },
      { 'x-actor': 'someone-else', 'x-correlation-id': `${prefix}corr-1`, 'idempotency-key': nextKey() },
    );
    assert.equal(r.status, 201);
    const [received] = (await http.get(`${BASE}/${r.body.id}/history`)).body as EventEnvelope[];
    assert.equal(received!.actor, 'clerk-test');
    assert.equal(received!.correlationId, `${prefix}corr-1`);
  });

  it('answers with security headers, strict for the API and relaxed only for its documents', async () => {
    const api = await fetch(`${service.baseUrl}${BASE}`, { headers: asUser(CITY_AGENCY_ID, ['clerk'], 'clerk-test') });
    assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(api.headers.get('x-frame-options'), 'DENY');
    assert.equal(api.headers.get('referrer-policy'), 'no-referrer');
    assert.match(api.headers.get('content-security-policy') ?? '', /^default-src 'none'/);
    assert.equal(api.headers.get('cache-control'), 'no-store');
    const docs = await fetch(`${service.baseUrl}/docs`);
    assert.match(docs.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const huge = await http.post(BASE, { informationRequested: 'x'.repeat(300_000) });
    assert.equal(huge.status, 413, 'bodies over the limit are refused unread');
  });

  it('keeps the list view converged through the relay when a command bypassed the view write', async () => {
    // As if the process died between the append and the view write: append through the runner only.
    const runner = service.app.get(CommandRunner, { strict: false });
    const stream = disclosureRequestStream(service.app.get(ContractRegistry, { strict: false }));
    const id = streamIdForCreate('applications', 'zhuzhou-county', nextKey());
    await runner.run(
      stream,
      id,
      {
        type: 'ReceiveRequest',
        today: legalToday(new Date()),
        agencyId: 'zhuzhou-county',
        receiptDate: '2019-06-03',
        channel: 'letter',
        applicantType: 'research-institution',
        applicantRef: `apl-${id}`,
        informationRequested: '矿业权出让收益',
      },
      { now: new Date(), actor: 'test', correlationId: 'c-converge', newId: newEventId },
    );
    await eventually(
      async () => (await http.get(`${BASE}?agencyId=zhuzhou-county`)).body.items.some((i: Json) => i.id === id),
      { what: 'the view of a request appended behind the service', timeoutMs: 30_000 },
    );
  });

  it('publishes every event to applications.events, each valid against its published contract', async () => {
    const relay = service.app.get(OutboxRelay, { strict: false });
    await eventually(async () => (await relay.stats()).backlog === 0, { what: 'outbox drained', timeoutMs: 30_000 });
    const all = await http.get(`${BASE}?pageSize=500`);
    const streams = all.body.items.map((i: Json) => i.id as string);
    const stored: EventEnvelope[] = [];
    for (const id of streams) stored.push(...(await http.get(`${BASE}/${id}/history`)).body);

    const reader = new KafkaTransport({
      ...kafkaClient(real.infra!),
      clientId: 'test-reader',
      logLevel: 'nothing',
    });
    try {
      const messages = await reader.read(`${prefix}${eventsTopic('applications')}`);
      const onTopic = messages.map((m) => fromWireValue(m.value) as EventEnvelope);
      assert.deepEqual(
        new Set(onTopic.map((e) => e.id)),
        new Set(stored.map((e) => e.id)),
        'every stored event, no other',
      );
      const registry = new ContractRegistry(applicationsContracts);
      for (const [i, m] of messages.entries()) {
        const e = onTopic[i]!;
        assert.deepEqual(publishedSchemaErrors(e), [], `${e.type} v${e.schemaVersion}`);
        registry.read(e);
        assert.equal(m.key, e.streamId);
        assert.equal(m.headers['event-type'], e.type);
      }
      // Each stream's events arrive in version order (one stream stays on one partition).
      for (const id of streams) {
        const versions = onTopic.filter((e) => e.streamId === id).map((e) => e.streamVersion);
        assert.deepEqual(
          versions,
          versions.map((_, i) => i + 1),
        );
      }
      const types = new Set(onTopic.map((e) => e.type));
      for (const c of applicationsContracts) assert.ok(types.has(c.type), `the tests produced no ${c.type}`);
      assert.doesNotMatch(JSON.stringify(onTopic), /王五|李四|13800000000|430201198001010011/);
    } finally {
      await reader.close();
    }
  });
});
