// What every service answers with and whom it throttles (issue 8): security headers on every
// response, and a per-client request rate limit.
//
// The services answer JSON to programs and staff tools, so the policy is the strictest there is —
// load nothing, be framed by no one. The OpenAPI pages (/docs) may load their own scripts, styles and
// images; a page a service renders itself (the annual report) may apply its own inline stylesheet,
// named by its hash (`htmlPagePolicy`), and nothing else.
import { createHash } from 'node:crypto';
import { negotiateLanguage } from './messages/language.js';
import { translateMessage } from './messages/translate.js';

/** The parts of an Express request and response these middlewares use. */
export interface SecurityRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl?: string;
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string | undefined };
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface SecurityResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

type Next = (error?: unknown) => void;

export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Swagger UI: its own scripts and styles (it sets some inline), images inlined as data: URLs. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The CSP source of each `<style>` element of a page: `'sha256-…'` of its text exactly as written
 * (CSP level 2 hashes the element's content, UTF-8). A style attribute is not covered: the pages
 * we render carry none.
 */
export function inlineStyleHashes(html: string): string[] {
  const hashes = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [...new Set(hashes)];
}

/**
 * The policy of an HTML page a service renders: its own inline stylesheets by hash (never
 * 'unsafe-inline', so markup slipped into a figure or a label cannot bring styles of its own), no
 * script, nothing loaded from anywhere, framed by no one.
 */
export function htmlPagePolicy(html: string): string {
  const styles = inlineStyleHashes(html);
  return (
    "default-src 'none'; " +
    (styles.length ? `style-src ${styles.join(' ')}; ` : '') +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  );
}

const DOCS_PATH = /^\/docs(?:-json|-yaml)?(?:\/|$)/;

export function pathOf(req: Pick<SecurityRequest, 'url' | 'originalUrl'>): string {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The headers a response to `path` carries. */
export function securityHeadersFor(path: string): Record<string, string> {
  const docs = DOCS_PATH.test(path);
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': docs ? DOCS_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY,
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Answers may hold personal data: no shared or browser cache keeps them.
    ...(docs ? {} : { 'Cache-Control': 'no-store' }),
  };
}

export function securityHeadersMiddleware(): (req: SecurityRequest, res: SecurityResponse, next: Next) => void {
  return (req, res, next) => {
    for (const [name, value] of Object.entries(securityHeadersFor(pathOf(req)))) res.setHeader(name, value);
    next();
  };
}

export interface RateLimitOptions {
  /** Requests a client may send at once (the bucket's size). */
  readonly burst: number;
  /** Requests per second a client may keep sending (the refill rate). */
  readonly perSecond: number;
  /** Clients remembered at most; the least recently seen are forgotten first. Default 10 000. */
  readonly maxClients?: number;
  /** Paths never throttled. Default: the health probes (`/<service>/health/…`). */
  readonly exempt?: (path: string) => boolean;
}

/**
 * Sized from what the product's own busiest client needs, and from what one process can answer:
 * - the 2009 scenario feed (eight requests in flight from one address; in the embedded platform every
 *   service behind one port) sent 4 197 requests at 58/s on average and at most 142 in any one second
 *   on a shared 2-core machine; replayed through these buckets it is never throttled, nor at 1.5 times
 *   that pace — a faster machine's feed is slowed, not stopped (it honours Retry-After);
 * - one service process answered a client about 150 requests a second on that machine (a route that
 *   refuses it for want of a token, the cheapest there is), so a refill of 100/s is below what a client
 *   that sends as fast as it is answered gets: it is throttled, and the service keeps room for others.
 * The earlier default (a burst of 2 000 and 1 000/s) was above what a process can answer: it never
 * refused one request of a 5 000-request burst. Production tunes it per service (RATE_LIMIT_BURST,
 * RATE_LIMIT_PER_SECOND); behind a proxy set TRUST_PROXY_HOPS, or every client shares its address.
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 400, perSecond: 100 };

export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client: each request takes a token, tokens come back at `perSecond` up to
 * `burst`. Pure but for the map it keeps; the caller gives the time.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxClients: number;

  constructor(private readonly options: Pick<RateLimitOptions, 'burst' | 'perSecond' | 'maxClients'>) {
    if (!(options.burst >= 1) || !(options.perSecond > 0)) {
      throw new RangeError('rate limit: burst must be ≥ 1 and perSecond > 0');
    }
    this.maxClients = options.maxClients ?? 10_000;
  }

  take(client: string, nowMs: number): TakeResult {
    const { burst, perSecond } = this.options;
    const known = this.buckets.get(client);
    const bucket: Bucket = known
      ? { tokens: Math.min(burst, known.tokens + (Math.max(0, nowMs - known.at) / 1000) * perSecond), at: nowMs }
      : { tokens: burst, at: nowMs };
    // Re-inserted so the map's order is least recently seen first.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  get clients(): number {
    return this.buckets.size;
  }
}

const HEALTH_PATH = /^\/[^/]+\/health\//;

/** Answers 429 with Retry-After once a client (by address) has used up its bucket. */
export function rateLimitMiddleware(
  options: RateLimitOptions,
  now: () => number = Date.now,
): (req: SecurityRequest, res: SecurityResponse, next: Next) => void {
  const buckets = new TokenBuckets(options);
  const exempt = options.exempt ?? ((path: string) => HEALTH_PATH.test(path));
  return (req, res, next) => {
    if (exempt(pathOf(req))) {
      next();
      return;
    }
    const client = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    const taken = buckets.take(client, now());
    if (taken.allowed) {
      next();
      return;
    }
    const language = negotiateLanguage(req.headers?.['accept-language']);
    const english = `too many requests from this client: try again in ${taken.retryAfterSeconds} s`;
    const message = translateMessage({ key: 'rate-limit', english }, language);
    res.statusCode = 429;
    res.setHeader('Content-Language', language);
    res.setHeader('Retry-After', String(taken.retryAfterSeconds));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message, rule: 'rate-limit' }));
  };
}
