// The public event contracts of the `publications` service (topic `publications.events`).
import { type EventContract } from '../registry.js';
import { caseTextsErasedContract } from '../free-text.js';
import {
  catalogueEntryDelisted,
  catalogueEntryListed,
  decisionCountDeclared,
  feesCollectedDeclared,
  informationPublished,
  normativeDocumentIssued,
  normativeDocumentRepealed,
  publicationRetracted,
} from './events.js';

export * from './vocabulary.js';
export * from './events.js';

export const publicationTextsErased = caseTextsErasedContract('publications');

export const publicationsContracts: readonly EventContract[] = [
  informationPublished,
  publicationRetracted,
  catalogueEntryListed,
  catalogueEntryDelisted,
  normativeDocumentIssued,
  normativeDocumentRepealed,
  decisionCountDeclared,
  feesCollectedDeclared,
  publicationTextsErased,
] as readonly EventContract[];
