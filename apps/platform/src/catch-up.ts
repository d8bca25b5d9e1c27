// Waits until "the projections have caught up": the operations service answers
// `caughtUp: true` at GET /operations/api/caught-up. The rule (every outbox empty, every
// consumer with nothing left to read, the projection's lag zero, in two samples a short interval apart,
// every service answering) lives there alone (apps/operations/src/monitoring/domain/caught-up.ts), so
// `npm start`, `npm run scenario` and an integrator polling the route wait for the same thing.

export const CAUGHT_UP_ROUTE = '/operations/api/caught-up';

export interface CatchUpOptions {
  readonly baseUrlFor: (route: string) => string;
  /** Bearer token of a user with the role `operations` (the route reads every service's metrics with it). */
  readonly operationsToken: string;
  readonly timeoutMs?: number;
}

/** What the route answers (the fields this client reads). */
export interface CaughtUpAnswer {
  readonly caughtUp: boolean;
  readonly inFlight: {
    readonly outboxes: Readonly<Record<string, number>>;
    readonly consumers: Readonly<Record<string, number>>;
    readonly projection: Readonly<Record<string, number>>;
  };
  readonly problems: readonly string[];
}

const POLL_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 250;

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

/** One line on what an answer says is still in flight or could not be read, for the timeout's message. */
export function describeAnswer(answer: CaughtUpAnswer): string {
  const waiting = Object.entries({
    outbox: answer.inFlight.outboxes,
    consumer: answer.inFlight.consumers,
    projection: answer.inFlight.projection,
  }).flatMap(([where, figures]) =>
    Object.entries(figures)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${where} ${name}: ${n}`),
  );
  const parts = [...waiting, ...answer.problems];
  return parts.length > 0 ? parts.join('; ') : 'nothing in flight, not yet confirmed by a second sample';
}

async function askCaughtUp(options: CatchUpOptions): Promise<CaughtUpAnswer> {
  const res = await fetch(`${options.baseUrlFor(CAUGHT_UP_ROUTE)}${CAUGHT_UP_ROUTE}`, {
    headers: { authorization: `Bearer ${options.operationsToken}` },
    signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
  });
  if (!res.ok) throw answerError(CAUGHT_UP_ROUTE, res.status);
  return (await res.json()) as CaughtUpAnswer;
}

/** Resolves once the route answers caught up; rejects with the last answer (or error) after the timeout. */
export async function waitForCatchUp(options: CatchUpOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing asked yet';
  for (;;) {
    try {
      const answer = await askCaughtUp(options);
      if (answer.caughtUp) return;
      last = describeAnswer(answer);
    } catch (err) {
      if (endsTheWait(err)) throw err;
      // A service restarting, or its store or broker restarting, answers a poll or two with an
      // error (or not at all): that is "not caught up yet", up to the deadline.
      last = `the last poll failed: ${(err as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`not caught up after ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}
