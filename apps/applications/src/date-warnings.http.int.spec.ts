// A reply dated on a public holiday (2023-10-02, 国庆节) against the real store and broker: it is
// recorded — a warning, not a refusal — and the answer says which field falls on which day off. The
// warning is part of the answer only: the event carries the date, never the warning.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventsTopic } from '#contracts';
import {
  deleteTopics,
  dropDatabase,
  HttpClient,
  integrationInfra,
  type Json,
  mongoUriWithDb,
  type Running,
  startModule,
  TEST_AUTH,
  realRuntime,
  uniqueName,
} from '#testing';
import { ApplicationsServiceModule } from './applications.module.js';

const real = await integrationInfra();
const BASE = '/applications/disclosure-requests';

describe(`date warnings over HTTP (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const prefix = `${uniqueName('dw')}.`;
  const mongoUri = mongoUriWithDb(real.infra?.mongoUri ?? 'mongodb://x/', uniqueName('dw_apps').replaceAll('-', '_'));
  let service: Running;
  let http: HttpClient;

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

  const receive = (receiptDate: string) =>
    http.post(BASE, {
      agencyId: 'zhuzhou-city',
      receiptDate,
      channel: 'email',
      applicantType: 'natural-person',
      informationRequested: '2023年度土地供应计划',
      applicant: { name: '赵六', phone: '13900000000' },
    });

  it('records a reply dated on 2023-10-02 and warns that repliedOn is a day off of 国庆节', async () => {
    const received = await receive('2023-09-25');
    assert.equal(received.status, 201);
    assert.deepEqual(received.body.warnings, [], 'an emailed request may arrive on any day; 09-25 is a Monday anyway');

    const replied = await http.post(
      `${BASE}/${received.body.id}/reply`,
      { repliedOn: '2023-10-02', outcome: { category: 'disclosed' } },
      { 'if-match': received.etag ?? undefined },
    );
    assert.equal(replied.status, 200, JSON.stringify(replied.body));
    assert.equal(replied.body.status, 'replied');
    assert.deepEqual(
      replied.body.warnings.map((w: Json) => [w.field, w.rule]),
      [['repliedOn', 'legal-date.non-working-day']],
    );
    assert.match(
      replied.body.warnings[0].message,
      /repliedOn 2023-10-02 不是工作日：中秋节、国庆节放假（国务院办公厅关于2023年部分节假日安排的通知）/,
    );

    // Recorded as given, in the store: the history holds the reply with its date and nothing of the warning.
    const history = await http.get(`${BASE}/${received.body.id}/history`);
    const reply = (history.body as Json[]).find((e) => e.type === 'applications.DisclosureRequestReplied')!;
    assert.equal(reply.data.repliedOn, '2023-10-02');
    assert.doesNotMatch(JSON.stringify(history.body), /non-working-day|warning/);
    assert.equal((await http.get(`${BASE}/${received.body.id}`)).body.status, 'replied');
  });

  it('does not warn for a reply on a working day, nor on a 调休 Saturday (2023-10-07)', async () => {
    for (const repliedOn of ['2023-10-09', '2023-10-07']) {
      const received = await receive('2023-09-26');
      const replied = await http.post(
        `${BASE}/${received.body.id}/reply`,
        { repliedOn, outcome: { category: 'disclosed' } },
        { 'if-match': received.etag ?? undefined },
      );
      assert.equal(replied.status, 200, JSON.stringify(replied.body));
      assert.deepEqual(replied.body.warnings, [], repliedOn);
    }
  });
});
