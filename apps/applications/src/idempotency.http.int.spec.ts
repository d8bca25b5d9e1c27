// Idempotency-Keys of creates on the real store (issue 13, items 5 and 6): a key is the caller's and
// is scoped to (service, agency, key), so two agencies choosing the same key get a case each; and any
// number of copies of one create sent at once all get the first answer — never a 409.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Connection } from 'mongoose';
import { legacyStreamIdForCreate, streamIdForCreate } from '#event-sourcing';
import { CommandRunner, MONGO_CONNECTION } from '#event-sourcing/nest';
import {
  asUser,
  HttpClient,
  integrationInfra,
  type Json,
  startService,
  type ServiceUnderTest,
  uniqueName,
} from '#testing';
import { ApplicationsServiceModule } from './applications.module.js';

const real = await integrationInfra();
const BASE = '/applications/disclosure-requests';

describe(`Idempotency-Keys of creates (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let svc: ServiceUnderTest;
  const clerkOf = (agencyId: string): HttpClient => new HttpClient(svc.url, asUser(agencyId));
  const body = (agencyId: string, over: Record<string, unknown> = {}) => ({
    agencyId,
    receiptDate: '2019-06-03',
    channel: 'email',
    applicantType: 'natural-person',
    informationRequested: '2018年度土地出让合同',
    applicant: { name: '王五', phone: '13800000000' },
    ...over,
  });
  const receive = (agencyId: string, key: string, over: Record<string, unknown> = {}) =>
    clerkOf(agencyId).post(BASE, body(agencyId, over), { 'idempotency-key': key });

  const name = uniqueName('apps-idem');
  const start = (): Promise<ServiceUnderTest> =>
    startService(
      (runtime, o) => ApplicationsServiceModule.register(runtime, { ...o, relay: { pollIntervalMs: 200 } }),
      real.infra!,
      name,
    );
  before(async () => {
    svc = await start();
  });
  after(async () => {
    await svc?.close();
  });

  it('lets two agencies use one key: each gets its own case, and its own answer to a retry', async () => {
    const key = uniqueName('shared-key');
    const city = await receive('zhuzhou-city', key);
    const county = await receive('you-county', key, { channel: 'letter' });
    assert.equal(city.status, 201, JSON.stringify(city.body));
    assert.equal(county.status, 201, JSON.stringify(county.body));
    assert.notEqual(county.body.id, city.body.id);
    assert.equal(city.body.agencyId, 'zhuzhou-city');
    assert.equal(county.body.agencyId, 'you-county');
    assert.equal(county.body.channel, 'letter');

    const cityAgain = await receive('zhuzhou-city', key);
    const countyAgain = await receive('you-county', key, { channel: 'letter' });
    assert.deepEqual([cityAgain.status, cityAgain.body], [201, city.body]);
    assert.deepEqual([countyAgain.status, countyAgain.body], [201, county.body]);
    for (const [agency, id] of [
      ['zhuzhou-city', city.body.id],
      ['you-county', county.body.id],
    ] as const) {
      assert.equal((await clerkOf(agency).get(`${BASE}/${id}/history`)).body.length, 1, 'a retry appends nothing');
    }

    // Within one agency the key still names one request.
    const reused = await receive('you-county', key, { channel: 'fax' });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, 'idempotency-key.reused');
  });

  it('answers the retry of a create made before keys were scoped (legacy id) in its agency', async () => {
    const store = svc.app.get(CommandRunner, { strict: false }).store;
    const key = uniqueName('old-key');
    const legacyId = legacyStreamIdForCreate('applications', key);
    // What the previous version wrote for that create: its commit, under the id of (service, key).
    const sourceKey = uniqueName('source');
    const source = await receive('you-county', sourceKey);
    assert.equal(source.status, 201);
    const commit = (await store.findByIdempotencyKey(source.body.id as string, sourceKey))!;
    await store.append(
      legacyId,
      0,
      commit.events.map((e) => ({ ...e, streamId: legacyId })),
      { idempotencyKey: key, ...(commit.requestHash !== undefined ? { requestHash: commit.requestHash } : {}) },
    );
    // This database was begun by this version, which looks no unscoped id up in it; one begun before
    // has commits and no note saying so. Made such a database, and the service started on it again.
    assert.equal(store.mayHoldUnscopedCreateIds, false);
    const connection = svc.app.get<symbol, Connection>(MONGO_CONNECTION, { strict: false });
    await connection.db!.collection('commits_meta').deleteMany({});
    await svc.app.close();
    svc = await start();
    assert.equal(svc.app.get(CommandRunner, { strict: false }).store.mayHoldUnscopedCreateIds, true);

    const retry = await receive('you-county', key);
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal(retry.body.id, legacyId, 'the case the key made before');
    assert.equal((await clerkOf('you-county').get(`${BASE}/${legacyId}/history`)).body.length, 1);
    const reused = await receive('you-county', key, { channel: 'fax' });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, 'idempotency-key.reused');
    // Another agency's use of that key is a new case of its own.
    const city = await receive('zhuzhou-city', key);
    assert.equal(city.status, 201);
    assert.equal(city.body.id, streamIdForCreate('applications', 'zhuzhou-city', key));
  });

  // Sent as clients retrying on timers do: not all in one instant but spread over about the time one
  // create takes, so that some copies look the key up before the first append lands and load the
  // case after it (on the code before the fix, 1–2 copies of 50 answered 409 in each round).
  for (const staggerMs of [1, 2, 4]) {
    it(`gives every one of 50 concurrent copies of one create the first answer (one every ${staggerMs} ms)`, async () => {
      const key = uniqueName('burst');
      const copies = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * staggerMs));
          return receive('liling-city', key);
        }),
      );
      const first = copies[0]!;
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const differing = copies.filter(
        (c) =>
          c.status !== first.status || c.etag !== first.etag || JSON.stringify(c.body) !== JSON.stringify(first.body),
      );
      assert.deepEqual(
        differing.map((c) => `${c.status} ${(c.body as Json)?.rule ?? ''}`),
        [],
        'every copy answered like the first',
      );
      const history = await clerkOf('liling-city').get(`${BASE}/${first.body.id}/history`);
      assert.equal(history.body.length, 1, 'received once');
      assert.equal(first.body.id, streamIdForCreate('applications', 'liling-city', key));
    });
  }
});
