// The bench's payload stands for what the services publish: every event it generates must be read by
// the contracts as the projection reads it (older schema versions upcast) and fold into case facts.
// Without this, a contract change broke the rebuild, flat-cost and report measurements unnoticed
// (the bench is not part of `npm test`; its quick run takes minutes and a broker).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContractRegistry } from '#contracts';
import { DEFAULT_PAYLOAD, PayloadGenerator } from './payload.js';
import { foldedInMemory } from './product-rebuild.js';

describe('the bench payload against the current contracts', () => {
  const payload = new PayloadGenerator(DEFAULT_PAYLOAD);
  const EVENTS = 3_000;

  it('every generated event is one the contracts read', () => {
    const contracts = createContractRegistry();
    const types = new Set<string>();
    for (const { envelope } of payload.events(EVENTS)) {
      assert.doesNotThrow(() => contracts.read(envelope), `${envelope.type} v${envelope.schemaVersion}`);
      types.add(envelope.type);
    }
    assert.ok(types.size >= 10, `the payload spans the kinds of case (${types.size} event types)`);
  });

  it('folds into case facts with the product’s translation, one per case that changes a figure', () => {
    const facts = foldedInMemory({ payload }, EVENTS);
    const cases = new Set([...payload.events(EVENTS)].map(({ envelope }) => envelope.streamId));
    assert.ok(facts.length > 0 && facts.length <= cases.size, `${facts.length} facts for ${cases.size} cases`);
  });
});
