// The disclosure office's workbench (issue 18.1) is served by the applications service; on the real
// stack it calls this service's annual-report API from that other origin. The browser allows it only
// if this service says so (CORS): for the workbench's one origin, bearer tokens only — no cookies,
// no credentials mode — and for no other origin (deny by default: without a workbench origin, no
// cross-origin answer is allowed at all).
import { type CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

/**
 * The origin the workbench is served from: WORKBENCH_ORIGIN, else the applications service's URL in
 * SERVICE_URLS (where it is served); none in embedded mode (one origin, nothing to allow).
 */
export function workbenchOriginFrom(
  mode: 'real' | 'embedded',
  configured: string | undefined,
  serviceUrls: Readonly<Record<string, string>>,
): string | undefined {
  if (mode === 'embedded') return undefined;
  const url = configured !== undefined && configured !== '' ? configured : serviceUrls['applications'];
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('WORKBENCH_ORIGIN must be an http(s) origin such as https://workbench.example.org');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error('WORKBENCH_ORIGIN must be an http(s) origin such as https://workbench.example.org');
  }
  return parsed.origin;
}

/** What the workbench may send across origins: its bearer token and the API's change headers. */
export function workbenchCors(origin: string): CorsOptions {
  return {
    origin: [origin],
    credentials: false,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Accept-Language'],
    exposedHeaders: ['ETag', 'Location'],
    maxAge: 600,
  };
}
