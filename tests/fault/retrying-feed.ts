// Feeds scenario cases like apps/platform's feedScenario, but survives faults: a request that fails
// with a 5xx, a 429 or a broken connection is sent again with the SAME Idempotency-Key (and the same
// If-Match), which is what makes the retry safe — a first attempt that did commit answers the retry
// with its first result instead of recording anything twice. Any 4xx other than 429 is a real error.
import { AGENCY_IDS } from '#contracts';
import { type ConcreteCase } from '../../apps/platform/src/scenario/expand.js';
import { agencyOfCase } from '../../apps/platform/src/scenario/runner.js';

export interface RetryingFeedOptions {
  /** Base URL for a route; `attempt` lets a caller spread cases over replicas. */
  readonly baseUrlFor: (route: string, c: ConcreteCase) => string;
  readonly tokenFor: (agencyId: string, baseUrl: string) => string;
  readonly defaultAgencyId: string;
  readonly concurrency?: number;
  /** Give up on one request after this long (default 180 s). */
  readonly requestDeadlineMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FeedStats {
  requests: number;
  /** Attempts that failed with a 5xx/429/connection error and were sent again. */
  retries: number;
  /** Answers per base URL (which replica took the write). */
  byBaseUrl: Map<string, number>;
}

const retryable = (status: number): boolean => status >= 500 || status === 429;

async function send(
  url: string,
  init: RequestInit,
  deadline: number,
  stats: FeedStats,
): Promise<{ status: number; text: string; etag: string | null }> {
  let wait = 200;
  for (;;) {
    let failure: string;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      if (!retryable(res.status)) return { status: res.status, text, etag: res.headers.get('etag') };
      failure = `${res.status} ${text.slice(0, 200)}`;
    } catch (err) {
      failure = (err as Error).message;
    }
    if (Date.now() + wait > deadline)
      throw new Error(`${init.method} ${url} still failing at its deadline: ${failure}`);
    stats.retries++;
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 2000);
  }
}

async function runCase(c: ConcreteCase, options: RetryingFeedOptions, stats: FeedStats): Promise<void> {
  const agencyId = agencyOfCase(c, AGENCY_IDS, options.defaultAgencyId) ?? options.defaultAgencyId;
  let id: string | undefined;
  let etag: string | undefined;
  for (const step of c.steps) {
    const route = id ? step.path.replaceAll('{{id}}', id) : step.path;
    const text = step.contentType === 'application/json' ? JSON.stringify(step.body) : String(step.body);
    const body = id ? text.replaceAll('{{id}}', id) : text;
    const baseUrl = options.baseUrlFor(route, c);
    const headers: Record<string, string> = {
      'content-type': step.contentType,
      'idempotency-key': step.idempotencyKey,
      'x-actor': 'fault-suite',
      authorization: `Bearer ${options.tokenFor(agencyId, baseUrl)}`,
    };
    if (step.ifMatch && etag) headers['if-match'] = etag;
    const deadline = Date.now() + (options.requestDeadlineMs ?? 180_000);
    const answer = await send(`${baseUrl}${route}`, { method: step.method, headers, body }, deadline, stats);
    stats.requests++;
    stats.byBaseUrl.set(baseUrl, (stats.byBaseUrl.get(baseUrl) ?? 0) + 1);
    if (answer.status >= 400) {
      throw new Error(
        `${step.method} ${route} (${c.template} #${c.n}) → ${answer.status}: ${answer.text.slice(0, 500)}`,
      );
    }
    etag = answer.etag ?? etag;
    if (id === undefined && answer.text) {
      const parsed = JSON.parse(answer.text) as { id?: unknown };
      if (typeof parsed.id === 'string') id = parsed.id;
    }
  }
}

export async function feedWithRetries(
  cases: readonly ConcreteCase[],
  options: RetryingFeedOptions,
): Promise<FeedStats> {
  const stats: FeedStats = { requests: 0, retries: 0, byBaseUrl: new Map() };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      await runCase(c, options, stats);
      options.onProgress?.(++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, cases.length) }, worker));
  return stats;
}
