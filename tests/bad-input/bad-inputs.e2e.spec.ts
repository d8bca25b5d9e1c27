// The bad-input suite: the six services as separate processes on the real broker and store, and a
// table of inputs a careless or hostile client sends — malformed JSON, wrong types, unknown enum
// values, missing and extra fields, huge bodies and strings, operator injection in ids, paths,
// query filters and bodies, impossible dates, a replayed Idempotency-Key with another body, a stale
// or malformed If-Match, bad tokens. Each must get the 4xx the table names, the response must name
// the field (or header) and the rule, and nothing may be written: the service's commits in the store
// are counted around every input, and the topics' end offsets are compared around the whole table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { embeddedAuth } from '#auth';
import { SERVICES, type ServiceName } from '#contracts';
import { integrationInfra, kafkaClient, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';

const real = await integrationInfra();

type Token = 'clerk' | 'none' | 'garbage' | 'wrong-secret' | 'tampered' | 'other-agency' | 'auditor';

interface BadInput {
  readonly service: ServiceName;
  readonly what: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `{{request}}`, `{{violation}}`, `{{publication}}`, `{{consultation}}`, `{{appeal}}`: ids made in setup. */
  readonly path: string;
  /** An object is sent as JSON; a string as it is (malformed JSON). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly token?: Token;
  readonly status: number;
  /** The field or header the answer must name (in `violations[].field` or the message). */
  readonly field?: string;
  /** The rule the answer must name (`rule` or `violations[].rule`), when the table pins one. */
  readonly rule?: string;
}

const CITY = 'zhuzhou-city';
const request = {
  agencyId: CITY,
  receiptDate: '2009-03-02',
  channel: 'email',
  applicantType: 'natural-person',
  informationRequested: '征地拆迁补偿安置相关信息',
  applicant: { name: '申请人 甲' },
};
const violation = { agencyId: CITY, kind: 'land', source: 'patrol', discoveredOn: '2009-03-02', areaMu: 1.5 };
const publication = {
  agencyId: CITY,
  title: '土地招拍挂信息',
  category: 'land-supply',
  fullTextElectronic: true,
  publishedOn: '2009-03-02',
};
const consultation = { agencyId: CITY, channel: 'phone', receivedOn: '2009-03-02' };
const reconsideration = (ref: string): Record<string, unknown> => ({
  agencyId: CITY,
  act: { kind: 'disclosure-request', ref },
  knownOn: '2009-04-01',
  filedOn: '2009-04-01',
});
const facts = { fullTimeStaff: 2, partTimeStaff: 38, expenditureWanYuan: 32 };
const INJECT = { $gt: '' };
const BIG = 'x'.repeat(300_000);

/** Per service, the same families of bad input; expected answers are the API's documented ones. */
function table(): BadInput[] {
  const rows: BadInput[] = [];
  const creates: Array<[ServiceName, string, Record<string, unknown>, string]> = [
    ['applications', '/applications/disclosure-requests', request, 'receiptDate'],
    ['enforcement', '/enforcement/violation-cases', violation, 'discoveredOn'],
    ['publications', '/publications/proactive-publications', publication, 'publishedOn'],
    ['consultations', '/consultations/consultations', consultation, 'receivedOn'],
  ];
  for (const [service, path, valid, dateField] of creates) {
    const post = (what: string, body: unknown, status: number, field?: string, rule?: string): void =>
      void rows.push({ service, what, method: 'POST', path, body, status, field, rule });
    post('malformed JSON', '{"agencyId": "zhuzhou-city", ', 400, '(body)', 'entity.parse.failed');
    post('a JSON array instead of an object', [valid], 400);
    post('agencyId of the wrong type (number)', { ...valid, agencyId: 42 }, 400, 'agencyId');
    // Agencies are data (ADR 0014): a well-formed id is checked against the registry, a 422 naming it.
    post('unknown agency (not in the registry)', { ...valid, agencyId: 'atlantis' }, 422, 'agencyId', 'agency.unknown');
    post('malformed agency id', { ...valid, agencyId: 'Atlantis City!' }, 400, 'agencyId');
    post('missing agencyId', { ...valid, agencyId: undefined }, 400, 'agencyId');
    post('an extra field', { ...valid, approvedBy: 'me' }, 400, 'approvedBy', 'unrecognized_keys');
    post('operator injection in agencyId', { ...valid, agencyId: INJECT }, 400, 'agencyId');
    post('a $where clause as a field', { ...valid, $where: 'sleep(10000)' }, 400, '$where', 'unrecognized_keys');
    post('date 2009-02-30 does not exist', { ...valid, [dateField]: '2009-02-30' }, 400, dateField);
    post('date with hour 24:00', { ...valid, [dateField]: '2009-02-12T24:00:00Z' }, 400, dateField);
    post('non-ISO date', { ...valid, [dateField]: '12/02/2009' }, 400, dateField);
    post('date as a number', { ...valid, [dateField]: 20090212 }, 400, dateField);
    post('a body over the size limit', { ...valid, padding: BIG }, 413, '(body)');
    rows.push({ service, what: 'no token', method: 'POST', path, body: valid, token: 'none', status: 401 });
    rows.push({ service, what: 'a garbage token', method: 'POST', path, body: valid, token: 'garbage', status: 401 });
    rows.push({
      service,
      what: 'a token of another secret',
      method: 'POST',
      path,
      body: valid,
      token: 'wrong-secret',
      status: 401,
    });
    rows.push({
      service,
      what: 'a token whose payload was altered',
      method: 'POST',
      path,
      body: valid,
      token: 'tampered',
      status: 401,
    });
    rows.push({
      service,
      what: 'a county clerk writing for the city',
      method: 'POST',
      path,
      body: valid,
      token: 'other-agency',
      status: 403,
    });
    rows.push({
      service,
      what: 'an auditor writing (role)',
      method: 'POST',
      path,
      body: valid,
      token: 'auditor',
      status: 403,
    });
    rows.push({
      service,
      what: 'a malformed Idempotency-Key',
      method: 'POST',
      path,
      body: valid,
      headers: { 'idempotency-key': '{"$gt":""}' },
      status: 400,
      field: 'Idempotency-Key',
    });
    rows.push({
      service,
      what: 'the setup Idempotency-Key replayed with another body',
      method: 'POST',
      path,
      body: { ...valid, [dateField]: '2009-03-03' },
      headers: { 'idempotency-key': `bad-input-setup-${service}` },
      status: 422,
      field: 'Idempotency-Key',
      rule: 'idempotency-key.reused',
    });
    rows.push({
      service,
      what: 'operator injection in a list filter (agencyId[$gt]=)',
      method: 'GET',
      path: `${path}?agencyId[$gt]=`,
      status: 400,
      field: 'agencyId',
    });
    rows.push({
      service,
      what: 'a $where list filter',
      method: 'GET',
      path: `${path}?$where=1`,
      status: 400,
      field: '$where',
    });
    rows.push({
      service,
      what: 'operator injection as the id in the path',
      method: 'GET',
      path: `${path}/${encodeURIComponent(JSON.stringify(INJECT))}`,
      status: 400,
      field: 'id',
    });
  }
  // A huge string inside the limits of the body: the field's own length rule answers.
  rows.push(
    {
      service: 'applications',
      what: 'a 5000-character informationRequested',
      method: 'POST',
      path: '/applications/disclosure-requests',
      body: { ...request, informationRequested: 'x'.repeat(5000) },
      status: 400,
      field: 'informationRequested',
      rule: 'too_big',
    },
    {
      service: 'applications',
      what: 'unknown channel (enum)',
      method: 'POST',
      path: '/applications/disclosure-requests',
      body: { ...request, channel: 'carrier-pigeon' },
      status: 400,
      field: 'channel',
    },
    {
      service: 'applications',
      what: 'reply with a stale If-Match',
      method: 'POST',
      path: '/applications/disclosure-requests/{{request}}/reply',
      body: { repliedOn: '2009-03-10', outcome: { category: 'disclosed' } },
      headers: { 'if-match': '"7"' },
      status: 409,
      rule: 'if-match.stale-version',
    },
    {
      service: 'applications',
      what: 'reply with a malformed If-Match',
      method: 'POST',
      path: '/applications/disclosure-requests/{{request}}/reply',
      body: { repliedOn: '2009-03-10', outcome: { category: 'disclosed' } },
      headers: { 'if-match': '{"$gt":""}' },
      status: 400,
      field: 'If-Match',
    },
    {
      service: 'applications',
      what: 'reply to an injected id',
      method: 'POST',
      path: `/applications/disclosure-requests/${encodeURIComponent('{"$ne":null}')}/reply`,
      body: { repliedOn: '2009-03-10', outcome: { category: 'disclosed' } },
      status: 400,
      field: 'id',
    },
    {
      service: 'enforcement',
      what: 'unknown violation kind (enum)',
      method: 'POST',
      path: '/enforcement/violation-cases',
      body: { ...violation, kind: 'piracy' },
      status: 400,
      field: 'kind',
    },
    {
      service: 'enforcement',
      what: 'stop-on-site with a stale If-Match',
      method: 'POST',
      path: '/enforcement/violation-cases/{{violation}}/stop-on-site',
      body: { stoppedOn: '2009-03-03' },
      headers: { 'if-match': '"9"' },
      status: 409,
      rule: 'if-match.stale-version',
    },
    {
      service: 'enforcement',
      what: 'stop-on-site on 2009-02-29 (not a leap year)',
      method: 'POST',
      path: '/enforcement/violation-cases/{{violation}}/stop-on-site',
      body: { stoppedOn: '2009-02-29' },
      status: 400,
      field: 'stoppedOn',
    },
    {
      service: 'publications',
      what: 'fullTextElectronic as a string',
      method: 'POST',
      path: '/publications/proactive-publications',
      body: { ...publication, fullTextElectronic: 'yes' },
      status: 400,
      field: 'fullTextElectronic',
    },
    {
      service: 'consultations',
      what: 'unknown consultation channel (enum)',
      method: 'POST',
      path: '/consultations/consultations',
      body: { ...consultation, channel: 'telepathy' },
      status: 400,
      field: 'channel',
    },
    {
      service: 'consultations',
      what: 'page views negative',
      method: 'PUT',
      path: `/consultations/page-views/${CITY}/2009/portal`,
      body: { views: -5 },
      status: 400,
      field: 'views',
    },
    {
      service: 'consultations',
      what: 'page views with operator injection in the path agency',
      method: 'PUT',
      path: `/consultations/page-views/${encodeURIComponent('{"$gt":""}')}/2009/portal`,
      body: { views: 5 },
      status: 400,
      field: 'agencyId',
    },
    {
      service: 'consultations',
      what: 'page views for month 13',
      method: 'PUT',
      path: `/consultations/page-views/${CITY}/2009-13/portal`,
      body: { views: 5 },
      status: 400,
      field: 'period',
    },
  );
  // appeals: creates reference a request; reporting: declared facts and report paths.
  const recon = '/appeals/reconsiderations';
  rows.push(
    {
      service: 'appeals',
      what: 'malformed JSON',
      method: 'POST',
      path: recon,
      body: '{"agencyId":',
      status: 400,
      field: '(body)',
    },
    {
      service: 'appeals',
      what: 'act ref as an operator',
      method: 'POST',
      path: recon,
      body: { ...reconsideration('x'), act: { kind: 'disclosure-request', ref: INJECT } },
      status: 400,
      field: 'act.ref',
    },
    {
      service: 'appeals',
      what: 'unknown act kind (enum)',
      method: 'POST',
      path: recon,
      body: { ...reconsideration('x'), act: { kind: 'tax-assessment', ref: 'x' } },
      status: 400,
      field: 'act.kind',
    },
    {
      service: 'appeals',
      what: 'filedOn 2009-02-30',
      method: 'POST',
      path: recon,
      body: { ...reconsideration('x'), filedOn: '2009-02-30' },
      status: 400,
      field: 'filedOn',
    },
    {
      service: 'appeals',
      what: 'an extra field',
      method: 'POST',
      path: recon,
      body: { ...reconsideration('x'), verdict: 'won' },
      status: 400,
      field: 'verdict',
      rule: 'unrecognized_keys',
    },
    {
      service: 'appeals',
      what: 'no token',
      method: 'POST',
      path: recon,
      body: reconsideration('x'),
      token: 'none',
      status: 401,
    },
    {
      service: 'appeals',
      what: 'decision with unknown result (enum)',
      method: 'POST',
      path: '/appeals/appeals/{{appeal}}/decision',
      body: { decidedOn: '2009-05-01', result: 'won' },
      status: 400,
      field: 'result',
    },
    {
      service: 'appeals',
      what: 'decision with a stale If-Match',
      method: 'POST',
      path: '/appeals/appeals/{{appeal}}/decision',
      body: { decidedOn: '2009-05-01', result: 'upheld' },
      headers: { 'if-match': '"8"' },
      status: 409,
      rule: 'if-match.stale-version',
    },
    {
      service: 'appeals',
      what: 'operator injection in a list filter',
      method: 'GET',
      path: '/appeals/appeals?status[$ne]=x',
      status: 400,
      field: 'status',
    },
  );
  const factsPath = `/reporting/annual-reports/${CITY}/rollup/2009/declared-facts`;
  rows.push(
    {
      service: 'reporting',
      what: 'malformed JSON',
      method: 'PUT',
      path: factsPath,
      body: '{"fullTimeStaff": 2,',
      status: 400,
      field: '(body)',
    },
    {
      service: 'reporting',
      what: 'staff as a string',
      method: 'PUT',
      path: factsPath,
      body: { ...facts, fullTimeStaff: '2' },
      status: 400,
      field: 'fullTimeStaff',
    },
    {
      service: 'reporting',
      what: 'negative expenditure',
      method: 'PUT',
      path: factsPath,
      body: { ...facts, expenditureWanYuan: -1 },
      status: 400,
      field: 'expenditureWanYuan',
    },
    {
      service: 'reporting',
      what: 'missing partTimeStaff',
      method: 'PUT',
      path: factsPath,
      body: { ...facts, partTimeStaff: undefined },
      status: 400,
      field: 'partTimeStaff',
    },
    {
      service: 'reporting',
      what: 'an extra field',
      method: 'PUT',
      path: factsPath,
      body: { ...facts, $set: { published: true } },
      status: 400,
      field: '$set',
    },
    {
      service: 'reporting',
      what: 'unknown scope in the path (enum)',
      method: 'PUT',
      path: factsPath.replace('rollup', 'galaxy'),
      body: facts,
      status: 400,
      field: 'scope',
    },
    {
      service: 'reporting',
      what: 'operator injection as the agency in the path',
      method: 'PUT',
      path: factsPath.replace(CITY, encodeURIComponent('{"$gt":""}')),
      body: facts,
      status: 400,
      field: 'agencyId',
    },
    {
      service: 'reporting',
      what: 'a county clerk declaring the city’s facts',
      method: 'PUT',
      path: factsPath,
      body: facts,
      token: 'other-agency',
      status: 403,
    },
    {
      service: 'reporting',
      what: 'report with an unknown template (enum)',
      method: 'GET',
      path: `/reporting/annual-reports/${CITY}/rollup/2009/report?template=1999`,
      status: 400,
      field: 'template',
    },
    {
      service: 'reporting',
      what: 'report asOf 2009-02-30',
      method: 'GET',
      path: `/reporting/annual-reports/${CITY}/rollup/2009/report?asOf=2009-02-30`,
      status: 400,
      field: 'asOf',
    },
  );
  return rows;
}

describe(
  `bad inputs get a 4xx naming the problem and write nothing (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let stack: ServiceStack;
    let admin: Admin;
    const stores = new Map<ServiceName, Connection>();
    const ids: Record<string, string> = {};
    const prefix = uniqueName('badinput').replace(/-/g, '_');
    const topicPrefix = `${prefix.replace(/_/g, '-')}.`;
    const stranger = embeddedAuth({ AUTH_JWT_SECRET: 'a-different-secret-'.repeat(4) }).issuer;

    const tokenOf = (kind: Token): string | undefined => {
      const mint = (roles: Array<'clerk' | 'supervisor' | 'auditor' | 'operations'>, agencyId = CITY): string =>
        stack.issuer.mint({ sub: 'bad-input', roles, agencyId });
      switch (kind) {
        case 'none':
          return undefined;
        case 'garbage':
          return 'not.a.jwt';
        case 'wrong-secret':
          return stranger.mint({ sub: 'bad-input', roles: ['clerk', 'supervisor'], agencyId: CITY });
        case 'tampered': {
          // A county clerk's token with its payload rewritten to the city: the signature no longer fits.
          const [head, payload, sig] = mint(['clerk', 'supervisor'], 'you-county').split('.');
          const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
          const forged = Buffer.from(JSON.stringify({ ...claims, agencyId: CITY })).toString('base64url');
          return `${head}.${forged}.${sig}`;
        }
        case 'other-agency':
          return mint(['clerk', 'supervisor'], 'you-county');
        case 'auditor':
          return mint(['auditor']);
        case 'clerk':
          return mint(['clerk', 'supervisor']);
      }
    };

    async function call(input: Pick<BadInput, 'method' | 'path' | 'body' | 'headers' | 'token'>): Promise<Response> {
      const path = input.path.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => ids[k] ?? `{{${k}}}`);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...input.headers };
      const token = tokenOf(input.token ?? 'clerk');
      if (token) headers.authorization = `Bearer ${token}`;
      const body =
        input.body === undefined
          ? undefined
          : typeof input.body === 'string'
            ? input.body
            : JSON.stringify(input.body).replace(/\{\{(\w+)\}\}/g, (_m, k: string) => ids[k] ?? `{{${k}}}`);
      return fetch(`${stack.urlFor(path)}${path}`, { method: input.method, headers, body });
    }

    // On FerretDB the event store spreads commits over `commits_b<n>` collections (ADR 0006).
    const commits = async (s: ServiceName): Promise<number> => {
      const db = stores.get(s)!.db!;
      const names = (await db.listCollections({}, { nameOnly: true }).toArray())
        .map((c) => c.name)
        .filter((name) => /^commits(_b\d+)?$/.test(name));
      const counts = await Promise.all(names.map((name) => db.collection(name).countDocuments({})));
      return counts.reduce((a, b) => a + b, 0);
    };

    async function topicEnds(): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      for (const topic of (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)).sort()) {
        for (const p of await admin.fetchTopicOffsets(topic)) out[`${topic}#${p.partition}`] = p.high;
      }
      return out;
    }

    before(async () => {
      stack = await startServiceStack({ infra: real.infra!, dbPrefix: prefix, env: { TOPIC_PREFIX: topicPrefix } });
      for (const s of SERVICES) {
        stores.set(
          s,
          await mongoose
            .createConnection(real.infra!.mongoUri, { dbName: `${prefix}_${s}`, serverSelectionTimeoutMS: 10_000 })
            .asPromise(),
        );
      }
      const kafka = new Kafka({ clientId: 'bad-input', ...kafkaClient(real.infra!), logLevel: logLevel.NOTHING });
      admin = kafka.admin();
      await admin.connect();
      // Setup: one good case per service, created with a known Idempotency-Key (replayed below).
      const setup: Array<[string, ServiceName, string, Record<string, unknown>]> = [
        ['request', 'applications', '/applications/disclosure-requests', request],
        ['violation', 'enforcement', '/enforcement/violation-cases', violation],
        ['publication', 'publications', '/publications/proactive-publications', publication],
        ['consultation', 'consultations', '/consultations/consultations', consultation],
      ];
      for (const [name, service, path, body] of setup) {
        const res = await call({
          method: 'POST',
          path,
          body,
          headers: { 'idempotency-key': `bad-input-setup-${service}` },
        });
        assert.equal(res.status, 201, `setup ${path}: ${await res.clone().text()}`);
        ids[name] = ((await res.json()) as { id: string }).id;
      }
      const appeal = await call({
        method: 'POST',
        path: '/appeals/reconsiderations',
        body: reconsideration(ids.request!),
        headers: { 'idempotency-key': 'bad-input-setup-appeals' },
      });
      assert.equal(appeal.status, 201, await appeal.clone().text());
      ids.appeal = ((await appeal.json()) as { id: string }).id;
      const declared = await call({
        method: 'PUT',
        path: `/reporting/annual-reports/${CITY}/rollup/2009/declared-facts`,
        body: facts,
      });
      assert.ok(declared.ok, await declared.clone().text());
      await waitForCatchUp({
        baseUrlFor: (route) => stack.urlFor(route),
        operationsToken: stack.issuer.mint({ sub: 'ops', roles: ['operations'], agencyId: CITY }),
        timeoutMs: 120_000,
      });
    });

    after(async () => {
      await admin?.disconnect().catch(() => {});
      for (const c of stores.values()) {
        await c.db?.dropDatabase().catch(() => {});
        await c.close().catch(() => {});
      }
      await stack?.stopAll();
    });

    const inputs = table();

    it(`${inputs.length} bad inputs across the six services: each a 4xx naming field and rule, nothing written`, async (t) => {
      const endsBefore = await topicEnds();
      assert.ok(Object.keys(endsBefore).length >= 5, 'the services’ topics exist');
      const failures: string[] = [];
      const started = Date.now();
      for (const input of inputs) {
        const label = `${input.service}: ${input.what} (${input.method} ${input.path.slice(0, 80)})`;
        const before = await commits(input.service);
        const res = await call(input);
        const text = await res.text();
        const after = await commits(input.service);
        let body: {
          message?: string;
          rule?: string;
          violations?: Array<{ field: string; rule: string; message?: string }>;
        } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          failures.push(`${label}: answer is not JSON: ${text.slice(0, 200)}`);
          continue;
        }
        const problems: string[] = [];
        if (res.status !== input.status) problems.push(`status ${res.status}, want ${input.status}`);
        if (typeof body.message !== 'string' || body.message.length === 0) problems.push('no message');
        // Staff read Chinese: without Accept-Language every message is zh-CN (no English fallback reaches them).
        const untranslated = [body.message, ...(body.violations ?? []).map((v) => v.message)].filter(
          (m) => typeof m === 'string' && !/[\u4e00-\u9fff]/.test(m),
        );
        if (untranslated.length) problems.push(`not in Chinese: ${JSON.stringify(untranslated)}`);
        const fields = (body.violations ?? []).map((v) => v.field);
        if (
          input.field &&
          !fields.some((f) => f === input.field || f.startsWith(`${input.field}.`)) &&
          !body.message?.includes(input.field)
        ) {
          problems.push(`does not name ${input.field} (fields ${JSON.stringify(fields)})`);
        }
        const rules = [body.rule, ...(body.violations ?? []).map((v) => v.rule)];
        if (input.rule && !rules.includes(input.rule))
          problems.push(`does not name rule ${input.rule} (${JSON.stringify(rules)})`);
        if (input.status === 400 && !body.violations?.length && !body.rule) {
          problems.push('a 400 without violations or rule');
        }
        if (after !== before) problems.push(`commits ${before} → ${after}: something was written`);
        if (problems.length) failures.push(`${label}: ${problems.join('; ')} — ${text.slice(0, 300)}`);
      }
      t.diagnostic(`${inputs.length} inputs in ${Date.now() - started} ms`);
      // Nothing reached a topic either: give a relay that had something to publish time to do it.
      await waitForCatchUp({
        baseUrlFor: (route) => stack.urlFor(route),
        operationsToken: stack.issuer.mint({ sub: 'ops', roles: ['operations'], agencyId: CITY }),
        timeoutMs: 60_000,
      });
      const endsAfter = await topicEnds();
      for (const [partition, end] of Object.entries(endsAfter)) {
        if (endsBefore[partition] !== end) failures.push(`${partition} moved from ${endsBefore[partition]} to ${end}`);
      }
      assert.deepEqual(failures, [], `${failures.length} of ${inputs.length} inputs were not refused as specified`);
    });
  },
);
