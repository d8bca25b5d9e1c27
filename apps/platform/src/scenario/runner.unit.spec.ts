// The scenario feed against a real local HTTP server (issue 13 item 9): `npm run scenario` stopped at
// the first 503 although the README tells clients to retry with the same Idempotency-Key. Now a 503
// or 429 is retried after the Retry-After the server asked for, with the same key and If-Match; a
// 4xx is not retried; a server that never recovers fails the step at its deadline, saying why.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ConcreteCase } from './expand.js';
import { feedScenario, nextWaitMs, retryAfterMs, retryableStatus, ScenarioStepError } from './runner.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly atMs: number;
}

/** Answers each request with the next of `script` (the last one repeats), recording what came in. */
function scriptedServer(): {
  server: Server;
  seen: Seen[];
  script(answers: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>): void;
} {
  const seen: Seen[] = [];
  let answers: Array<{ status: number; headers?: Record<string, string>; body?: unknown }> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, atMs: performance.now() });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  return {
    server,
    seen,
    script: (a) => {
      answers = [...a];
      seen.length = 0;
    },
  };
}

const oneCase = (steps: number): ConcreteCase => ({
  template: 'request',
  n: 1,
  date: '2009-03-02',
  steps: Array.from({ length: steps }, (_, i) => ({
    method: 'POST' as const,
    path: i === 0 ? '/applications/disclosure-requests' : '/applications/disclosure-requests/{{id}}/reply',
    body: { agencyId: 'zhuzhou-city', step: i },
    contentType: 'application/json',
    idempotencyKey: `scenario-key-${i}`,
    ifMatch: i > 0,
  })),
});

describe('the scenario feed retries what the services ask it to retry', () => {
  const http = scriptedServer();
  let baseUrl: string;

  before(async () => {
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => http.server.close(resolve));
  });

  it('sends a step answered 503 again after its Retry-After, with the same Idempotency-Key and If-Match', async () => {
    http.script([
      { status: 201, headers: { etag: '"1"' }, body: { id: 'req-1' } },
      { status: 503, headers: { 'retry-after': '1' }, body: { message: 'store unavailable' } },
      { status: 200, headers: { etag: '"2"' }, body: { id: 'req-1' } },
    ]);
    const stats = await feedScenario([oneCase(2)], { baseUrlFor: () => baseUrl, tokenFor: () => 'token' });
    assert.equal(stats.requests, 2);
    assert.equal(stats.retries, 1);
    assert.equal(stats.byBaseUrl.get(baseUrl), 2);
    const [, first, retry] = http.seen;
    assert.equal(http.seen.length, 3);
    assert.equal(retry!.url, '/applications/disclosure-requests/req-1/reply');
    assert.equal(retry!.headers['idempotency-key'], first!.headers['idempotency-key']);
    assert.equal(retry!.headers['if-match'], '"1"');
    assert.equal(retry!.headers['if-match'], first!.headers['if-match']);
    assert.ok(retry!.atMs - first!.atMs >= 950, `waited the Retry-After: ${retry!.atMs - first!.atMs} ms`);
  });

  it('retries a 429 too, and stops at once at any other 4xx', async () => {
    http.script([
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 201, body: { id: 'req-2' } },
      { status: 422, body: { message: 'receiptDate: must not be in the future' } },
    ]);
    await assert.rejects(
      feedScenario([oneCase(2)], { baseUrlFor: () => baseUrl }),
      (err: unknown) => err instanceof ScenarioStepError && err.status === 422 && /receiptDate/.test(err.message),
    );
    assert.equal(http.seen.length, 3, 'the 429 once more, the 422 never again');
  });

  it('gives up on a step still failing at its deadline, naming the step and the last answer', async () => {
    http.script([{ status: 503, body: { message: 'still down' } }]);
    await assert.rejects(
      feedScenario([oneCase(1)], { baseUrlFor: () => baseUrl, stepDeadlineMs: 700 }),
      /POST \/applications\/disclosure-requests \(request #1\) still failing at its deadline \(503 .*still down/,
    );
    assert.ok(http.seen.length >= 2 && http.seen.length <= 4, `a few attempts, not endless: ${http.seen.length}`);
  });

  it('does not wait beyond the deadline when the service asks for more than is left', async () => {
    http.script([{ status: 503, headers: { 'retry-after': '3600' } }]);
    await assert.rejects(feedScenario([oneCase(1)], { baseUrlFor: () => baseUrl, stepDeadlineMs: 5000 }), /deadline/);
    assert.equal(http.seen.length, 1);
  });
});

describe('retry rules', () => {
  it('retries 429 and 5xx, nothing else', () => {
    assert.deepEqual(
      [200, 201, 400, 401, 404, 409, 412, 422, 429, 500, 502, 503, 504].filter(retryableStatus),
      [429, 500, 502, 503, 504],
    );
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores nonsense', () => {
    const now = Date.parse('2026-01-05T08:00:00Z');
    assert.equal(retryAfterMs('2', now), 2000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Mon, 05 Jan 2026 08:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Mon, 05 Jan 2026 07:00:00 GMT', now), 0);
    assert.equal(retryAfterMs(null, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs('-1', now), undefined);
  });

  it('waits what was asked, never less than the backoff', () => {
    assert.equal(nextWaitMs(200, 1000), 1000);
    assert.equal(nextWaitMs(800, 0), 800);
    assert.equal(nextWaitMs(400, undefined), 400);
  });
});
