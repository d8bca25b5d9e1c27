// #event-sourcing/read-model — what a service keeps beside its streams, behind ports: document
// collections (the port, its query rules and the in-memory implementation), the free text typed into
// cases (CaseTexts, ADR 0008) with its erasure audit stream, and StreamViews (a kind of case with its
// list view). Infrastructure-free like the core; the MongoDB collections are in #event-sourcing/mongo.
export * from './document-collection.js';
export * from './in-memory-document-collection.js';
export * from './case-texts.js';
export * from './text-erasure.js';
export * from './stream-views.js';
