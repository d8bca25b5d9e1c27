// "The projections have caught up": every service's outbox is empty, every consumer (appeals
// following requests, reporting following everyone) has nothing left to read, and reporting's own
// lag per topic is zero — twice in a row, since a consumer may append (appeals confirming an act)
// and so refill an outbox just emptied.
import { SERVICES } from '#contracts';

const GAUGES = [
  'landbureau_outbox_backlog_commits',
  'landbureau_consumer_lag_messages',
  'landbureau_projection_lag_events',
] as const;

/** Sums the named gauges in a Prometheus text exposition. */
export function sumGauges(exposition: string, names: readonly string[] = GAUGES): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const [, name, , value] = /^([a-z_]+)(\{[^}]*\})?\s+([-+0-9.eE]+|NaN)$/.exec(line.trim()) ?? [];
    if (name !== undefined && names.includes(name) && value !== undefined && value !== 'NaN') total += Number(value);
  }
  return total;
}

export interface CatchUpOptions {
  readonly baseUrlFor: (route: string) => string;
  /** Bearer tokens: an operations user reads metrics, an auditor the projection's lag. */
  readonly operationsToken?: string;
  readonly auditorToken?: string;
  readonly timeoutMs?: number;
}

const POLL_TIMEOUT_MS = 10_000;

/**
 * A 4xx (a wrong token, a wrong address) will not go away by waiting: it ends the wait at once — but
 * for 429, the rate limit asking this client to slow down, which is waited out like a 5xx.
 */
class RefusedPoll extends Error {}

export const answerError = (route: string, status: number): Error =>
  status >= 400 && status < 500 && status !== 429
    ? new RefusedPoll(`${route} answered ${status}`)
    : new Error(`${route} answered ${status}`);

export const endsTheWait = (err: unknown): boolean => err instanceof RefusedPoll;

async function backlog(options: CatchUpOptions): Promise<number> {
  const auth = (t?: string): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
  let total = 0;
  for (const service of SERVICES) {
    const route = `/${service}/metrics`;
    const res = await fetch(`${options.baseUrlFor(route)}${route}`, {
      headers: auth(options.operationsToken),
      signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
    });
    if (!res.ok) throw answerError(route, res.status);
    total += sumGauges(await res.text());
  }
  const lagRoute = '/reporting/projection/lag';
  const res = await fetch(`${options.baseUrlFor(lagRoute)}${lagRoute}`, {
    headers: auth(options.auditorToken),
    signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
  });
  if (!res.ok) throw answerError(lagRoute, res.status);
  const lag = (await res.json()) as { topics: Array<{ events: number }> };
  return total + lag.topics.reduce((n, t) => n + t.events, 0);
}

/** Resolves once nothing is left in flight; rejects with the last backlog (or error) after the timeout. */
export async function waitForCatchUp(options: CatchUpOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  let last = 'nothing asked yet';
  while (quietPolls < 2) {
    try {
      const behind = await backlog(options);
      last = `${behind} events in flight`;
      quietPolls = behind === 0 ? quietPolls + 1 : 0;
    } catch (err) {
      if (endsTheWait(err)) throw err;
      // A service restarting, or its store or broker restarting, answers a poll or two with an
      // error (or not at all): that is "not caught up yet", up to the deadline.
      last = `the last poll failed: ${(err as Error).message}`;
      quietPolls = 0;
    }
    if (quietPolls < 2) {
      if (Date.now() > deadline) throw new Error(`not caught up after ${timeoutMs} ms: ${last}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
