import { after, before, describe } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { leaseStoreContract } from '../lease-store.contract.js';
import { MongoLeaseStore } from './mongo-lease-store.js';

const real = await integrationInfra();

describe(`MongoLeaseStore (contract suite, ${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;
  let n = 0;

  before(async () => {
    const dbName = uniqueName('leases').replace(/-/g, '_');
    conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });

  leaseStoreContract(() => MongoLeaseStore.open(conn, { collection: `leases_${++n}` }));
});
