// The embedded platform (all six services in one app) listening on a free loopback port, and the
// OpenAPI document a service serves: for end-to-end tests that walk every documented route.
import assert from 'node:assert/strict';
import { embeddedAuth, type LocalIssuer } from '#auth';
import { createEmbeddedApp, type EmbeddedAppOptions, loopbackUrl } from '../../apps/platform/src/embedded-app.js';

export interface ListeningPlatform {
  readonly baseUrl: string;
  /** Mints tokens the platform accepts. */
  readonly issuer: LocalIssuer;
  close(): Promise<void>;
}

export async function listeningPlatform(options: EmbeddedAppOptions = {}): Promise<ListeningPlatform> {
  const auth = embeddedAuth({});
  const app = await createEmbeddedApp(auth.settings, { logger: ['error'], ...options });
  await app.listen(0, '127.0.0.1');
  return { baseUrl: await loopbackUrl(app), issuer: auth.issuer, close: () => app.close() };
}

/** The OpenAPI document served at `<baseUrl>/docs-json`. */
export async function openApiDocumentOf<T>(baseUrl: string): Promise<T> {
  const res = await fetch(`${baseUrl}/docs-json`);
  assert.equal(res.status, 200, `${baseUrl}/docs-json`);
  return (await res.json()) as T;
}
