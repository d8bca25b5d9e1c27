// The correlation id ties together everything one user action caused: the HTTP request, the events
// it appended (their `correlationId`), the Kafka headers those events travel with, and the log lines
// of every consumer that handles them. It travels in an AsyncLocalStorage, so code deep inside a
// request or a message handler reads it without being handed it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_HEADERS } from '#contracts';

export const CORRELATION_HEADER = 'x-correlation-id';

/** What a caller may send as a correlation id (the same rule as the command protocol, libs/http). */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export interface CorrelationContext {
  readonly correlationId: string;
  /**
   * The service handling the work, when it is known: in the embedded mode six services share one
   * process and one logger, and this is what tells their log lines apart.
   */
  service?: string;
}

// One store per process even if this module were loaded twice (sources and dist side by side).
const STORAGE_KEY = Symbol.for('land-bureau.observability.correlation');
const globalSlot = globalThis as { [STORAGE_KEY]?: AsyncLocalStorage<CorrelationContext> };
const storage: AsyncLocalStorage<CorrelationContext> = (globalSlot[STORAGE_KEY] ??=
  new AsyncLocalStorage<CorrelationContext>());

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/** The correlation id of the request or message being handled, undefined outside of one. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `fn` (and everything it starts) under `correlationId`. */
export function withCorrelation<T>(correlationId: string, fn: () => T, options: { service?: string } = {}): T {
  const context: CorrelationContext =
    options.service === undefined ? { correlationId } : { correlationId, service: options.service };
  return storage.run(context, fn);
}

export const newCorrelationId = (): string => uuidv7();

/** The id a caller sent, if it is a usable one; anything else (absent, too long, odd characters) is undefined. */
export function acceptedCorrelationId(value: string | readonly string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' && CORRELATION_ID_PATTERN.test(single) ? single : undefined;
}

/**
 * Wraps a message handler so that it runs under the correlation id the message carries in its
 * `correlation-id` header (every event the outbox publishes has one); a message without a usable
 * one gets a new id, so its log lines still belong together.
 */
export function correlatedHandler<M extends { readonly headers: Readonly<Record<string, string>> }, R>(
  handle: (message: M) => Promise<R>,
  options: { service?: string } = {},
): (message: M) => Promise<R> {
  return (message) =>
    withCorrelation(
      acceptedCorrelationId(message.headers[EVENT_HEADERS.correlationId]) ?? newCorrelationId(),
      () => handle(message),
      options,
    );
}
