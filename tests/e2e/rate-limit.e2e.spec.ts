// The rate limit on a real service process (issue 13 item 9), configured as an operator does
// (RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND) and kept small so that any machine sends faster than it
// refills: a client sending as fast as it can is refused with 429 and a Retry-After once its bucket
// is empty, the health probes are not, and after the Retry-After it is served again. Whether the
// default stops a runaway client and spares the scenario feed: libs/http/src/rate-limit-defaults.unit.spec.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process.js';

interface Burst {
  readonly statuses: Map<number, number>;
  readonly retryAfter: Set<string | null>;
  readonly perSecond: number;
}

/** `total` requests from one client, `inFlight` at a time, as fast as they go. */
async function burst(url: string, total: number, inFlight: number): Promise<Burst> {
  const statuses = new Map<number, number>();
  const retryAfter = new Set<string | null>();
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next++ < total) {
      const res = await fetch(url);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) retryAfter.add(res.headers.get('retry-after'));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { statuses, retryAfter, perSecond: total / ((performance.now() - started) / 1000) };
}

describe('the per-client rate limit of a service process', () => {
  const limit = { burst: 50, perSecond: 10 };
  let svc: EmbeddedProcess;

  before(async () => {
    svc = await startEmbeddedProcess('consultations', {
      RATE_LIMIT_BURST: String(limit.burst),
      RATE_LIMIT_PER_SECOND: String(limit.perSecond),
    });
  });
  after(async () => {
    await svc?.stop();
  });

  it('refuses a burst over the limit with 429 and Retry-After, spares the health probes, then serves again', async () => {
    // Without a token every case route answers 401: the limit is applied before anything else.
    const route = `${svc.baseUrl}/consultations/consultations`;
    const total = 6 * limit.burst;
    const b = await burst(route, total, 16);
    const refused = b.statuses.get(429) ?? 0;
    const allowed = total - refused;
    assert.ok(
      refused > 0,
      `no 429 among ${total} requests at ${b.perSecond.toFixed(0)}/s: ${JSON.stringify([...b.statuses])}`,
    );
    assert.deepEqual([...b.statuses.keys()].sort(), [401, 429]);
    // What got through is what the bucket holds plus what it refilled while the burst lasted.
    const seconds = total / b.perSecond;
    assert.ok(allowed <= limit.burst + Math.ceil(seconds * limit.perSecond) + 1, `${allowed}`);
    for (const value of b.retryAfter) assert.match(String(value), /^[1-9]\d*$/, 'Retry-After in whole seconds');

    // The probes an orchestrator relies on are never throttled.
    assert.equal((await fetch(`${svc.baseUrl}/consultations/health/live`)).status, 200);
    const waitSeconds = Math.max(...[...b.retryAfter].map(Number));
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    assert.equal((await fetch(route)).status, 401, 'served again after the Retry-After');
  });
});
