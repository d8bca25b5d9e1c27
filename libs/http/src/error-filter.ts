// One place that turns what a user can cause into a clear 4xx: the rule, the field, a message.
// Anything else is a 500 whose details stay in the log, not in the response.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ContractViolation } from '#contracts';
import { ConcurrencyError, DomainError, IdempotencyKeyReusedError } from '#event-sourcing';
import { z } from 'zod';
import { type Language, negotiateLanguage } from './messages/language.js';
import { localizeErrorBody } from './messages/localize.js';
import { type Violation, violationSchema } from './validation.js';
import { pathOf } from './security.js';

/** Every error answer of every service, as written below and documented (openapi.ts) from this schema. */
export const errorBodySchema = z.object({
  statusCode: z.number().int().min(400).max(599),
  error: z.string().describe('the kind of error, e.g. Bad Request, invalid, conflict, not-found'),
  message: z
    .string()
    .describe(
      'for people: in Chinese (zh-CN) by default, in English when the request prefers it (`Accept-Language: en`); programs read `rule` and `violations`',
    ),
  rule: z.string().optional().describe('machine-readable id of the rule broken, stable for programs'),
  violations: z.array(violationSchema).optional().describe('each field at fault and the rule it breaks'),
  correlationId: z.string().optional().describe('the X-Correlation-Id of the request, when it sent one'),
});
export type ErrorBody = Omit<z.infer<typeof errorBodySchema>, 'violations'> & {
  violations?: readonly Violation[];
};

const DOMAIN_STATUS = { invalid: 422, conflict: 409, 'not-found': 404 } as const;

interface BodyParserError {
  status: number;
  type?: unknown;
  message?: unknown;
}

/** body-parser's errors carry a 4xx `status` and a `type` such as `entity.parse.failed`. */
function isBodyParserError(err: unknown): err is BodyParserError {
  const e = err as Partial<BodyParserError> | undefined;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string';
}

function bodyParserResponse(e: BodyParserError): ErrorBody {
  const rule = String(e.type);
  const message =
    rule === 'entity.parse.failed'
      ? 'the request body is not valid JSON'
      : rule === 'entity.too.large'
        ? 'the request body is larger than allowed'
        : String(e.message);
  return { statusCode: e.status, error: rule, message, rule, violations: [{ field: '(body)', rule, message }] };
}

/**
 * The store or the broker went away mid-request (a restart, a network cut): the request may be
 * retried, so 503 rather than 500. Recognised by the drivers' error names (this library imports
 * neither driver), also when wrapped as a cause. A closed topology is the store-client watchdog
 * reconnecting a wedged client (client-watchdog.ts): the retry goes to the new one.
 */
const UNAVAILABLE =
  /^(MongoNetworkError|MongoNetworkTimeoutError|MongoServerSelectionError|MongoPoolClearedError|MongoNotConnectedError|MongoTopologyClosedError|KafkaJSConnectionError|KafkaJSConnectionClosedError|KafkaJSRequestTimeoutError|KafkaJSBrokerNotFound|KafkaJSNumberOfRetriesExceeded)$/;

export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  return UNAVAILABLE.test(err.name) || isUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** Maps an error to its HTTP answer (pure, so it is unit-tested without a server). */
export function errorResponse(err: unknown): ErrorBody {
  if (err instanceof DomainError) {
    const statusCode = DOMAIN_STATUS[err.kind];
    return {
      statusCode,
      error: err.kind,
      message: err.message,
      rule: err.rule,
      ...(err.field ? { violations: [{ field: err.field, rule: err.rule, message: err.message }] } : {}),
    };
  }
  if (err instanceof ConcurrencyError) {
    return { statusCode: 409, error: 'Conflict', message: err.message, rule: 'if-match.stale-version' };
  }
  if (err instanceof IdempotencyKeyReusedError) {
    return {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: err.message,
      rule: 'idempotency-key.reused',
      violations: [{ field: 'Idempotency-Key', rule: 'idempotency-key.reused', message: err.message }],
    };
  }
  if (err instanceof ContractViolation) {
    return {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: err.message,
      rule: 'contract',
      violations: err.issues.map((i) => ({ field: i.path, rule: 'contract', message: i.message })),
    };
  }
  // Nest wraps body-parser's errors (malformed JSON, body too large) in an HttpException whose cause
  // is the original: answer those naming the body and the rule, not with the parser's message.
  if (err instanceof HttpException && isBodyParserError(err.cause)) return bodyParserResponse(err.cause);
  if (err instanceof HttpException) {
    const res = err.getResponse();
    const body = typeof res === 'string' ? { message: res } : (res as Partial<ErrorBody>);
    return {
      ...body,
      statusCode: err.getStatus(),
      error: body.error ?? err.name,
      message: Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? err.message),
    };
  }
  if (isBodyParserError(err)) return bodyParserResponse(err);
  if (isUnavailable(err)) {
    return {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the store or the broker cannot be reached just now; retry (with the same Idempotency-Key)',
      rule: 'dependency.unavailable',
    };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
}

/**
 * The answer with its messages in `language`. Translating never turns a 4xx into a 5xx: should an
 * answer of unexpected shape (a controller's own exception body) defeat it, the English answer stands.
 */
function inLanguage(body: ErrorBody, language: Language): ErrorBody {
  try {
    return localizeErrorBody(body, language);
  } catch {
    return body;
  }
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<{
      status(code: number): { json(body: unknown): void };
      setHeader(name: string, value: string): void;
      headersSent?: boolean;
    }>();
    const req = http.getRequest<{ method?: string; url?: string; header?(n: string): string | undefined }>();
    // The messages in the caller's language (zh-CN unless it prefers English); rules and fields as they are.
    const language = negotiateLanguage(req.header?.('accept-language'));
    const body = inLanguage(errorResponse(err), language);
    if (body.statusCode >= 500) {
      // The path only: a query string may hold what people typed (a search, ADR 0008), never logged.
      this.logger.error(
        `${req.method} ${pathOf({ url: req.url ?? '' })} failed: ${(err as Error)?.stack ?? String(err)}`,
      );
    }
    const correlationId = req.header?.('x-correlation-id');
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('Retry-After', '1');
    res.setHeader('Content-Language', language);
    res.setHeader('Vary', 'Accept-Language');
    res.status(body.statusCode).json(correlationId ? { ...body, correlationId } : body);
  }
}
