// One JSON object per line, for log shippers: when, how bad, which service and component, what, and
// under which correlation id — plus whatever structured fields the caller passed, with personal data
// and secrets redacted (redaction.ts). Plugged in as Nest's logger, so `new Logger(context)` anywhere
// in a service writes these lines.
import { type LogLevel, type LoggerService } from '@nestjs/common';
import { currentCorrelation, type CorrelationContext } from './correlation.js';
import { loggedError, redact, redactText, type LoggedError } from './redaction.js';

/** The `level` of a line: Nest's levels, with its `log` called `info` as log tools expect. */
export type LogLineLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'verbose';

const LINE_LEVEL: Record<LogLevel, LogLineLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

export interface LogLine {
  readonly time: string;
  readonly level: LogLineLevel;
  readonly service: string;
  readonly context?: string;
  readonly correlationId?: string;
  readonly message: string;
  readonly error?: LoggedError;
  readonly [field: string]: unknown;
}

const CORE_KEYS = new Set(['time', 'level', 'service', 'context', 'correlationId', 'message', 'error']);
const MAX_MESSAGE_LENGTH = 8_000;
const STACK_TRACE = /\n\s+at .+/;

export interface LogLineInput {
  readonly level: LogLevel;
  readonly message: unknown;
  /** What Nest passes after the message: structured fields, an error or stack, the context last. */
  readonly params: readonly unknown[];
  readonly time: Date;
  /** The logger's own service; the correlation context's service wins (embedded mode). */
  readonly service: string;
  readonly correlation?: CorrelationContext;
}

/** Builds the line (pure: the caller supplies the time and the correlation context). */
export function buildLogLine(input: LogLineInput): LogLine {
  const params = [...input.params];
  let context: string | undefined;
  // Nest's Logger appends its context as the last argument; `error(message, stack)` without a
  // context has a stack trace there instead.
  const last = params.at(-1);
  if (typeof last === 'string' && !STACK_TRACE.test(last)) {
    context = last;
    params.pop();
  }

  let error: LoggedError | undefined;
  let stack: string | undefined;
  const fields: Record<string, unknown> = {};
  const extraText: string[] = [];
  const absorb = (value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Error) {
      error ??= loggedError(value);
    } else if (typeof value === 'string') {
      if (STACK_TRACE.test(value)) stack ??= redactText(value);
      else extraText.push(redactText(value));
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      const redacted = redact(value) as Record<string, unknown>;
      for (const [key, v] of Object.entries(redacted)) fields[CORE_KEYS.has(key) ? `_${key}` : key] = v;
    } else {
      extraText.push(JSON.stringify(redact(value)) ?? String(value));
    }
  };

  let message: string;
  const m = input.message;
  if (typeof m === 'string') {
    message = redactText(m);
  } else if (m instanceof Error) {
    error = loggedError(m);
    message = error.message;
  } else if (m !== null && typeof m === 'object' && !Array.isArray(m)) {
    const { message: inner, ...rest } = m as Record<string, unknown>;
    message = typeof inner === 'string' ? redactText(inner) : '';
    absorb(rest);
  } else {
    message = m === undefined ? '' : (JSON.stringify(redact(m)) ?? String(m));
  }
  for (const p of params) absorb(p);
  if (extraText.length > 0) message = [message, ...extraText].filter((s) => s.length > 0).join(' ');
  if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
  if (stack !== undefined)
    error = error ? { ...error, stack: error.stack ?? stack } : { type: 'Error', message, stack };

  const correlation = input.correlation;
  return {
    time: input.time.toISOString(),
    level: LINE_LEVEL[input.level],
    service: correlation?.service ?? input.service,
    ...(context !== undefined ? { context } : {}),
    ...(correlation ? { correlationId: correlation.correlationId } : {}),
    message,
    ...fields,
    ...(error ? { error } : {}),
  };
}

export interface JsonLoggerOptions {
  /** Named in every line (the embedded process names itself, e.g. `platform`). */
  readonly service: string;
  /** Levels written. Default: log, warn, error, fatal. */
  readonly levels?: readonly LogLevel[];
  /** Where a finished line goes (without the newline). Default: stdout. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

export const DEFAULT_LOG_LEVELS: readonly LogLevel[] = ['log', 'warn', 'error', 'fatal'];

/** `LOG_LEVEL=debug` → every level from debug up; unknown or empty → the default. */
export function logLevelsFrom(value: string | undefined): LogLevel[] {
  const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
  const wanted = value?.trim().toLowerCase() === 'info' ? 'log' : value?.trim().toLowerCase();
  const at = order.findIndex((l) => l === wanted);
  return at < 0 ? [...DEFAULT_LOG_LEVELS] : order.slice(at);
}

const writeToStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(private readonly options: JsonLoggerOptions) {
    this.levels = new Set(options.levels ?? DEFAULT_LOG_LEVELS);
    this.write = options.write ?? writeToStdout;
    this.now = options.now ?? (() => new Date());
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.levels.has(level);
  }

  private emit(level: LogLevel, message: unknown, params: readonly unknown[]): void {
    if (!this.levels.has(level)) return;
    const correlation = currentCorrelation();
    let line: string;
    try {
      line = JSON.stringify(
        buildLogLine({
          level,
          message,
          params,
          time: this.now(),
          service: this.options.service,
          ...(correlation ? { correlation } : {}),
        }),
      );
    } catch (err) {
      // A log call must never throw into the code that made it.
      line = JSON.stringify({
        time: this.now().toISOString(),
        level: LINE_LEVEL[level],
        service: this.options.service,
        message: 'unloggable message',
        error: err instanceof Error ? loggedError(err) : { type: 'NonError', message: String(err) },
      });
    }
    this.write(line);
  }
}
