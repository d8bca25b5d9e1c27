// Stored documents and events are JSON-shaped (they travel as JSON on Kafka too). Both the MongoDB
// and the in-memory adapters store a JSON copy, so `undefined` fields vanish and nothing a caller
// mutates afterwards reaches the store — identical semantics on both.

export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
