import { describe } from 'node:test';
import { documentCollectionContract } from './document-collection.contract.js';
import { InMemoryDocumentCollections } from './in-memory-document-collection.js';

describe('InMemoryDocumentCollection (contract suite)', () => {
  const collections = new InMemoryDocumentCollections();
  let n = 0;
  documentCollectionContract(async () => collections.collection(`rows${++n}`));
});
