import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENCIES, agencyAndDescendants, agencyCondition } from './agencies.js';

describe('the condition a list puts on agencyId', () => {
  it('is nothing for no agency, the agency alone, or the agency and every agency below it', () => {
    const county = AGENCIES.find((a) => a.parentId !== undefined);
    assert.ok(county, 'the registry has an agency below another');
    const parent = county.parentId!;
    assert.deepEqual(agencyCondition(undefined, true), {});
    assert.deepEqual(agencyCondition(parent), { agencyId: parent });
    const below = AGENCIES.filter((a) => a.parentId === parent).map((a) => a.id);
    assert.deepEqual(agencyCondition(parent, true), { agencyId: { $in: [parent, ...below] } });
    assert.deepEqual(agencyCondition(county.id, true), { agencyId: { $in: agencyAndDescendants(county.id) } });
  });
});
