// The embedded platform as an HTTP app: the seven service modules in one Nest app, configured as each
// service is when it runs alone (exact routing, body and rate limits, error filter, API documents).
// `npm start` serves it; end-to-end tests that want the whole product in one process start the same app.
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { LocalIssuer, type AuthSettings } from '#auth';
import { SERVICES, agencies, asyncApiDocument } from '#contracts';
import { configureServiceApp, DEFAULT_RATE_LIMIT, strictExpressAdapter } from '#http';
import { PlatformModule } from './platform.module.js';

export interface EmbeddedAppOptions {
  readonly logger?: LogLevel[];
  /** false: no per-client rate limit (a test sending hundreds of probes from one client). */
  readonly rateLimit?: false;
  /** The agency whose clerk and supervisor the workbench's development sign-in offers (default: the registry's top). */
  readonly devSignInAgencyId?: string;
}

/** The title and header of the embedded platform's OpenAPI document (/docs, /docs-json). */
export const EMBEDDED_API_DOCUMENT = {
  title: 'Land bureau platform (embedded)',
  // Markdown (Swagger UI renders it): the paths are code, so nothing in them reads as an HTML tag.
  description: `All seven services in one process; each service's routes are under its name: ${SERVICES.map((s) => `\`/${s}/…\``).join(', ')}.`,
} as const;

export async function createEmbeddedApp(
  auth: AuthSettings,
  options: EmbeddedAppOptions = {},
): Promise<NestExpressApplication> {
  // The workbench's development sign-in mints with this process's own secret (none when auth is off).
  const devSignIn =
    auth.mode === 'jwt'
      ? { issuer: new LocalIssuer(auth), agencyId: options.devSignInAgencyId ?? agencies().top() }
      : undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    PlatformModule.register({ mode: 'embedded' }, auth, devSignIn),
    strictExpressAdapter(),
    { bodyParser: false, logger: options.logger ?? ['error', 'warn'] },
  );
  configureServiceApp(app, {
    ...EMBEDDED_API_DOCUMENT,
    // The whole platform's topics: in one process, one document holds them all.
    asyncApi: asyncApiDocument(),
    bodyLimit: '20mb',
    // Six services share this process and so one per-client bucket; run apart, each would have its own.
    rateLimit:
      options.rateLimit === false
        ? false
        : {
            burst: DEFAULT_RATE_LIMIT.burst * SERVICES.length,
            perSecond: DEFAULT_RATE_LIMIT.perSecond * SERVICES.length,
          },
  });
  return app;
}

/** Where an app listening on 127.0.0.1 answers (Nest may name the loopback `[::1]`). */
export async function loopbackUrl(app: NestExpressApplication): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
