// The process harness itself: a service that cannot start must fail the stack's start at once,
// saying why (CI keeps the test output, not the log files), and leave no process behind — a CI run
// once sat 15 minutes on a stack whose other five services kept the test process alive.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServiceStack } from './service-processes.js';
import { uniqueName } from './infra.js';

describe('startServiceStack', () => {
  it('rejects, quoting the log of the service that exited, when a service cannot start', async () => {
    // Nothing listens on port 1, and the configuration is refused before anything connects anyway.
    const infra = {
      provider: 'native' as const,
      description: 'closed ports',
      kafkaBrokers: ['127.0.0.1:1'],
      mongoUri: 'mongodb://127.0.0.1:1/',
    };
    const started = Date.now();
    await assert.rejects(
      startServiceStack({
        infra,
        dbPrefix: uniqueName('harness').replace(/-/g, '_'),
        services: ['consultations', 'appeals'],
        env: { TOPIC_PREFIX: 'Not A Prefix' },
      }),
      (err: Error) => {
        const text = err instanceof AggregateError ? err.errors.map((e: Error) => e.message).join('\n') : err.message;
        assert.match(text, /consultations exited \(1\)/);
        assert.match(text, /appeals exited \(1\)/);
        assert.match(text, /invalid configuration: TOPIC_PREFIX: must be lower-case letters/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 60_000, 'the failure is reported when the process exits, not after a timeout');
  });
});
