// The enforcement service over HTTP in real mode: FerretDB/MongoDB store, Kafka topic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContractRegistry, fromWireValue } from '#contracts';
import { KafkaTransport } from '#messaging';
import { asUser, eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { EnforcementServiceModule } from './enforcement.module.js';
import { http, startService, type ServiceUnderTest } from './testing/service-under-test.js';

const real = await integrationInfra();

describe('enforcement service over HTTP (real Kafka + store)', { skip: real.skip }, () => {
  let svc: ServiceUnderTest;

  before(async () => {
    svc = await startService(
      (runtime, o) => EnforcementServiceModule.register(runtime, { ...o, relay: { pollIntervalMs: 200 } }),
      real.infra!,
      uniqueName('enforcement-http'),
    );
  });
  after(async () => {
    await svc?.close();
  });

  const url = (path: string): string => `${svc.url}${path}`;
  const discover = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    http(url('/enforcement/violation-cases'), {
      method: 'POST',
      body: {
        agencyId: 'zhuzhou-city',
        kind: 'land',
        source: 'patrol',
        discoveredOn: '2009-04-07',
        areaMu: 2.5,
        ...body,
      },
      headers,
      as: typeof body.agencyId === 'string' ? body.agencyId : 'zhuzhou-city',
    });
  const change = (id: string, step: string, body: unknown, version?: number, as = 'zhuzhou-city') =>
    http(url(`/enforcement/violation-cases/${id}/${step}`), {
      method: 'POST',
      body,
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
      as,
    });

  it('takes a case from discovery through filing, decisions and closure, version by version', async () => {
    const key = uniqueName('case');
    const created = await discover({}, { 'idempotency-key': key });
    assert.equal(created.status, 201);
    assert.equal(created.body.level, 'city');
    const id = created.body.id as string;
    assert.equal((await discover({}, { 'idempotency-key': key })).body.id, id);

    const filed = await change(id, 'filing', { filedOn: '2009-04-20', caseNumber: '株国土资监〔2009〕12号' }, 1);
    assert.equal(filed.status, 200);
    assert.equal(filed.headers.get('etag'), '"2"');
    const penalty = await change(
      id,
      'penalty-decisions',
      { decidedOn: '2009-06-01', penalties: ['fine'], fineYuan: 12000 },
      2,
    );
    assert.equal(penalty.body.penaltyDecisions, 1);
    const coercive = await change(
      id,
      'coercive-measures',
      { decidedOn: '2009-06-15', measure: 'enforced-demolition' },
      3,
    );
    assert.equal(coercive.body.coerciveMeasures, 1);
    const closed = await change(id, 'closure', { closedOn: '2009-09-30' }, 4);
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.headers.get('etag'), '"5"');
  });

  it('refuses illegal moves: close a case never filed, file twice, stale If-Match, negative area', async () => {
    const county = 'you-county';
    const id = (await discover({ agencyId: county })).body.id as string;
    const closeUnfiled = await change(id, 'closure', { closedOn: '2009-05-01' }, undefined, county);
    assert.equal(closeUnfiled.status, 409);
    assert.equal(closeUnfiled.body.rule, 'close.case-not-filed');
    assert.equal((await change(id, 'filing', { filedOn: '2009-04-20' }, undefined, county)).status, 200);
    const twice = await change(id, 'filing', { filedOn: '2009-04-21' }, undefined, county);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.rule, 'file.already-filed');
    const stale = await change(id, 'stop-on-site', { stoppedOn: '2009-04-08' }, 1, county);
    assert.equal(stale.status, 409);
    // The city reads its counties' cases but does not work them.
    const byCity = await change(id, 'closure', { closedOn: '2009-05-01' });
    assert.equal(byCity.status, 403);
    assert.equal(byCity.body.rule, 'auth.agency');
    const negative = await discover({ areaMu: -3 });
    assert.equal(negative.status, 422);
    // In Chinese: the request names no language (the next test asks for English).
    assert.deepEqual(negative.body.violations, [
      { field: 'areaMu', rule: 'area.negative', message: 'areaMu 必须是 ≥ 0 的数' },
    ]);
    const invalid = await discover({ kind: 'forest', penalties: [] });
    assert.equal(invalid.status, 400);
    assert.deepEqual(
      (invalid.body.violations as Array<{ field: string; rule: string }>).map((v) => `${v.field}:${v.rule}`).sort(),
      ['kind:invalid_value', 'penalties:unrecognized_keys'],
    );
    assert.equal(
      (await change('00000000-0000-7000-8000-000000000000', 'filing', { filedOn: '2009-04-21' })).status,
      404,
    );
  });

  it('answers the same bad requests in Chinese without Accept-Language and in English with `Accept-Language: en`, rules and fields unchanged', async () => {
    const english = { 'accept-language': 'en' };
    const byField = (body: Record<string, unknown>): Record<string, [string, string]> =>
      Object.fromEntries(
        ((body.violations ?? []) as Array<{ field: string; rule: string; message: string }>).map((v) => [
          v.field,
          [v.rule, v.message],
        ]),
      );
    const sameButMessages = (a: { status: number; body: Record<string, unknown> }, b: typeof a): void => {
      assert.equal(a.status, b.status);
      assert.equal(a.body.rule, b.body.rule);
      assert.equal(a.body.error, b.body.error);
      assert.deepEqual(Object.keys(byField(a.body)), Object.keys(byField(b.body)));
      for (const [field, [rule]] of Object.entries(byField(a.body))) assert.equal(byField(b.body)[field]?.[0], rule);
    };

    // 400: a body against its schema — an unknown value, a malformed date, a missing field, an unknown field.
    const bad = { kind: 'forest', discoveredOn: '2009-4-7', source: undefined, extra: 1 };
    const zh = await discover(bad);
    const en = await discover(bad, english);
    assert.equal(zh.status, 400, JSON.stringify(zh.body));
    sameButMessages(zh, en);
    assert.equal(zh.headers.get('content-language'), 'zh-CN');
    assert.equal(en.headers.get('content-language'), 'en');
    assert.deepEqual(byField(zh.body), {
      kind: ['invalid_value', '必须是以下之一：land, mining'],
      discoveredOn: ['invalid_format', '必须是 YYYY-MM-DD 格式的日历日期（如 2024-03-04）'],
      source: ['invalid_value', byField(zh.body).source![1]],
      extra: ['unrecognized_keys', '未知字段（请删除）'],
    });
    assert.match(byField(zh.body).source![1], /^必须是以下之一：/);
    assert.deepEqual(byField(en.body), {
      kind: ['invalid_value', 'must be one of land, mining'],
      discoveredOn: ['invalid_format', 'must be a date YYYY-MM-DD (a day of the calendar, e.g. 2024-03-04)'],
      source: ['invalid_value', byField(en.body).source![1]],
      extra: ['unrecognized_keys', 'unknown field'],
    });
    assert.match(byField(en.body).source![1], /^must be one of /);
    assert.ok(zh.body.message && (zh.body.message as string).includes('kind: 必须是以下之一：land, mining'));

    // 422: a business rule of the decider, its message written in English and translated at the edge.
    const zh422 = await discover({ areaMu: -3 });
    const en422 = await discover({ areaMu: -3 }, { 'accept-language': 'fr;q=0.9, en;q=0.8, zh;q=0.1' });
    sameButMessages(zh422, en422);
    assert.equal(zh422.body.message, 'areaMu 必须是 ≥ 0 的数');
    assert.equal(en422.body.message, 'areaMu must be a number ≥ 0');

    // 409 (a state rule), 403 (another agency's case), 404 (no such case), 401 (no token): each asked
    // without and with Accept-Language: en.
    const county = 'you-county';
    const id = (await discover({ agencyId: county })).body.id as string;
    const inBoth = async (path: string, body: unknown, as: string | false = 'zhuzhou-city') => {
      const ask = (headers: Record<string, string>) => http(url(path), { method: 'POST', body, headers, as });
      const answers = [await ask({}), await ask(english)] as const;
      sameButMessages(...answers);
      return answers;
    };
    const [zh409, en409] = await inBoth(
      `/enforcement/violation-cases/${id}/closure`,
      { closedOn: '2009-05-01' },
      county,
    );
    assert.equal(zh409.body.rule, 'close.case-not-filed');
    assert.equal(zh409.body.message, '案件须先立案');
    assert.equal(en409.body.message, 'the case must be filed (立案) first');

    const [zh403, en403] = await inBoth(`/enforcement/violation-cases/${id}/closure`, { closedOn: '2009-05-01' });
    assert.equal(zh403.status, 403);
    assert.match(zh403.body.message as string, /^zhuzhou-city 的 .+ 无权处理 you-county 的案件$/);
    assert.match(en403.body.message as string, /may not act on the cases of you-county$/);

    const noCase = '/enforcement/violation-cases/00000000-0000-7000-8000-000000000000/filing';
    const [zh404, en404] = await inBoth(noCase, { filedOn: '2009-04-21' });
    assert.equal(zh404.status, 404);
    assert.equal(zh404.body.message, '没有此违法案件');
    assert.match(en404.body.message as string, /^no (such )?violation case/);

    const [zh401, en401] = await inBoth('/enforcement/violation-cases', {}, false);
    assert.equal(zh401.status, 401);
    assert.equal(zh401.body.message, '需要提供持有者令牌（Authorization: Bearer <JWT>）');
    assert.equal(en401.body.message, 'a bearer token is required (Authorization: Bearer <JWT>)');
  });

  it('answers a change retried with its Idempotency-Key with the first result, and refuses the key with another body', async () => {
    const id = (await discover()).body.id as string;
    const retry = (filedOn: string) =>
      http(url(`/enforcement/violation-cases/${id}/filing`), {
        method: 'POST',
        body: { filedOn },
        headers: { 'if-match': '"1"', 'idempotency-key': `file-${id}` },
      });
    const first = await retry('2009-04-20');
    assert.equal(first.status, 200);
    // The answer was lost; the client sends the same request again, If-Match and all.
    const again = await retry('2009-04-20');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.version, first.body.version);
    assert.equal(again.headers.get('etag'), first.headers.get('etag'));
    const otherBody = await retry('2009-04-21');
    assert.equal(otherBody.status, 422);
    assert.equal(otherBody.body.rule, 'idempotency-key.reused');
  });

  it('lists cases filtered by agency, level, status and discovery date, paged', async () => {
    const agency = 'chaling-county';
    for (const discoveredOn of ['2009-02-01', '2009-03-01', '2009-04-01']) {
      assert.equal((await discover({ agencyId: agency, discoveredOn, kind: 'mining', source: 'report' })).status, 201);
    }
    const page = await http<{ items: Array<{ discoveredOn: string; level: string }>; total: number }>(
      url(`/enforcement/violation-cases?agencyId=${agency}&level=county&status=discovered&from=2009-02-15&pageSize=1`),
      { as: agency },
    );
    // Another county sees none of them: asking for them is refused, and its own list leaves them out.
    const otherCounty = await http(url(`/enforcement/violation-cases?agencyId=${agency}`), { as: 'you-county' });
    assert.equal(otherCounty.status, 403);
    const ownList = await http<{ items: Array<{ agencyId: string }> }>(url('/enforcement/violation-cases'), {
      as: 'you-county',
    });
    assert.ok(ownList.body.items.every((c) => c.agencyId === 'you-county'));
    const rollUp = await http<{ total: number }>(
      url(`/enforcement/violation-cases?agencyId=zhuzhou-city&withSubordinates=true&kind=mining&source=report`),
    );
    assert.equal(rollUp.body.total, 3);
    assert.equal(page.body.total, 2);
    assert.deepEqual(
      page.body.items.map((i) => i.discoveredOn),
      ['2009-04-01'],
    );
  });

  it('records idle land, satellite inspection rounds and demolitions, refusing impossible figures', async () => {
    const idle = await http(url('/enforcement/idle-land-findings'), {
      method: 'POST',
      body: { agencyId: 'zhuzhou-city', determinedOn: '2009-11-02', parcels: 28, areaMu: 762 },
    });
    assert.equal(idle.status, 201);
    const zeroArea = await http(url('/enforcement/idle-land-findings'), {
      method: 'POST',
      body: { agencyId: 'zhuzhou-city', determinedOn: '2009-11-02', parcels: 2, areaMu: 0 },
    });
    assert.equal(zeroArea.status, 422);
    assert.equal(zeroArea.body.rule, 'area.zero');

    const campaign = await http(url('/enforcement/satellite-inspections'), {
      method: 'POST',
      body: {
        agencyId: 'zhuzhou-city',
        campaignYear: 2009,
        inspectedOn: '2009-12-10',
        patches: 100,
        parcels: 70,
        areaMu: 5000,
        violations: 6,
      },
    });
    assert.equal(campaign.status, 201);
    const round = await http(url(`/enforcement/satellite-inspections/${campaign.body.id}/rounds`), {
      method: 'POST',
      body: { inspectedOn: '2010-03-01', patches: 17, parcels: 7, areaMu: 1041, violations: 2 },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(round.status, 200);
    assert.deepEqual(
      [round.body.patches, round.body.parcels, round.body.areaMu, round.body.violations],
      [117, 77, 6041, 8],
    );
    const tooMany = await http(url(`/enforcement/satellite-inspections/${campaign.body.id}/rounds`), {
      method: 'POST',
      body: { inspectedOn: '2010-03-02', patches: 1, parcels: 1, areaMu: 1, violations: 2 },
    });
    assert.equal(tooMany.status, 422);
    assert.equal(tooMany.body.rule, 'inspection.violations-exceed-parcels');
    // A round is the campaign's: another agency may not add one (403, checked on the command's one
    // load of the stream), and a round for no campaign is refused by the decider (404).
    const roundBody = { inspectedOn: '2010-03-02', patches: 1, parcels: 1, areaMu: 1, violations: 0 };
    const otherAgency = await http(url(`/enforcement/satellite-inspections/${campaign.body.id}/rounds`), {
      method: 'POST',
      body: roundBody,
      as: 'you-county',
    });
    assert.equal(otherAgency.status, 403);
    const noCampaign = await http(
      url('/enforcement/satellite-inspections/00000000-0000-7000-8000-000000000000/rounds'),
      {
        method: 'POST',
        body: roundBody,
      },
    );
    assert.equal(noCampaign.status, 404);
    assert.equal(noCampaign.body.rule, 'inspection.unknown');
    const read = await http(url(`/enforcement/satellite-inspections/${campaign.body.id}`));
    assert.deepEqual(
      [read.body.agencyId, read.body.campaignYear, read.body.rounds, read.headers.get('etag')],
      ['zhuzhou-city', 2009, 2, '"2"'],
    );

    const demolition = await http(url('/enforcement/demolitions'), {
      method: 'POST',
      body: { agencyId: 'zhuzhou-city', completedOn: '2009-12-31', buildings: 2178, floorAreaM2: 201800 },
    });
    assert.equal(demolition.status, 201);
    const listed = await http<{ total: number }>(url('/enforcement/demolitions?agencyId=zhuzhou-city&from=2009-01-01'));
    assert.equal(listed.body.total, 1);
  });

  it('keeps case numbers, decision numbers and references out of the events, shows them, and erases them per case', async () => {
    const typed = '张三丰测试 11010519491231002X 13912345678';
    const canary = /张三丰测试|11010519491231002X|13912345678/;
    const id = (await discover({ agencyId: 'liling-city' })).body.id as string;
    const as = 'liling-city';
    assert.equal((await change(id, 'filing', { filedOn: '2009-04-20', caseNumber: typed }, 1, as)).status, 200);
    const penalty = { decidedOn: '2009-06-01', decisionNumber: `${typed} 罚`, penalties: ['warning'] };
    assert.equal((await change(id, 'penalty-decisions', penalty, 2, as)).status, 200);
    const again = await change(
      id,
      'coercive-measures',
      { decidedOn: '2009-06-02', decisionNumber: `${typed} 罚`, measure: 'sealing' },
      3,
      as,
    );
    assert.equal(again.status, 409, 'a decision number still names one decision');
    assert.equal(again.body.rule, 'decision.number-repeated');
    const coercive = { decidedOn: '2009-06-02', decisionNumber: `${typed} 强`, measure: 'sealing' };
    assert.equal((await change(id, 'coercive-measures', coercive, 3, as)).status, 200);
    const idle = await http(url('/enforcement/idle-land-findings'), {
      method: 'POST',
      body: { agencyId: as, determinedOn: '2009-11-02', parcels: 1, areaMu: 2, reference: typed },
      as,
    });
    const demolition = await http(url('/enforcement/demolitions'), {
      method: 'POST',
      body: { agencyId: as, completedOn: '2009-12-31', buildings: 1, floorAreaM2: 20, reference: typed },
      as,
    });
    const caseView = (await http(url(`/enforcement/violation-cases/${id}`), { as })).body;
    assert.equal(caseView.caseNumber, typed);
    assert.deepEqual(caseView.decisionNumbers, [`${typed} 罚`, `${typed} 强`]);
    assert.equal((await http(url(`/enforcement/idle-land-findings/${idle.body.id}`), { as })).body.reference, typed);
    assert.equal((await http(url(`/enforcement/demolitions/${demolition.body.id}`), { as })).body.reference, typed);

    const transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
    try {
      const ids = [id, idle.body.id, demolition.body.id];
      const raw = await eventually(
        async () => {
          const mine = (await transport.read(svc.topic('enforcement'))).filter((m) => ids.includes(m.key ?? ''));
          return new Set(mine.map((m) => m.key)).size === 3 && mine.length >= 6 ? mine : undefined;
        },
        { what: 'the events of the three cases', timeoutMs: 30_000 },
      );
      assert.doesNotMatch(raw.map((m) => String(m.value)).join('\n'), canary, 'no text on the topic');
    } finally {
      await transport.close();
    }

    const clerkOnly = await http(url(`/enforcement/violation-cases/${id}/texts`), {
      method: 'DELETE',
      headers: asUser(as, ['clerk'], 'clerk-only'),
      as: false,
    });
    assert.equal(clerkOnly.status, 403, 'only a supervisor erases');
    assert.equal(
      (await http(url(`/enforcement/violation-cases/${id}/texts`), { method: 'DELETE' })).status,
      403,
      'own agency',
    );
    for (const path of [
      `/enforcement/violation-cases/${id}`,
      `/enforcement/idle-land-findings/${idle.body.id}`,
      `/enforcement/demolitions/${demolition.body.id}`,
    ]) {
      const erased = await http(url(`${path}/texts`), { method: 'DELETE', as });
      assert.equal(erased.status, 200, path);
      assert.doesNotMatch(JSON.stringify((await http(url(path), { as })).body), canary, path);
    }
    const after = (await http(url(`/enforcement/violation-cases/${id}`), { as })).body;
    assert.equal(after.caseNumber, '[erased]');
    assert.deepEqual(after.decisionNumbers, ['[erased]', '[erased]']);
    assert.equal(after.penaltyDecisions, 1, 'the case and its figures stay');
    const list = await http(url('/enforcement/violation-cases?agencyId=liling-city&pageSize=100'), { as });
    assert.doesNotMatch(JSON.stringify(list.body), canary);
  });

  it('publishes valid events keyed by case id to enforcement.events', async () => {
    const id = (await discover({ agencyId: 'liling-city', source: 'satellite' })).body.id as string;
    await change(id, 'stop-on-site', { stoppedOn: '2009-04-08' }, 1, 'liling-city');
    const registry = createContractRegistry();
    const transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
    try {
      const events = await eventually(
        async () => {
          const mine = (await transport.read(svc.topic('enforcement'))).filter((m) => m.key === id);
          // At least once: a redelivered event has the same id.
          const unique = [
            ...new Map(mine.map((m) => registry.read(fromWireValue(m.value))).map((e) => [e.id, e])).values(),
          ];
          return unique.length >= 2 ? unique : undefined;
        },
        { what: `the events of ${id} on enforcement.events`, timeoutMs: 30_000 },
      );
      assert.deepEqual(
        events.map((e) => [e.type, e.streamVersion, e.agencyId, e.occurredAt]),
        [
          ['enforcement.ViolationDiscovered', 1, 'liling-city', '2009-04-07T00:00:00+08:00'],
          ['enforcement.StoppedOnSite', 2, 'liling-city', '2009-04-08T00:00:00+08:00'],
        ],
      );
    } finally {
      await transport.close();
    }
  });

  it('accepts a case discovered on 2023-10-02 (国庆) with a warning on discoveredOn; none on a working day', async () => {
    const holiday = await discover({ discoveredOn: '2023-10-02' });
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    assert.deepEqual(
      (holiday.body.warnings as Array<Record<string, unknown>>).map((w) => [w.field, w.date, w.rule, w.holiday]),
      [['discoveredOn', '2023-10-02', 'legal-date.non-working-day', '中秋节、国庆节']],
    );
    assert.match(String((holiday.body.warnings as Array<Record<string, unknown>>)[0]!.message), /不是工作日/);
    // Saturday 2023-10-07 was a make-up working day (调休上班): no warning.
    const filed = await change(holiday.body.id as string, 'filing', { filedOn: '2023-10-07' }, 1);
    assert.equal(filed.status, 200, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.warnings, []);
    const working = await discover({ discoveredOn: '2023-10-09' });
    assert.equal(working.status, 201);
    assert.deepEqual(working.body.warnings, []);
  });

  it('serves its OpenAPI document', async () => {
    const doc = await http<{ paths: Record<string, unknown> }>(url('/docs-json'));
    for (const path of [
      '/enforcement/violation-cases',
      '/enforcement/violation-cases/{id}/penalty-decisions',
      '/enforcement/idle-land-findings',
      '/enforcement/satellite-inspections/{id}/rounds',
      '/enforcement/demolitions',
    ]) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
  });
});
