// The public event contracts of the `publications` service (topic `publications.events`).
import { type EventContract } from '../registry.js';
import { caseTextsErasedContract } from '../free-text.js';
import {
  catalogueEntryDelisted,
  catalogueEntryListed,
  decisionCountDeclared,
  decisionCountSourceChosen,
  feesCollectedDeclared,
  informationPublished,
  normativeDocumentIssued,
  normativeDocumentRepealed,
  normativeStockCorrected,
  normativeStockDeclared,
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
  decisionCountSourceChosen,
  feesCollectedDeclared,
  normativeStockDeclared,
  normativeStockCorrected,
  publicationTextsErased,
] as readonly EventContract[];
