import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryTransport } from '#messaging';
import { mongoProbe, runProbe, transportProbe } from './probes.js';

describe('runProbe', () => {
  it('is up when the check resolves and down, with the reason, when it rejects or throws', async () => {
    assert.deepEqual(await runProbe({ name: 'a', check: async () => {} }, 1000), { name: 'a', status: 'up' });
    assert.deepEqual(
      await runProbe({ name: 'b', check: async () => Promise.reject(new Error('connection refused')) }, 1000),
      { name: 'b', status: 'down', message: 'connection refused' },
    );
    assert.deepEqual(
      await runProbe(
        {
          name: 'c',
          check: () => {
            throw new Error('sync');
          },
        },
        1000,
      ),
      { name: 'c', status: 'down', message: 'sync' },
    );
  });

  it('is down when the check never answers', async () => {
    const outcome = await runProbe({ name: 'hung', check: () => new Promise<void>(() => {}) }, 10);
    assert.deepEqual(outcome, { name: 'hung', status: 'down', message: 'hung did not answer within 10 ms' });
  });
});

describe('probes of the embedded mode', () => {
  it('the in-memory store is up; the in-memory transport is up until it is closed', async () => {
    assert.equal((await runProbe(mongoProbe(null), 100)).status, 'up');
    const transport = new InMemoryTransport();
    const probe = transportProbe(transport);
    assert.equal(probe.name, 'messaging');
    assert.equal((await runProbe(probe, 100)).status, 'up');
    await transport.close();
    assert.deepEqual(await runProbe(probe, 100), {
      name: 'messaging',
      status: 'down',
      message: 'InMemoryTransport is closed',
    });
  });
});
