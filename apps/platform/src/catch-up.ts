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
    const match = /^([a-z_]+)(\{[^}]*\})?\s+([-+0-9.eE]+|NaN)$/.exec(line.trim());
    if (match && names.includes(match[1]!) && match[3] !== 'NaN') total += Number(match[3]);
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

async function backlog(options: CatchUpOptions): Promise<number> {
  const auth = (t?: string): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
  let total = 0;
  for (const service of SERVICES) {
    const route = `/${service}/metrics`;
    const res = await fetch(`${options.baseUrlFor(route)}${route}`, { headers: auth(options.operationsToken) });
    if (!res.ok) throw new Error(`${route} answered ${res.status}`);
    total += sumGauges(await res.text());
  }
  const lagRoute = '/reporting/projection/lag';
  const res = await fetch(`${options.baseUrlFor(lagRoute)}${lagRoute}`, { headers: auth(options.auditorToken) });
  if (!res.ok) throw new Error(`${lagRoute} answered ${res.status}`);
  const lag = (await res.json()) as { topics: Array<{ events: number }> };
  return total + lag.topics.reduce((n, t) => n + t.events, 0);
}

/** Resolves once nothing is left in flight; rejects with the last backlog after the timeout. */
export async function waitForCatchUp(options: CatchUpOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let quietPolls = 0;
  let last = -1;
  while (quietPolls < 2) {
    last = await backlog(options);
    quietPolls = last === 0 ? quietPolls + 1 : 0;
    if (quietPolls < 2) {
      if (Date.now() > deadline) throw new Error(`still ${last} events in flight after ${options.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
