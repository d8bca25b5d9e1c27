import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onceUnlessFailed } from './once-unless-failed.js';

describe('onceUnlessFailed', () => {
  it('shares one promise between callers while it has not failed', async () => {
    let made = 0;
    const get = onceUnlessFailed(async () => ++made);
    assert.deepEqual(await Promise.all([get(), get()]), [1, 1]);
    assert.equal(await get(), 1);
    assert.equal(made, 1);
  });

  it('makes it again on the call after a failure, and remembers the success', async () => {
    let made = 0;
    const get = onceUnlessFailed(async () => {
      made++;
      if (made === 1) throw new Error('connection 3 closed');
      return made;
    });
    await assert.rejects(get(), /connection 3 closed/);
    assert.equal(await get(), 2);
    assert.equal(await get(), 2);
    assert.equal(made, 2);
  });
});
