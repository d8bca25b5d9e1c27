// Batch ids and Idempotency-Keys are the sending agency's (issue 13, item 5), on the real store: two
// agencies sending a batch under one id get a batch each; within one agency the id still names one
// batch; a batch received before ids were scoped still answers its re-send.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EventStore } from '#event-sourcing';
import { CommandRunner } from '#event-sourcing/nest';
import { integrationInfra, uniqueName } from '#testing';
import { ConsultationsServiceModule } from '../consultations.module.js';
import { http, startService, type ServiceUnderTest } from '../testing/service-under-test.js';
import { batchIds, legacyBatchIds } from './domain/import-chunks.js';

const real = await integrationInfra();

interface Report {
  batchId: string;
  agencyId: string;
  acceptedRows: number;
  contacts: number;
  chunksCommittedNow: number;
  resent: boolean;
  rule?: string;
  violations?: Array<{ field: string }>;
}

const csv = (contacts: readonly number[]): string =>
  ['receivedOn,channel,contacts', ...contacts.map((n) => `2009-07-01,phone,${n}`)].join('\n');

/** A stream's events appended anew under another id (as an earlier version of the service wrote it). */
async function copyStream(store: EventStore, from: string, to: string): Promise<void> {
  const events = await store.readStream(from);
  assert.ok(events.length > 0, `${from} has events`);
  await store.append(
    to,
    0,
    events.map((e) => ({ ...e, streamId: to })),
  );
}

describe('batch ids and keys per agency (real Kafka + store)', { skip: real.skip }, () => {
  let svc: ServiceUnderTest;

  before(async () => {
    svc = await startService(
      (runtime, o) => ConsultationsServiceModule.register(runtime, o),
      real.infra!,
      uniqueName('consultations-ids'),
    );
  });
  after(async () => {
    await svc?.close();
  });

  const put = (agency: string, batchId: string, body: string) =>
    http<Report>(`${svc.url}/consultations/batches/${batchId}?agencyId=${agency}`, {
      as: agency,
      method: 'PUT',
      body,
      headers: { 'content-type': 'text/csv' },
    });

  it('lets two agencies send a batch under one id: each is received and counted on its own', async () => {
    const batchId = uniqueName('q1');
    const county = await put('you-county', batchId, csv([3, 4]));
    const city = await put('liling-city', batchId, csv([10]));
    assert.equal(county.status, 201, JSON.stringify(county.body));
    assert.equal(city.status, 201, JSON.stringify(city.body));
    assert.deepEqual([county.body.agencyId, county.body.contacts], ['you-county', 7]);
    assert.deepEqual([city.body.agencyId, city.body.contacts], ['liling-city', 10]);

    const countyAgain = await put('you-county', batchId, csv([3, 4]));
    assert.deepEqual(
      [countyAgain.status, countyAgain.body.resent, countyAgain.body.chunksCommittedNow],
      [200, true, 0],
    );
    const reused = await put('you-county', batchId, csv([3, 5]));
    assert.equal(reused.status, 409);
    assert.equal(reused.body.rule, 'batch.id-reused');

    // Read by its id: each agency sees its own; a reader of both names the agency.
    const own = await http<Report>(`${svc.url}/consultations/batches/${batchId}`, { as: 'you-county' });
    assert.deepEqual([own.status, own.body.agencyId, own.body.contacts], [200, 'you-county', 7]);
    const both = await http<Report>(`${svc.url}/consultations/batches/${batchId}`, { as: 'zhuzhou-city' });
    assert.equal(both.status, 422);
    assert.equal(both.body.rule, 'batch.agency-required');
    assert.equal(both.body.violations?.[0]?.field, 'agencyId');
    const named = await http<Report>(`${svc.url}/consultations/batches/${batchId}?agencyId=liling-city`, {
      as: 'zhuzhou-city',
    });
    assert.deepEqual([named.status, named.body.agencyId, named.body.contacts], [200, 'liling-city', 10]);
  });

  it('lets two agencies use one Idempotency-Key for a consultation; one agency still gets 422 for another body', async () => {
    const key = uniqueName('key');
    const send = (agency: string, channel: string) =>
      http<{ id: string; agencyId: string; rule?: string }>(`${svc.url}/consultations/consultations`, {
        as: agency,
        method: 'POST',
        body: { agencyId: agency, channel, receivedOn: '2009-03-02' },
        headers: { 'idempotency-key': key },
      });
    const county = await send('you-county', 'phone');
    const city = await send('liling-city', 'online');
    assert.deepEqual([county.status, city.status], [201, 201]);
    assert.notEqual(county.body.id, city.body.id);
    assert.equal((await send('you-county', 'phone')).body.id, county.body.id);
    const reused = await send('liling-city', 'phone');
    assert.equal(reused.status, 422);
    assert.equal(reused.body.rule, 'idempotency-key.reused');
  });

  it('answers the re-send of a batch received before ids were scoped without committing it twice', async () => {
    const store = svc.app.get(CommandRunner, { strict: false }).store;
    const body = csv([2, 5]);
    // The batch as the previous version stored it: under ids of the batch id alone.
    const source = uniqueName('src');
    assert.equal((await put('you-county', source, body)).status, 201);
    const batchId = uniqueName('old');
    const scoped = batchIds('you-county', source);
    const legacy = legacyBatchIds(batchId);
    await copyStream(store, scoped.batchStream, legacy.batchStream);
    await copyStream(store, scoped.chunkStream(0, 'you-county'), legacy.chunkStream(0, 'you-county'));

    const resent = await put('you-county', batchId, body);
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.deepEqual([resent.body.resent, resent.body.chunksCommittedNow, resent.body.contacts], [true, 0, 7]);
    assert.equal(
      (await store.readStream(batchIds('you-county', batchId).batchStream)).length,
      0,
      'nothing under the scoped ids',
    );
    // Another agency's batch under that id is its own.
    const other = await put('liling-city', batchId, body);
    assert.deepEqual([other.status, other.body.chunksCommittedNow], [201, 1]);
  });
});
