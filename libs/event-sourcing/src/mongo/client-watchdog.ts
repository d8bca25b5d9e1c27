// Reconnects a MongoDB client whose server monitoring has wedged.
//
// Seen in the fault suite on FerretDB 1.24 (CI, twice in a row; reproduced once locally with the
// driver's topology log): right after the store restarted, the reporting service's client marked
// the server Unknown and started a heartbeat that never ended — no success, no failure, for
// minutes — so every operation failed server selection ("connection 3 … closed", the same error
// each time) while the store answered any fresh client at once. The driver (mongodb 7.8, polling
// monitor: FerretDB reports no topologyVersion) does not recover by itself. A short-lived client
// that can ping the store tells "our client is wedged" from "the store is down"; only then is the
// client closed and connected again (its Db and collection objects, and mongoose's models, keep
// working: they hold the same MongoClient).
import mongoose from 'mongoose';

// The driver as mongoose ships it (the project depends on mongoose, not on the driver directly).
type MongoClient = mongoose.mongo.MongoClient;
type ServerDescriptionChangedEvent = mongoose.mongo.ServerDescriptionChangedEvent;

export interface ClientWatchdogOptions {
  /** The URI the client was made with; the probe connects to it on its own. */
  readonly uri: string;
  /** How long the server may stay Unknown before the store is probed. Default 30 000. */
  readonly stuckAfterMs?: number;
  /** How often to look. Default 5 000. */
  readonly checkEveryMs?: number;
  /** How long the probe may take to ping. Default 3 000. */
  readonly probeTimeoutMs?: number;
  /** Told before the client is reconnected, and when a reconnect fails. */
  readonly log?: (level: 'warn' | 'error', message: string) => void;
  /** A clock in ms (tests). */
  readonly nowMs?: () => number;
}

export interface ClientWatchdog {
  /** How many times the client was reconnected. */
  readonly reconnects: number;
  /** Runs one look now (tests); the timer calls the same. */
  check(): Promise<void>;
  stop(): void;
}

/** True when the server has been Unknown for at least `stuckAfterMs`: worth a probe. */
export function looksWedged(unknownSinceMs: number | undefined, nowMs: number, stuckAfterMs: number): boolean {
  return unknownSinceMs !== undefined && nowMs - unknownSinceMs >= stuckAfterMs;
}

/** Whether a fresh client reaches the store and pings it within `timeoutMs`. */
export async function storeAnswers(uri: string, timeoutMs: number): Promise<boolean> {
  const probe = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    maxPoolSize: 1,
  });
  try {
    await probe.connect();
    await probe.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => {});
  }
}

export function watchClient(client: MongoClient, options: ClientWatchdogOptions): ClientWatchdog {
  const now = options.nowMs ?? (() => Date.now());
  const stuckAfterMs = options.stuckAfterMs ?? 30_000;
  const log = options.log ?? ((level, message) => console[level](`[store watchdog] ${message}`));
  let unknownSince: number | undefined;
  let reconnects = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  const onDescription = (event: ServerDescriptionChangedEvent): void => {
    if (event.newDescription.type === 'Unknown') unknownSince ??= now();
    else unknownSince = undefined;
  };
  client.on('serverDescriptionChanged', onDescription);

  const look = async (): Promise<void> => {
    if (stopped || !looksWedged(unknownSince, now(), stuckAfterMs)) return;
    if (!(await storeAnswers(options.uri, options.probeTimeoutMs ?? 3_000))) return; // the store is down
    // The server may have come back while the probe ran: then there is nothing to reconnect.
    if (stopped || unknownSince === undefined) return;
    const seconds = Math.round((now() - unknownSince) / 1000);
    log('warn', `the store answers a new client, but this one has seen it as Unknown for ${seconds} s: reconnecting`);
    unknownSince = undefined;
    try {
      await client.close();
      await client.connect();
      reconnects++;
    } catch (err) {
      log('error', `reconnecting failed, tried again later: ${err instanceof Error ? err.message : String(err)}`);
      unknownSince ??= now();
    }
  };
  const check = (): Promise<void> => {
    running ??= look().finally(() => {
      running = undefined;
    });
    return running;
  };
  // A background check; look() logs a failed reconnect and the probe answers false rather than throw.
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 5_000);
  timer.unref();

  return {
    get reconnects() {
      return reconnects;
    },
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
      client.off('serverDescriptionChanged', onDescription);
    },
  };
}
