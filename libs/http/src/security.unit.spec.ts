import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  API_CONTENT_SECURITY_POLICY,
  htmlPagePolicy,
  inlineStyleHashes,
  DEFAULT_RATE_LIMIT,
  DOCS_CONTENT_SECURITY_POLICY,
  TokenBuckets,
  rateLimitMiddleware,
  securityHeadersFor,
  type SecurityResponse,
} from './security.js';
import { DEFAULT_BODY_LIMIT, httpLimitsFromEnv } from './service-app.js';

describe('security headers', () => {
  it('give JSON answers the strictest policy and no caching, and relax the policy only for the API documents', () => {
    const api = securityHeadersFor('/applications/disclosure-requests/1');
    assert.equal(api['Content-Security-Policy'], API_CONTENT_SECURITY_POLICY);
    assert.match(api['Content-Security-Policy']!, /default-src 'none'/);
    assert.equal(api['X-Content-Type-Options'], 'nosniff');
    assert.equal(api['X-Frame-Options'], 'DENY');
    assert.equal(api['Referrer-Policy'], 'no-referrer');
    assert.equal(api['Cache-Control'], 'no-store');
    for (const docs of ['/docs', '/docs/', '/docs/swagger-ui.css', '/docs-json']) {
      assert.equal(securityHeadersFor(docs)['Content-Security-Policy'], DOCS_CONTENT_SECURITY_POLICY, docs);
    }
    assert.equal(securityHeadersFor('/docsx')['Content-Security-Policy'], API_CONTENT_SECURITY_POLICY);
  });
});

describe('the policy of a page a service renders', () => {
  const sha256 = (text: string) =>
    `'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`;
  const css = 'body{font-family:"SimSun",serif}\nth.l1{padding-left:1.5em}';
  const print = '@page{size:A4}\n/* 打印 */';

  it('allows each inline stylesheet by the hash of its text, and nothing else', () => {
    const html = `<!doctype html><html><head><style>${css}</style><style media="print">${print}</style></head><body></body></html>`;
    assert.deepEqual(inlineStyleHashes(html), [sha256(css), sha256(print)]);
    const policy = htmlPagePolicy(html);
    assert.match(policy, /^default-src 'none'; /);
    assert.ok(policy.includes(`style-src ${sha256(css)} ${sha256(print)};`), policy);
    assert.doesNotMatch(policy, /unsafe-inline|script-src|\*/);
    assert.match(policy, /frame-ancestors 'none'/);
  });

  it('names a stylesheet that appears twice once, and allows no style on a page without one', () => {
    assert.deepEqual(inlineStyleHashes(`<style>${css}</style><p></p><style>${css}</style>`), [sha256(css)]);
    assert.equal(htmlPagePolicy('<p>无样式</p>'), API_CONTENT_SECURITY_POLICY);
  });
});

describe('token buckets', () => {
  it('allow a burst, then refill at the rate, per client', () => {
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) assert.deepEqual(buckets.take('a', t0), { allowed: true });
    assert.deepEqual(buckets.take('a', t0), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(buckets.take('b', t0), { allowed: true }, 'another client has its own bucket');
    assert.deepEqual(buckets.take('a', t0 + 499), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(buckets.take('a', t0 + 1000), { allowed: true }, 'half a second gave one token back');
    assert.deepEqual(buckets.take('a', t0 + 60_000), { allowed: true });
    for (let i = 0; i < 2; i++) assert.deepEqual(buckets.take('a', t0 + 60_000), { allowed: true });
    assert.equal(buckets.take('a', t0 + 60_000).allowed, false, 'refilled up to the burst, not beyond');
  });

  it('say how long to wait when the rate is below one per second', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 0.25 });
    buckets.take('a', 0);
    assert.deepEqual(buckets.take('a', 0), { allowed: false, retryAfterSeconds: 4 });
  });

  it('remember at most maxClients, forgetting the least recently seen', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1, maxClients: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('a', 0);
    buckets.take('c', 0); // b goes
    assert.equal(buckets.clients, 2);
    assert.equal(buckets.take('b', 0).allowed, true, 'b was forgotten, so starts full');
    assert.equal(buckets.take('c', 0).allowed, false);
  });
});

describe('rate limit middleware', () => {
  const response = () => {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    const res: SecurityResponse = {
      statusCode: 200,
      setHeader: (n, v) => (headers[n] = v),
      end: (b) => (body = b),
    };
    return { res, headers, body: () => body };
  };

  it('answers 429 with Retry-After once the client used its burst, never for health probes', () => {
    const limit = rateLimitMiddleware({ burst: 2, perSecond: 1 }, () => 0);
    const req = (url: string, ip = '10.0.0.1') => ({ method: 'GET', url, ip });
    let passed = 0;
    const next = () => void passed++;
    for (let i = 0; i < 2; i++) limit(req('/applications/x'), response().res, next);
    const third = response();
    limit(req('/applications/x'), third.res, next);
    assert.equal(passed, 2);
    assert.equal(third.res.statusCode, 429);
    assert.equal(third.headers['Retry-After'], '1');
    // In Chinese unless the client prefers English (Accept-Language).
    assert.deepEqual(JSON.parse(third.body()!), {
      statusCode: 429,
      error: 'Too Many Requests',
      message: '此客户端请求过多：请在 1 秒后重试',
      rule: 'rate-limit',
    });
    assert.equal(third.headers['Content-Language'], 'zh-CN');
    const english = response();
    limit({ ...req('/applications/x'), headers: { 'accept-language': 'en' } }, english.res, next);
    assert.equal(english.res.statusCode, 429);
    assert.deepEqual(JSON.parse(english.body()!), {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many requests from this client: try again in 1 s',
      rule: 'rate-limit',
    });
    limit(req('/applications/health/ready'), response().res, next);
    limit(req('/applications/x', '10.0.0.2'), response().res, next);
    assert.equal(passed, 4);
  });
});

describe('HTTP limits from the environment', () => {
  it('reads the body limit and the rate limit, and refuses malformed values naming the variable', () => {
    assert.deepEqual(httpLimitsFromEnv({}), { rateLimit: { ...DEFAULT_RATE_LIMIT } });
    assert.deepEqual(httpLimitsFromEnv({ BODY_LIMIT: '2mb', RATE_LIMIT_BURST: '50', RATE_LIMIT_PER_SECOND: '5' }), {
      bodyLimit: '2mb',
      rateLimit: { burst: 50, perSecond: 5 },
    });
    assert.deepEqual(httpLimitsFromEnv({ RATE_LIMIT_DISABLED: 'true', TRUST_PROXY_HOPS: '1' }), {
      rateLimit: false,
      trustProxy: 1,
    });
    assert.equal(httpLimitsFromEnv({}, { bodyLimit: DEFAULT_BODY_LIMIT }).bodyLimit, '256kb');
    assert.throws(() => httpLimitsFromEnv({ BODY_LIMIT: 'lots' }), /BODY_LIMIT/);
    assert.throws(() => httpLimitsFromEnv({ RATE_LIMIT_BURST: '0' }), /RATE_LIMIT_BURST/);
  });
});
