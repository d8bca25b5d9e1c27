// Boots a service's Nest app the same way everywhere: JSON body limit, security headers, a
// per-client rate limit, the error filter, OpenAPI at /docs and /docs-json, the topics' AsyncAPI
// document at /asyncapi.json, graceful shutdown, and JSON log lines in real mode.
import { type AddressInfo } from 'node:net';
import {
  type INestApplication,
  Logger,
  type LogLevel,
  type LoggerService,
  type Type,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { accessRule } from '#auth';
import { z } from 'zod';
import { JsonLogger, logLevelsFrom } from '#observability';
import { HttpErrorFilter } from './error-filter.js';
import { withErrorResponses } from './openapi.js';
import {
  DEFAULT_RATE_LIMIT,
  rateLimitMiddleware,
  securityHeadersMiddleware,
  type RateLimitOptions,
} from './security.js';

export const DEFAULT_BODY_LIMIT = '256kb';

export interface ServiceAppOptions {
  readonly title: string;
  readonly description?: string;
  /** Largest accepted JSON body (`256kb`, `2mb`); larger ones get a 413. Default 256kb. */
  readonly bodyLimit?: string;
  /**
   * Nest's logger: an object (a `JsonLogger`), levels for Nest's console logger, or false. Default:
   * a JsonLogger named after `service` in real mode, the console logger otherwise.
   */
  readonly logger?: false | LogLevel[] | LoggerService;
  /** Names the service in JSON log lines. */
  readonly service?: string;
  /** `real` makes JSON log lines the default (LOG_LEVEL chooses the levels). */
  readonly mode?: 'real' | 'embedded';
  /** Per-client request rate limit; false turns it off. Default DEFAULT_RATE_LIMIT. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Hops of reverse proxies whose X-Forwarded-For names the client (rate limit). Default none. */
  readonly trustProxy?: number;
  /**
   * The AsyncAPI document of the topics the app publishes (`asyncApiDocument` of #contracts),
   * served like /docs-json: public, beside it, at ASYNCAPI_PATH.
   */
  readonly asyncApi?: Readonly<Record<string, unknown>>;
}

/** Where a service serves the AsyncAPI document of its topics, beside /docs-json. */
export const ASYNCAPI_PATH = '/asyncapi.json';

export function configureServiceApp(app: INestApplication, options: ServiceAppOptions): INestApplication {
  const express = app as NestExpressApplication;
  if (options.trustProxy !== undefined) express.set('trust proxy', options.trustProxy);
  express.disable('x-powered-by');
  // Before the body parser: a throttled client's body is never read.
  express.use(securityHeadersMiddleware());
  if (options.rateLimit !== false) express.use(rateLimitMiddleware(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  express.useBodyParser('json', { limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  setupOpenApi(app, options);
  if (options.asyncApi) serveAsyncApi(app, options.asyncApi);
  return app;
}

/**
 * Serves `document` at ASYNCAPI_PATH the way Swagger serves /docs-json: a plain route of the HTTP
 * server, public (it describes the topics' public contract), matched exactly like every route.
 */
export function serveAsyncApi(app: INestApplication, document: Readonly<Record<string, unknown>>): void {
  const body = JSON.stringify(document);
  app.getHttpAdapter().get(ASYNCAPI_PATH, (_req: express.Request, res: express.Response) => {
    res.type('application/json').send(body);
  });
}

export function setupOpenApi(app: INestApplication, options: Pick<ServiceAppOptions, 'title' | 'description'>): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, options), { jsonDocumentUrl: 'docs-json' });
}

/** The OpenAPI document an app serves at /docs-json: its routes, who may call each, every error answer. */
export function openApiDocument(
  app: INestApplication,
  options: Pick<ServiceAppOptions, 'title' | 'description'>,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(
      [
        options.description ?? '',
        "Error answers name the `rule` broken and each `field` at fault (stable, for programs); their messages are in Chinese (zh-CN) unless the request's `Accept-Language` prefers English (`en`).",
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return withErrorResponses(withAccessRules(SwaggerModule.createDocument(app, config)));
}

const OPERATION_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

/**
 * Every operation of the document says who may call it: `x-public`, or `x-roles` — written by
 * @Public/@Roles, else the guard's default for its method (the same `accessRule`). A public
 * operation needs no bearer token (`security: []`).
 */
export function withAccessRules(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method] as (OperationObject & { 'x-public'?: boolean; 'x-roles'?: string[] }) | undefined;
      if (!operation) continue;
      if (operation['x-public']) operation.security = [];
      else
        operation['x-roles'] ??= [
          ...(accessRule({ method: method.toUpperCase(), decorated: {} }) as { roles: string[] }).roles,
        ];
    }
  }
  return document;
}

/**
 * Listens on the configured address only (HOST, default loopback) and logs the address the socket
 * actually took — not the one the service meant to take — so a log never claims 127.0.0.1 for a
 * server reachable on every interface.
 */
export async function listenService(
  app: INestApplication,
  config: { readonly port: number; readonly host: string },
): Promise<AddressInfo> {
  await app.listen(config.port, config.host);
  const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  if (address === null || typeof address === 'string')
    throw new Error(`not listening on ${config.host}:${config.port}`);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  new Logger('http').log(`listening on ${shown}:${address.port}`);
  return address;
}

/** The logger a service boots with when none is given. */
export function defaultServiceLogger(options: Pick<ServiceAppOptions, 'service' | 'mode'>): LogLevel[] | LoggerService {
  if (options.mode === 'real') {
    return new JsonLogger({ service: options.service ?? 'service', levels: logLevelsFrom(process.env.LOG_LEVEL) });
  }
  return ['error', 'warn', 'log'];
}

/**
 * Express as the services need it: routes match letter case and trailing slashes exactly. Express's
 * default (`/REPORTING/projection` reaching `/reporting/projection`) let a request into a route under
 * a path no access rule expected; a path is now one route or none. Set before the adapter exists,
 * because the adapter's first middleware creates the router, which reads these settings once.
 */
export function strictExpressAdapter(): ExpressAdapter {
  const instance = express();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  return new ExpressAdapter(instance);
}

export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, strictExpressAdapter(), {
    bodyParser: false,
    logger: options.logger ?? defaultServiceLogger(options),
  });
  return configureServiceApp(app, options);
}

