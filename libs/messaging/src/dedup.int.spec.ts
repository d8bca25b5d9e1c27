import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { MongoProcessedEvents } from './dedup.js';

const real = await integrationInfra();

describe('MongoProcessedEvents (real MongoDB-protocol store)', { skip: real.skip }, () => {
  let connection: Connection;
  const dbName = uniqueName('messaging_dedup').replace(/-/g, '_');

  before(async () => {
    connection = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
  });

  after(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('marks an event once per group and remembers it', async () => {
    const processed = new MongoProcessedEvents(connection, 'processed_a');
    assert.equal(await processed.has('g', 'e1'), false);
    assert.equal(await processed.mark('g', 'e1'), true);
    assert.equal(await processed.has('g', 'e1'), true);
    assert.equal(await processed.mark('g', 'e1'), false);
    assert.equal(await processed.has('other', 'e1'), false);
    assert.equal(await processed.mark('other', 'e1'), true);
  });

  it('of 20 concurrent marks of one event exactly one wins', async () => {
    const processed = new MongoProcessedEvents(connection, 'processed_b');
    const results = await Promise.all(Array.from({ length: 20 }, () => processed.mark('g', 'race')));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await connection.collection('processed_b').countDocuments({ _id: 'g:race' as never }), 1);
  });

  it('two instances on one collection (two consumer processes) share what was applied', async () => {
    const a = new MongoProcessedEvents(connection, 'processed_c');
    const b = new MongoProcessedEvents(connection, 'processed_c');
    assert.equal(await a.mark('g', 'e'), true);
    assert.equal(await b.has('g', 'e'), true);
    assert.equal(await b.mark('g', 'e'), false);
  });
});
