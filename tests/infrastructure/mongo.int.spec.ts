// Proves the store is a real MongoDB-protocol server: documents written with mongoose, and a unique
// compound index that rejects a duplicate with an error the code recognises.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { Schema, type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { isDuplicateKeyError } from '#event-sourcing/mongo';

const real = await integrationInfra();

describe(`real MongoDB protocol (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let conn: Connection;
  const commitSchema = new Schema({ streamId: String, firstVersion: Number, events: [Schema.Types.Mixed] });
  commitSchema.index({ streamId: 1, firstVersion: 1 }, { unique: true });

  before(async () => {
    conn = await mongoose
      .createConnection(real.infra!.mongoUri, { dbName: uniqueName('smoke').replace(/-/g, '_') })
      .asPromise();
  });

  it('writes and reads documents', async () => {
    const Commit = conn.model('Commit', commitSchema, 'commits');
    await Commit.init();
    await Commit.create({ streamId: 'a', firstVersion: 1, events: [{ type: 'x' }] });
    await Commit.create({ streamId: 'a', firstVersion: 2, events: [{ type: 'y' }] });
    const found = await Commit.find({ streamId: 'a' }).sort({ firstVersion: 1 }).lean();
    assert.deepEqual(
      found.map((c) => c.firstVersion),
      [1, 2],
    );
  });

  it('rejects a duplicate on the unique compound index with a recognisable duplicate-key error', async () => {
    const Commit = conn.model('Commit');
    await assert.rejects(Commit.create({ streamId: 'a', firstVersion: 1, events: [] }), (err: unknown) => {
      assert.ok(isDuplicateKeyError(err), `not recognised as a duplicate: ${String(err)}`);
      return true;
    });
    // The same (stream, version) under another stream is not a duplicate.
    await Commit.create({ streamId: 'b', firstVersion: 1, events: [] });
    assert.equal(await Commit.countDocuments({ firstVersion: 1 }), 2);
  });

  it('reports the duplicates of an unordered insertMany while keeping the other documents', async () => {
    const Commit = conn.model('Commit');
    await assert.rejects(
      Commit.insertMany(
        [
          { streamId: 'c', firstVersion: 1 },
          { streamId: 'a', firstVersion: 2 },
          { streamId: 'c', firstVersion: 2 },
        ],
        { ordered: false },
      ),
      (err: unknown) => isDuplicateKeyError(err),
    );
    assert.equal(await Commit.countDocuments({ streamId: 'c' }), 2);
  });

  after(async () => {
    await conn?.dropDatabase().catch(() => {});
    await conn?.close();
  });
});