const positiveInt = z.coerce.number().int().min(1);
const httpEnvSchema = z.object({
  BODY_LIMIT: z
    .string()
    .regex(/^\d{1,6}(b|kb|mb)$/i, 'must be a size like 256kb or 2mb')
    .optional(),
  RATE_LIMIT_BURST: positiveInt.max(1_000_000).optional(),
  RATE_LIMIT_PER_SECOND: positiveInt.max(1_000_000).optional(),
  RATE_LIMIT_DISABLED: z.enum(['true', 'false']).optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
});

export type HttpLimits = Pick<ServiceAppOptions, 'bodyLimit' | 'rateLimit' | 'trustProxy'>;

/**
 * The HTTP limits of a service from its environment: BODY_LIMIT, RATE_LIMIT_BURST,
 * RATE_LIMIT_PER_SECOND, RATE_LIMIT_DISABLED=true, TRUST_PROXY_HOPS. Anything malformed is refused
 * naming the variable (config is validated at boot).
 */
export function httpLimitsFromEnv(env: NodeJS.ProcessEnv, defaults: { bodyLimit?: string } = {}): HttpLimits {
  const parsed = httpEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const bodyLimit = e.BODY_LIMIT ?? defaults.bodyLimit;
  return {
    ...(bodyLimit !== undefined ? { bodyLimit } : {}),
    rateLimit:
      e.RATE_LIMIT_DISABLED === 'true'
        ? false
        : {
            burst: e.RATE_LIMIT_BURST ?? DEFAULT_RATE_LIMIT.burst,
            perSecond: e.RATE_LIMIT_PER_SECOND ?? DEFAULT_RATE_LIMIT.perSecond,
          },
    ...(e.TRUST_PROXY_HOPS !== undefined ? { trustProxy: e.TRUST_PROXY_HOPS } : {}),
  };
}
