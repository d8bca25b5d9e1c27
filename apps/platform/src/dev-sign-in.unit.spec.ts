import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devSignInUsers } from './dev-sign-in.http.controller.js';
import { servingTokenRequests } from './serving-tokens.js';

describe('the development sign-in of the embedded platform', () => {
  it('offers the clerk and the supervisor whose tokens npm start prints, of the same agency', () => {
    const users = devSignInUsers('you-county');
    assert.deepEqual(
      users.map((u) => u.role),
      ['clerk', 'supervisor'],
    );
    const printed = servingTokenRequests('you-county').map((t) => JSON.stringify(t.request));
    for (const u of users)
      assert.ok(printed.includes(JSON.stringify(u.request)), `${u.role}: the banner's own request`);
    assert.ok(users.every((u) => u.request.agencyId === 'you-county'));
  });
});
