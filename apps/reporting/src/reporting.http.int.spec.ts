// The reporting service in real mode — real Kafka, a real MongoDB-protocol store — through its HTTP
// API: a generated year projected from the topics, both formats against the generator's record,
// declared facts, year close, a late event listed as a post-close adjustment while the frozen report
// keeps its hash, reopen and close again, publish, reconciliation, forecast, lag, and a rebuild
// from offset 0 switched in under live traffic with equal hashes.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import { type EventEnvelope, serviceOf, toWireMessage } from '#contracts';
import { embeddedAuth } from '#auth';
import { configureServiceApp, strictExpressAdapter } from '#http';

// The office head of an agency: declares, closes and publishes its own reports (a supervisor of that
// agency, ADR 0004) and reads them; the city's also reads the roll-up and runs rebuilds (operations).
const TEST_AUTH = embeddedAuth({});
const officeHead = (agencyId: string): string =>
  `Bearer ${TEST_AUTH.issuer.mint({ sub: 'office-head', roles: ['clerk', 'supervisor', 'operations'], agencyId })}`;
/** The head of the agency whose annual report the path names, else the city's. */
const headFor = (path: string): string => officeHead(/\/annual-reports\/([^/]+)\//.exec(path)?.[1] ?? 'zhuzhou-city');
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, realRuntime, uniqueName } from '#testing';
import { SOURCE_SERVICES } from './annual-report/application/fact-translation.js';
import { mismatches } from './annual-report/testing/expected-figures.js';
import { SourceEventEmitter } from './annual-report/testing/source-events.js';
import { generateYear, generatedReplyDeadline } from './annual-report/testing/year-generator.js';
import { type Report } from './annual-report/domain/report-model.js';
import { ReportingServiceModule } from './reporting.module.js';

const real = await integrationInfra();

function withDatabase(uri: string, db: string): string {
  const url = new URL(uri);
  url.pathname = `/${db}`;
  return url.toString();
}

const AGENCIES_A = ['zhuzhou-county', 'you-county'];
const AGENCIES_B = ['chaling-county'];
const small = {
  requestsPerAgency: 15,
  sizes: {
    publications: 6,
    consultations: 5,
    violations: 6,
    normativeDocuments: 4,
    appeals: 5,
    enforcementMeasures: 2,
    importChunks: 2,
  },
};
const yearA = generateYear({ seed: 2022, year: 2022, agencyIds: AGENCIES_A, cityAgencyId: 'zhuzhou-city', ...small });
const yearB = generateYear({ seed: 2025, year: 2025, agencyIds: AGENCIES_B, cityAgencyId: 'zhuzhou-city', ...small });
const emitter = new SourceEventEmitter('0190bbbb');
const eventsA = yearA.cases.flatMap((c) => emitter.eventsOf(c));
const eventsB = yearB.cases.flatMap((c) => emitter.eventsOf(c));

