import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { documentCollectionContract } from '../read-model/document-collection.contract.js';
import { MongoDocumentCollections } from './mongo-document-collection.js';
import { storeKind } from './store-kind.js';

const real = await integrationInfra();

describe(
  `MongoDocumentCollection (contract suite, ${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let conn: Connection;
    let collections: MongoDocumentCollections;
    let n = 0;

    before(async () => {
      const dbName = uniqueName('docs').replace(/-/g, '_');
      conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName }).asPromise();
      collections = new MongoDocumentCollections(conn);
    });

    after(async () => {
      await conn?.dropDatabase().catch(() => {});
      await conn?.close();
    });

    documentCollectionContract(async () =>
      collections.collection(`rows${++n}`, { indexes: ['agencyId', ['agencyId', 'receivedOn']] }),
    );
  },
);

// Issue 15: a query on an indexed field must be answered by the store's index, not by reading the
// whole collection. FerretDB hands a filter to PostgreSQL only when it is an equality on a top-level
// field (explain's `filterPushdown`); MongoDB shows an index scan in its winning plan.
describe(
  `MongoDocumentCollection — indexed fields (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let conn: Connection;
    const finds: Array<{ collection: string; filter: Record<string, unknown> }> = [];

    before(async () => {
      const dbName = uniqueName('docsix').replace(/-/g, '_');
      conn = await mongoose.createConnection(real.infra!.mongoUri, { dbName, monitorCommands: true }).asPromise();
      conn.getClient().on('commandStarted', (e) => {
        if (e.commandName === 'find') finds.push({ collection: e.command.find, filter: e.command.filter ?? {} });
      });
    });

    after(async () => {
      await conn?.dropDatabase().catch(() => {});
      await conn?.close();
    });

    /** Whether the store answers `filter` on `collection` with an index (explained by the store itself). */
    async function usesIndex(collection: string, filter: Record<string, unknown>): Promise<boolean> {
      const explained = (await conn.db!.collection(collection).find(filter).explain()) as Record<string, unknown>;
      if ((await storeKind(conn)) === 'ferretdb') return explained.filterPushdown === true;
      return JSON.stringify(explained.queryPlanner ?? {}).includes('IXSCAN');
    }

    it('sends an equality on an indexed field, nested or not, or a one-value $in, to the index', async () => {
      const rows = new MongoDocumentCollections(conn).collection<{ caseId: string; detail: { channel: string } }>(
        'indexed_rows',
        { indexes: ['caseId', 'detail.channel'] },
      );
      for (let i = 0; i < 20; i++) {
        await rows.put(`r${i}`, { caseId: `case-${i % 4}`, detail: { channel: i % 2 ? 'online' : 'letter' } });
      }
      for (const [where, expected] of [
        [{ caseId: 'case-1' }, 5],
        [{ 'detail.channel': 'online' }, 10],
        // An `$in` of one value (an agency's roll-up without subordinates) is sent as an equality.
        [{ caseId: { $in: ['case-2'] } }, 5],
      ] as const) {
        finds.length = 0;
        const found = await rows.find({ where });
        assert.equal(found.items.length, expected, JSON.stringify(where));
        const sent = finds.find((f) => f.collection === 'indexed_rows');
        assert.ok(sent, 'the collection sent a find');
        assert.equal(
          await usesIndex('indexed_rows', sent.filter),
          true,
          `${JSON.stringify(sent.filter)} uses an index`,
        );
      }
    });

    it('no longer finds a document by a field it lost, and finds it by the field missing', async () => {
      const rows = new MongoDocumentCollections(conn).collection<{ status?: string; n: number }>('lost_fields', {
        indexes: ['status'],
      });
      await rows.put('a', { status: 'open', n: 1 });
      await rows.upsertIfNewer('b', 1, { status: 'open', n: 2 });
      await rows.put('a', { n: 1 });
      await rows.upsertIfNewer('b', 2, { status: 'closed', n: 2 });
      assert.deepEqual((await rows.find({ where: { status: 'open' } })).items, []);
      assert.deepEqual((await rows.find({ where: { status: { $exists: false } } })).items, [{ n: 1 }]);
      assert.deepEqual((await rows.find({ where: { status: 'closed' } })).items, [{ status: 'closed', n: 2 }]);
    });

    it('gives documents written before the copies existed their copies, and its indexes', async () => {
      // The layout before issue 15: `{ _id, version, doc }` with the index inside `doc`.
      const raw = conn.db!.collection('old_layout');
      await raw.insertMany([
        { _id: 'x', version: 1, doc: { agencyId: 'zhuzhou-city', n: 1 } },
        { _id: 'y', version: 1, doc: { agencyId: 'liling-city', n: 2 } },
      ] as never[]);
      await raw.createIndex({ 'doc.agencyId': 1 });
      const rows = new MongoDocumentCollections(conn).collection<{ agencyId: string; n: number }>('old_layout', {
        indexes: ['agencyId'],
      });
      assert.deepEqual((await rows.find({ where: { agencyId: 'liling-city' } })).items, [
        { agencyId: 'liling-city', n: 2 },
      ]);
      const indexes = (await raw.listIndexes().toArray()).map((i) => Object.keys(i.key as object).join(','));
      assert.deepEqual(indexes.sort(), ['_id', 'ix:agencyId']);
      assert.equal(await usesIndex('old_layout', { 'ix:agencyId': 'liling-city' }), true);
    });
  },
);
