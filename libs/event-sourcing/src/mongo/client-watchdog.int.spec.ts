// The store-client watchdog against the real store. The driver's wedge itself (a heartbeat that
// never ends after a restart) cannot be produced on demand; what it leaves — the server Unknown to
// this client for long — is announced here the way the driver announces it, and the watchdog must
// tell a wedged client (the store answers a new one: reconnect, and the old handles work again)
// from a store that is down (nothing to do).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { looksWedged, storeAnswers, watchClient } from './client-watchdog.js';

const real = await integrationInfra();

describe(`MongoDB client watchdog (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;

  before(async () => {
    const dbName = uniqueName('watchdog').replace(/-/g, '_');
    conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });

  /** What the driver emits when it marks the server Unknown (or known again). */
  const announce = (type: 'Unknown' | 'Standalone') =>
    conn.getClient().emit('serverDescriptionChanged', { newDescription: { type } } as never);

  it('waits for the server to have been Unknown long enough', () => {
    assert.equal(looksWedged(undefined, 100_000, 30_000), false);
    assert.equal(looksWedged(70_001, 100_000, 30_000), false);
    assert.equal(looksWedged(70_000, 100_000, 30_000), true);
  });

  it('reconnects a client that sees the server Unknown while the store answers a new one; old handles work after', async () => {
    let clock = 0;
    const logged: string[] = [];
    const watchdog = watchClient(conn.getClient(), {
      uri: real.infra!.mongoUri,
      stuckAfterMs: 30_000,
      checkEveryMs: 3_600_000,
      nowMs: () => clock,
      log: (level, message) => logged.push(`${level}: ${message}`),
    });
    try {
      const items = conn.db!.collection<{ _id: string }>('items');
      await items.insertOne({ _id: 'before' });
      announce('Unknown');
      clock += 29_999;
      await watchdog.check();
      assert.equal(watchdog.reconnects, 0, 'not yet');
      announce('Standalone');
      clock += 60_000;
      await watchdog.check();
      assert.equal(watchdog.reconnects, 0, 'known again');

      announce('Unknown');
      clock += 30_000;
      await watchdog.check();
      assert.equal(watchdog.reconnects, 1);
      assert.match(logged.join('\n'), /Unknown for 30 s: reconnecting/);
      await items.insertOne({ _id: 'after' });
      assert.deepEqual(
        (await items.find().sort({ _id: 1 }).toArray()).map((d) => d._id),
        ['after', 'before'],
      );
    } finally {
      watchdog.stop();
    }
  });

  it('leaves the client alone while the store itself does not answer', async () => {
    let clock = 0;
    // The probe goes where nothing listens: the store is down, so reconnecting would not help.
    const watchdog = watchClient(conn.getClient(), {
      uri: 'mongodb://127.0.0.1:1/',
      stuckAfterMs: 1_000,
      checkEveryMs: 3_600_000,
      probeTimeoutMs: 500,
      nowMs: () => clock,
      log: () => {},
    });
    try {
      assert.equal(await storeAnswers('mongodb://127.0.0.1:1/', 500), false);
      announce('Unknown');
      clock += 5_000;
      await watchdog.check();
      assert.equal(watchdog.reconnects, 0);
      assert.equal(await storeAnswers(real.infra!.mongoUri, 3_000), true);
    } finally {
      announce('Standalone');
      watchdog.stop();
    }
  });
});
