import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agencies,
  agencyAndDescendants,
  agencyCondition,
  isAgencyId,
  useAgencies,
  ZHUZHOU_AGENCIES,
} from './current.js';
import { AgencyRegistry } from './registry.js';

describe('the condition a list puts on agencyId', () => {
  it('is nothing for no agency, the agency alone, or the agency and every agency below it', () => {
    const county = agencies()
      .all()
      .find((a) => a.parentId !== undefined);
    assert.ok(county, 'the registry has an agency below another');
    const parent = county.parentId!;
    assert.deepEqual(agencyCondition(undefined, true), {});
    assert.deepEqual(agencyCondition(parent), { agencyId: parent });
    const below = agencies()
      .all()
      .filter((a) => a.parentId === parent)
      .map((a) => a.id);
    assert.deepEqual(agencyCondition(parent, true), { agencyId: { $in: [parent, ...below] } });
    assert.deepEqual(agencyCondition(county.id, true), { agencyId: { $in: agencyAndDescendants(county.id) } });
  });
});

describe("the process's registry", () => {
  it('is the 2009 scenario until another is put in force, and reads the one in force', () => {
    assert.equal(agencies(), ZHUZHOU_AGENCIES);
    assert.equal(isAgencyId('you-county'), true);
    const other = AgencyRegistry.parse([{ id: 'some-city', name: '某市自然资源和规划局' }]);
    useAgencies(other);
    try {
      assert.equal(isAgencyId('you-county'), false);
      assert.equal(isAgencyId('some-city'), true);
      assert.deepEqual(agencyCondition('some-city', true), { agencyId: { $in: ['some-city'] } });
    } finally {
      useAgencies(ZHUZHOU_AGENCIES);
    }
  });
});
