import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allContracts } from './all.js';
import { disclosureRequestReceived } from './applications/events.js';
import { ContractRegistry } from './registry.js';

const v1 = {
  id: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a12',
  type: 'applications.DisclosureRequestReceived',
  schemaVersion: 1,
  streamId: '0190f5c2-7b1e-7cc0-8a41-2f4b1f0d6a11',
  streamVersion: 1,
  agencyId: 'zhuzhou-city',
  occurredAt: '2009-03-02T00:00:00+08:00',
  recordedAt: '2009-03-02T01:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: 'clerk-1',
  data: { ...disclosureRequestReceived.example, informationRequested: '张三丰测试 11010519491231002X' },
};

describe('free text in events', () => {
  it('reads a version-1 event that carried free text as version 2, the text dropped', () => {
    const read = new ContractRegistry(allContracts).read(v1);
    assert.equal(read.schemaVersion, 2);
    assert.deepEqual(read.data, disclosureRequestReceived.example);
    assert.doesNotMatch(JSON.stringify(read), /张三丰测试/);
  });

  it('refuses free text in an event written now', () => {
    const registry = new ContractRegistry(allContracts);
    assert.throws(
      () => registry.validateData('applications.DisclosureRequestReceived', v1.data),
      /informationRequested/,
    );
  });
});
