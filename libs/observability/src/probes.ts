// Readiness: can this service do its work right now? It needs its store and its broker; a probe
// answers for each. The HTTP answer is 503 while any probe fails, so a load balancer stops sending
// requests and an orchestrator waits before routing to a new replica.
import { type Connection } from 'mongoose';

export interface HealthProbe {
  /** The key in the readiness answer (`store`, `messaging`, …). */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (with the reason) when it does not. */
  check(): Promise<void>;
}

export interface ProbeOutcome {
  readonly name: string;
  readonly status: 'up' | 'down';
  /** Why it is down. */
  readonly message?: string;
}

export class ProbeTimeoutError extends Error {
  override readonly name = 'ProbeTimeoutError';
  constructor(probe: string, timeoutMs: number) {
    super(`${probe} did not answer within ${timeoutMs} ms`);
  }
}

/** Runs a probe, bounded in time: a dependency that hangs is as down as one that refuses. */
export async function runProbe(probe: HealthProbe, timeoutMs: number): Promise<ProbeOutcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(() => probe.check()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProbeTimeoutError(probe.name, timeoutMs)), timeoutMs);
      }),
    ]);
    return { name: probe.name, status: 'up' };
  } catch (err) {
    return { name: probe.name, status: 'down', message: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const READY_STATES: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting' };

/**
 * The service's MongoDB (or FerretDB) answers a `ping`. `null` is the embedded mode's in-memory store,
 * which is up as long as the process is.
 */
export function mongoProbe(connection: Connection | null, name = 'store'): HealthProbe {
  return {
    name,
    async check() {
      if (connection === null) return;
      const db = connection.db;
      if (connection.readyState !== 1 || db === undefined) {
        throw new Error(`MongoDB connection is ${READY_STATES[connection.readyState] ?? connection.readyState}`);
      }
      await db.command({ ping: 1 });
    },
  };
}

/** The broker answers a metadata request (the in-memory transport always does while open). */
export function transportProbe(transport: { ping(): Promise<void> }, name = 'messaging'): HealthProbe {
  return { name, check: () => transport.ping() };
}
