import { after, before, describe } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { integrationInfra, uniqueName } from '#testing';
import { documentCollectionContract } from '../read-model/document-collection.contract.js';
import { MongoDocumentCollections } from './mongo-document-collection.js';

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
