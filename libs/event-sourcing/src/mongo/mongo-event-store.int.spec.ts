import { after, before, describe } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { eventStoreContract } from '../event-store.contract.js';
import { MongoEventStore } from './mongo-event-store.js';

const real = await integrationInfra();

describe(`MongoEventStore (contract suite, ${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;
  let n = 0;

  before(async () => {
    const dbName = uniqueName('event_store').replace(/-/g, '_');
    conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });

  // A collection per test: the outbox is store-wide, so tests must not see each other's commits.
  eventStoreContract((clock) => MongoEventStore.open(conn, { collection: `commits_${++n}`, now: clock.now }));
});
