// The HTTP side: every request runs under a correlation id (the caller's `X-Correlation-Id`, or a new
// one), echoed in the response and written into the request's headers so that `commandContext(req)`
// (libs/http) stamps the same id on the events the request appends; and each service times the
// requests under its own prefix `/<service>/…` by route template.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  acceptedCorrelationId,
  currentCorrelation,
  newCorrelationId,
  withCorrelation,
} from './correlation.js';
import { routeLabel, type PrometheusServiceMetrics } from './metrics.js';

/** The parts of an Express request and response these middlewares use. */
export interface HttpRequestLike {
  readonly method: string;
  readonly originalUrl?: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Set by Express once a route matched: its path template. */
  readonly route?: { readonly path?: unknown };
}

export interface HttpResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  once(event: 'finish', listener: () => void): unknown;
}

export type Next = (error?: unknown) => void;

// Six services' modules each install the middleware in the embedded mode; the first one does the work.
const CORRELATED = Symbol('correlated');

export function correlationMiddleware(): (req: HttpRequestLike, res: HttpResponseLike, next: Next) => void {
  return (req, res, next) => {
    const marked = req as HttpRequestLike & { [CORRELATED]?: true };
    if (marked[CORRELATED]) {
      next();
      return;
    }
    marked[CORRELATED] = true;
    const sent = req.headers[CORRELATION_HEADER];
    const correlationId = acceptedCorrelationId(sent) ?? newCorrelationId();
    // An unusable id the caller sent stays in the request, so the command protocol can refuse it
    // with a 400 naming the header; the response and the logs carry the one generated instead.
    if (sent === undefined) req.headers[CORRELATION_HEADER] = correlationId;
    res.setHeader('X-Correlation-Id', correlationId);
    withCorrelation(correlationId, () => next());
  };
}

/** The request path without its query string. */
export function requestPath(req: Pick<HttpRequestLike, 'originalUrl' | 'url'>): string {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function belongsToService(path: string, service: string): boolean {
  return path === `/${service}` || path.startsWith(`/${service}/`);
}

export function serviceHttpMiddleware(
  service: string,
  metrics: PrometheusServiceMetrics,
): (req: HttpRequestLike, res: HttpResponseLike, next: Next) => void {
  const logger = new Logger('http');
  return (req, res, next) => {
    if (!belongsToService(requestPath(req), service)) {
      next();
      return;
    }
    const context = currentCorrelation();
    if (context) context.service = service;
    const started = process.hrtime.bigint();
    // Bound so that the access log line carries the request's correlation id.
    res.once(
      'finish',
      AsyncLocalStorage.bind(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const path = req.route?.path;
        const route = routeLabel(typeof path === 'string' ? path : undefined);
        metrics.observeHttp(req.method, route, res.statusCode, seconds);
        const line = { method: req.method, route, status: res.statusCode, durationMs: Math.round(seconds * 1000) };
        const message = `${req.method} ${route} ${res.statusCode}`;
        // 5xx errors are logged with their stack by the error filter; this line is the access log.
        if (res.statusCode >= 500) logger.warn(message, line);
        else logger.debug(message, line);
      }),
    );
    next();
  };
}