describe('the reporting service on real Kafka and FerretDB/MongoDB', { skip: real.skip }, () => {
  const prefix = uniqueName('rpt');
  const topicOf = (type: string): string => `${prefix}.${serviceOf(type)}.events`;
  const topics = SOURCE_SERVICES.map((s) => `${prefix}.${s}.events`);
  const dbName = uniqueName('reporting').replace(/-/g, '_');
  let app: INestApplication;
  let transport: KafkaTransport;
  let base: string;

  const publish = async (events: readonly EventEnvelope[]): Promise<void> => {
    for (const topic of topics) {
      const batch = events.filter((e) => topicOf(e.type) === topic).map(toWireMessage);
      if (batch.length) await transport.publish(topic, batch);
    }
  };
  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: headFor(path), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      type,
      text,
      json: type.includes('json') ? JSON.parse(text) : undefined,
    };
  };
  const lag = async () =>
    (await http('GET', '/reporting/projection/lag')).json as {
      generation: number;
      topics: Array<{ events: number; cases: number }>;
    };
  const caughtUp = () =>
    eventually(async () => (await lag()).topics.every((t) => t.events === 0), {
      timeoutMs: 180_000,
      what: 'projection caught up',
    });
  const report = async (path: string, template: string): Promise<Report & { contentHash: string }> => {
    const r = await http('GET', `/reporting/annual-reports/${path}/report?template=${template}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };

  before(async () => {
    const infra = real.infra!;
    transport = new KafkaTransport({ clientId: 'reporting-int-test', ...kafkaClient(infra) });
    await transport.ensureTopics(topics.map((topic) => ({ topic, partitions: 3, retentionMs: -1 })));
    app = await NestFactory.create(
      ReportingServiceModule.register(realRuntime(infra, withDatabase(infra.mongoUri, dbName)), {
        topics,
        groupPrefix: `${prefix}.statistics`,
        retry: { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 200 },
        followEveryMs: 500,
        auth: TEST_AUTH.settings,
      }),
      strictExpressAdapter(),
      { bodyParser: false, logger: ['error', 'warn'] },
    );
    configureServiceApp(app, { title: 'reporting', bodyLimit: '1mb' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  after(async () => {
    await app?.close();
    await transport
      ?.deleteTopicsAndGroups(
        [...topics, ...topics.map((t) => `${t}.dlq`)],
        [`${prefix}.statistics.g1`, `${prefix}.statistics.g2`],
      )
      .catch(() => {});
    await transport?.close();
    const connection = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
    await connection.dropDatabase().catch(() => {});
    await connection.close();
  });

  it('projects a generated year from the topics: both formats equal the generator’s record', async () => {
    await publish(eventsA);
    const started = Date.now();
    await caughtUp();
    console.log(
      `[reporting] ${eventsA.length} events projected in ${Date.now() - started} ms (${real.infra!.description})`,
    );
    for (const [path, agencies] of [
      ['you-county/agency/2022', ['you-county']],
      ['zhuzhou-city/rollup/2022', ['zhuzhou-city', ...AGENCIES_A, ...AGENCIES_B]],
    ] as const) {
      for (const template of ['2008', 'national-2021'] as const) {
        const r = await report(path, template);
        assert.equal(r.status, 'live');
        assert.deepEqual(
          mismatches(r.tables, yearA, agencies, undefined, template === '2008' ? '2008-' : 'national-'),
          [],
        );
        assert.deepEqual(
          r.checks.filter((c) => !c.holds),
          [],
        );
      }
    }
    const html = await http(
      'GET',
      '/reporting/annual-reports/zhuzhou-city/rollup/2022/report?template=national-2021&format=html',
    );
    assert.match(html.type, /text\/html/);
    assert.match(html.text, /三、收到和处理政府信息公开申请情况/);
    const csv = await http('GET', '/reporting/annual-reports/zhuzhou-city/rollup/2022/report?template=2008&format=csv');
    assert.match(csv.type, /text\/csv/);
    assert.match(csv.text, /附表二 依申请公开政府信息情况统计,受理申请总数,条,,\d+/);
    const docs = await http('GET', '/docs-json');
    assert.ok(docs.json.paths['/reporting/annual-reports/{agencyId}/{scope}/{year}/report']);
  });

  let frozenHash = '';
  it('declares facts, closes the year, and keeps the frozen figures when a late event arrives', async () => {
    const path = '/reporting/annual-reports/you-county/agency/2022';
    const bad = await http('PUT', `${path}/declared-facts`, {
      fullTimeStaff: -1,
      partTimeStaff: 3,
      expenditureWanYuan: 2,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.violations[0].field, 'fullTimeStaff');
    const declared = await http('PUT', `${path}/declared-facts`, {
      fullTimeStaff: 1,
      partTimeStaff: 3,
      expenditureWanYuan: 2.5,
    });
    assert.equal(declared.status, 200, declared.text);
    assert.equal(declared.json.declared.declaredBy, 'office-head');
    const stale = await http('POST', `${path}/close`, undefined, { 'if-match': '"0"' });
    assert.equal(stale.status, 409);
    const closeOnce = { 'if-match': declared.etag!, 'idempotency-key': uniqueName('close-2022') };
    const closed = await http('POST', `${path}/close`, undefined, closeOnce);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.status, 'closed');
    // The answer was lost and the close is sent again, stale If-Match and all: the first result.
    const closedAgain = await http('POST', `${path}/close`, undefined, closeOnce);
    assert.equal(closedAgain.status, 200, closedAgain.text);
    assert.equal(closedAgain.etag, closed.etag);
    assert.equal(closedAgain.json.closed.closeNumber, 1);
    const frozen = await report('you-county/agency/2022', '2008');
    assert.equal(frozen.status, 'closed');
    assert.equal(frozen.manifest.closeNumber, 1);
    assert.ok((frozen.manifest.watermark as unknown[]).length > 0);
    frozenHash = frozen.contentHash;
    const received = (r: Report) =>
      r.tables.find((t) => t.id === '2008-2')!.rows.find((x) => x.label === '受理申请总数')!.value!;

    // A request received in 2022 is recorded only now.
    const late = emitter.eventsOf({
      source: 'disclosure-request',
      streamId: uniqueName('late-request'),
      agencyId: 'you-county',
      steps: [
        {
          date: '2022-06-01',
          changes: [
            {
              kind: 'disclosure-request',
              type: 'received',
              receiptDate: '2022-06-01',
              channel: 'letter',
              applicantType: 'natural-person',
            },
          ],
        },
      ],
    });
    await publish(late);
    const adjustments = await eventually(
      async () => {
        const a = await http('GET', `${path}/adjustments`);
        return a.json?.lateEvents?.some((e: { streamId: string }) => e.streamId === late[0]!.streamId)
          ? a.json
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the late event listed as a post-close adjustment' },
    );
    assert.deepEqual(
      adjustments.differences.find(
        (d: { template: string; path: string[] }) => d.template === '2008' && d.path.join('/') === '受理申请总数',
      ),
      {
        template: '2008',
        table: '2008-2',
        path: ['受理申请总数'],
        frozen: received(frozen),
        live: received(frozen) + 1,
      },
    );
    const still = await report('you-county/agency/2022', '2008');
    assert.equal(still.contentHash, frozenHash);
    assert.equal(received(still), received(frozen));

    const noReason = await http('POST', `${path}/reopen`, { reason: '' });
    assert.equal(noReason.status, 400);
    const reopened = await http('POST', `${path}/reopen`, { reason: 'a request of 2022-06-01 was recorded late' });
    assert.equal(reopened.status, 200, reopened.text);
    const live = await report('you-county/agency/2022', '2008');
    assert.equal(live.status, 'live');
    assert.equal(received(live), received(frozen) + 1);
    assert.notEqual(live.contentHash, frozenHash);
    const again = await http('POST', `${path}/close`);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.closed.closeNumber, 2);
    const publishOnce = { 'idempotency-key': uniqueName('publish-2022') };
    const published = await http('POST', `${path}/publish`, undefined, publishOnce);
    assert.equal(published.json.status, 'published');
    const publishedAgain = await http('POST', `${path}/publish`, undefined, publishOnce);
    assert.equal(publishedAgain.status, 200, publishedAgain.text);
    assert.equal(publishedAgain.etag, published.etag);
    const publishedTwice = await http('POST', `${path}/publish`);
    assert.equal(publishedTwice.status, 409, 'without the key, publishing twice is refused');
    assert.equal(published.json.published.deadline, '2023-01-31');
    frozenHash = (await report('you-county/agency/2022', '2008')).contentHash;
  });

  it('reconciles a hand-filed report and forecasts the year end', async () => {
    const derived = await report('zhuzhou-county/agency/2022', '2008');
    const receivedRow = derived.tables.find((t) => t.id === '2008-2')!.rows.find((x) => x.label === '受理申请总数')!;
    const rec = await http('POST', '/reporting/annual-reports/zhuzhou-county/agency/2022/reconciliations', {
      template: '2008',
      tables: [
        { table: '附表二', figures: [{ label: '受理申请总数', value: receivedRow.value! + 5 }] },
        { table: '正文', figures: [{ label: '受理申请总数', value: receivedRow.value! }] },
      ],
    });
    assert.equal(rec.status, 200, rec.text);
    assert.deepEqual(rec.json.discrepancies, [
      {
        table: '附表二 依申请公开政府信息情况统计',
        path: ['受理申请总数'],
        filed: receivedRow.value! + 5,
        derived: receivedRow.value,
      },
    ]);
    assert.deepEqual(
      rec.json.violations.map((v: { rule: string }) => v.rule),
      ['filed.text-contradicts-table'],
    );

    const f = await http(
      'GET',
      '/reporting/annual-reports/zhuzhou-county/agency/2022/forecast?template=2008&asOf=2022-06-30',
    );
    assert.equal(f.status, 200, f.text);
    assert.equal(f.json.asOf, '2022-06-30');
    assert.match(f.json.method, /prior year's \(2021\) monthly profile/);
    assert.ok(f.json.rows.some((r: { method: string }) => r.method === 'prior-year-monthly-profile'));
  });

  it('rebuilds from offset 0 into a new generation under live traffic and switches with equal hashes', async () => {
    // Live traffic: year B arrives batch by batch, one a second, for as long as the rebuild runs.
    const batches = Array.from({ length: 12 }, (_, i) => eventsB.filter((_, j) => j % 12 === i));
    let sent = 0;
    let rebuilding = true;
    const traffic = (async () => {
      while (sent < batches.length) {
        await publish(batches[sent]!);
        sent++;
        if (rebuilding) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    })();
    const t0 = Date.now();
    const started = await http('POST', '/reporting/projection/rebuilds');
    assert.equal(started.status, 202, started.text);
    assert.equal(started.json.rebuilding.generation, 2);
    const sentAtStart = sent;
    // The live generation keeps answering while the new one catches up.
    await eventually(
      async () => {
        const status = await http('GET', '/reporting/projection');
        assert.equal(status.json.state.active, 1);
        assert.equal((await http('GET', '/reporting/annual-reports/you-county/agency/2022')).status, 200);
        return status.json.rebuilding?.caughtUp;
      },
      { timeoutMs: 240_000, intervalMs: 1000, what: 'the rebuilt generation caught up' },
    );
    const caughtUpAfter = Date.now() - t0;
    const switched = await http('POST', '/reporting/projection/rebuilds/switch', {
      years: [2021, 2022, 2025],
      timeoutMs: 60_000,
    });
    const sentAtSwitch = sent;
    rebuilding = false;
    assert.equal(switched.status, 200, switched.text);
    console.log(
      `[reporting] rebuild of ${switched.json.facts} facts caught up in ${caughtUpAfter} ms, switched after ` +
        `${Date.now() - t0} ms; traffic batches sent: ${sentAtStart} at the start, ${sentAtSwitch} at the switch, ` +
        `of ${batches.length}`,
    );
    assert.ok(sentAtSwitch > sentAtStart, 'traffic arrived while the rebuild ran');
    assert.deepEqual([switched.json.from, switched.json.to], [1, 2]);
    assert.equal(switched.json.reports.length, 3 * 7 * 2);
    assert.deepEqual(
      switched.json.reports.filter((r: { live: string; rebuilt: string }) => r.live !== r.rebuilt),
      [],
    );
    await traffic;
    await caughtUp();
    assert.equal((await lag()).generation, 2);
    // The rebuilt generation answers: the frozen report keeps its hash, year B equals its record.
    assert.equal((await report('you-county/agency/2022', '2008')).contentHash, frozenHash);
    for (const template of ['2008', 'national-2021'] as const) {
      const r = await report('chaling-county/agency/2025', template);
      assert.deepEqual(
        mismatches(r.tables, yearB, ['chaling-county'], undefined, template === '2008' ? '2008-' : 'national-'),
        [],
      );
    }
  });

  // Issue 17.2: the report document, edited by the office through the API.
  it('the document: an edit survives regeneration, a figure change turns its bound sentence red, the close freezes the text', async () => {
    const key = 'zhuzhou-county/agency/2022';
    const at = `/reporting/annual-reports/${key}`;
    // Requests of the agency received in 2022, counted from the generator's cases (the test's input).
    const receivedIn2022 = yearA.cases.filter(
      (c) =>
        c.agencyId === 'zhuzhou-county' &&
        c.steps.some((st) =>
          st.changes.some(
            (ch) => ch.kind === 'disclosure-request' && ch.type === 'received' && ch.receiptDate.startsWith('2022'),
          ),
        ),
    ).length;
    type Doc = {
      sections: Array<{
        id: string;
        heading: string;
        generated: boolean;
        editedBy?: string;
        source: string;
        blocks: Array<{ kind: string; sentences?: Array<{ text: string; generated: boolean }> }>;
      }>;
      checks: Array<{ rule: string; section: string; holds: boolean; detail: string }>;
    };
    const documentOf = async () => {
      const r = (await report(key, 'national-2021')) as unknown as Report & { document: Doc; documentHash: string };
      return r;
    };
    const textOf = (doc: Doc, id: string) =>
      doc.sections
        .find((x) => x.id === id)!
        .blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.sentences!.map((x) => x.text).join('')] : []));

    const draft = await documentOf();
    assert.ok(
      draft.document.sections.every((x) => x.generated),
      'every section drafted by the product',
    );
    assert.match(textOf(draft.document, 's1').join(''), new RegExp(`新收政府信息公开申请${receivedIn2022}件`));
    // Deadlines met (期限): the replies of 2022 within and after their due date, counted from the cases.
    const judgedIn2022 = { within: 0, late: 0 };
    for (const c of yearA.cases)
      for (const st of c.agencyId === 'zhuzhou-county' ? c.steps : [])
        for (const ch of st.changes)
          if (ch.kind === 'disclosure-request' && ch.type === 'concluded' && ch.date.startsWith('2022-'))
            if (ch.replyDeadline?.status === 'within' || ch.replyDeadline?.status === 'late')
              judgedIn2022[ch.replyDeadline.status]++;
    const deadlines = (n: { within: number; late: number }) =>
      `本年度办结的申请中，${n.within}件在法定期限内答复，${n.late}件逾期答复`;
    assert.ok(textOf(draft.document, 's3').join('').includes(deadlines(judgedIn2022)), textOf(draft.document, 's3')[0]);

    const text = `全年共受理政府信息公开申请${receivedIn2022}件，均依法答复。\n其中本年新收{{三.本年新收政府信息公开申请数量.总计}}件。`;
    const route = `${at}/narrative/national-2021/s1`;
    const clerk = `Bearer ${TEST_AUTH.issuer.mint({ sub: 'clerk', roles: ['clerk'], agencyId: 'zhuzhou-county' })}`;
    assert.equal((await http('PUT', route, { text }, { authorization: clerk })).status, 403, 'a clerk does not edit');
    assert.equal(
      (await http('PUT', route, { text }, { authorization: officeHead('you-county') })).status,
      403,
      'own agency only',
    );
    const unknown = await http('PUT', route, { text: '共{{三.本年新收.总计}}件。' });
    assert.equal(unknown.status, 422, unknown.text);
    assert.equal(unknown.json.rule, 'narrative.placeholder-unknown');
    assert.match(unknown.text, /text/);
    const empty = await http('PUT', route, { text: '  ' });
    assert.equal(empty.status, 400, empty.text);
    assert.equal(empty.json.violations[0].field, 'text');
    const badSection = await http('PUT', `${at}/narrative/national-2021/s7`, { text });
    assert.equal(badSection.status, 422, badSection.text);
    const edited = await http('PUT', route, { text });
    assert.equal(edited.status, 200, edited.text);

    const after = await documentOf();
    const s1 = after.document.sections.find((x) => x.id === 's1')!;
    assert.equal(s1.generated, false);
    assert.equal(s1.editedBy, 'office-head');
    assert.deepEqual(textOf(after.document, 's1'), [
      `全年共受理政府信息公开申请${receivedIn2022}件，均依法答复。`,
      `其中本年新收${receivedIn2022}件。`,
    ]);
    const bound = () =>
      after.document.checks.filter((c) => c.rule === 'narrative.literal-matches-cell' && c.section === 's1');
    assert.deepEqual(
      bound().map((c) => c.holds),
      [true],
    );

    // One more request received in 2022: the report regenerates, the edit stays, its literal is flagged.
    await publish(
      emitter.eventsOf({
        source: 'disclosure-request',
        streamId: uniqueName('narrative-request'),
        agencyId: 'zhuzhou-county',
        steps: [
          {
            date: '2022-12-20',
            changes: [
              {
                kind: 'disclosure-request',
                type: 'received',
                receiptDate: '2022-12-20',
                channel: 'online',
                applicantType: 'natural-person',
              },
            ],
          },
        ],
      }),
    );
    // And a request carried in from 2021 is replied to late in 2022 (本年新收 is unchanged).
    const lateReply = generatedReplyDeadline('2021-12-01', '2022-02-28', { category: 'granted' });
    assert.equal(lateReply.status, 'late');
    await publish(
      emitter.eventsOf({
        source: 'disclosure-request',
        streamId: uniqueName('late-reply'),
        agencyId: 'zhuzhou-county',
        steps: [
          {
            date: '2021-12-01',
            changes: [
              {
                kind: 'disclosure-request',
                type: 'received',
                receiptDate: '2021-12-01',
                channel: 'letter',
                applicantType: 'natural-person',
              },
            ],
          },
          {
            date: '2022-02-28',
            changes: [
              {
                kind: 'disclosure-request',
                type: 'concluded',
                date: '2022-02-28',
                national: { category: 'granted' },
                era2008: { category: 'granted' },
                replyDeadline: lateReply,
              },
            ],
          },
        ],
      }),
    );
    const withLate = { ...judgedIn2022, late: judgedIn2022.late + 1 };
    const regenerated = await eventually(
      async () => {
        const r = await documentOf();
        return textOf(r.document, 's1')[1] === `其中本年新收${receivedIn2022 + 1}件。` &&
          textOf(r.document, 's3').join('').includes(deadlines(withLate))
          ? r
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the prose follows the corrected figure' },
    );
    assert.equal(textOf(regenerated.document, 's1')[0], `全年共受理政府信息公开申请${receivedIn2022}件，均依法答复。`);
    const red = regenerated.document.checks.filter(
      (c) => c.rule === 'narrative.literal-matches-cell' && c.section === 's1',
    );
    assert.equal(red.length, 1);
    assert.equal(red[0]!.holds, false, red[0]!.detail);
    assert.match(red[0]!.detail, new RegExp(`${receivedIn2022} ≠ .* ${receivedIn2022 + 1}$`));
    assert.notEqual(regenerated.documentHash, after.documentHash);

    // The office corrects the sentence; the close then freezes text and figures under one hash.
    const fixed = `全年共受理政府信息公开申请{{三.本年新收政府信息公开申请数量.总计}}件，均依法答复。`;
    assert.equal((await http('PUT', route, { text: fixed })).status, 200);
    const closed = await http('POST', `${at}/close`);
    assert.equal(closed.status, 200, closed.text);
    const frozen = await documentOf();
    assert.equal(frozen.status, 'closed');
    assert.deepEqual(textOf(frozen.document, 's1'), [
      `全年共受理政府信息公开申请${receivedIn2022 + 1}件，均依法答复。`,
    ]);
    // The deadline measure is frozen with the text: the closed report still states it.
    assert.ok(textOf(frozen.document, 's3').join('').includes(deadlines(withLate)), textOf(frozen.document, 's3')[0]);
    assert.match(String(frozen.manifest.documentHash), /^sha256:[0-9a-f]{64}$/);
    assert.equal(frozen.manifest.documentHash, frozen.documentHash);
    const refused = await http('PUT', route, { text });
    assert.equal(refused.status, 409, 'the text is frozen with the figures');
    const page = await http('GET', `${at}/report?template=national-2021&format=html`);
    assert.ok(page.text.includes(`全年共受理政府信息公开申请${receivedIn2022 + 1}件`));
    assert.doesNotMatch(
      page.text
        .replace(/<style>[\s\S]*?<\/style>/, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&[a-z]+;/g, ''),
      /narrative\.|[A-Za-z]{3,}/,
    );
    const docx = await fetch(`${base}${at}/report?template=national-2021&format=docx`, {
      headers: { authorization: headFor(at) },
    });
    assert.equal(docx.status, 200);
    assert.equal(
      docx.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    assert.equal(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
      'PK',
    );
  });
});
