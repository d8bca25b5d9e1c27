// The HTTP headers of the command protocol: Idempotency-Key on creates, If-Match (the version the
// client saw) on changes, X-Correlation-Id carried into the events. The actor is always the caller
// the auth guard left on the request (`anonymous` while authentication is switched off) — never a
// header, which anyone can write.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { type CommandContext, type CommandOptions } from '#event-sourcing';
import { RequestValidationError } from './validation.js';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new RequestValidationError([
      { field: 'Idempotency-Key', rule: 'format', message: 'must be 1–200 characters of A–Z a–z 0–9 . _ : -' },
    ]);
  }
  return header;
}

/** `If-Match: "3"` (or `W/"3"`, or `3`) → 3. Absent → undefined. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new RequestValidationError([
      { field: 'If-Match', rule: 'format', message: 'must be the case version from the ETag, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;

/** A stable hash of a request body: the same key with a different body is refused. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const CORRELATION_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export interface RequestLike {
  header(name: string): string | undefined;
  /** Set by the auth guard (libs/auth): the caller, `authenticated` unless auth is switched off. */
  readonly principal?: { readonly sub: string; readonly authenticated: boolean };
}

/** Who, when and under which correlation a command runs, taken from the request. */
export function commandContext(req: RequestLike, now: Date = new Date()): CommandContext {
  // Only a route outside the guard's reach (a public one) could get here without a caller: a wiring
  // mistake, refused rather than recorded under a made-up name.
  if (!req.principal) throw new Error('no authenticated caller on this request: commands need a guarded route');
  const actor = req.principal.sub;
  const correlation = req.header('x-correlation-id');
  if (correlation !== undefined && !CORRELATION_PATTERN.test(correlation)) {
    throw new RequestValidationError([
      { field: 'X-Correlation-Id', rule: 'format', message: 'must be 1–200 characters of A–Z a–z 0–9 . _ : -' },
    ]);
  }
  return { now, actor, correlationId: correlation ?? uuidv7(), newId: () => uuidv7() };
}

/**
 * What a command changing a case takes from its request: the version the caller saw (If-Match),
 * its Idempotency-Key — so a retry after a lost answer gets the first result, not a 409 — and a
 * hash of what was asked (`op` names the route where bodies of two routes could be alike).
 */
export function changeOptions(req: RequestLike & { body?: unknown }, op: string): CommandOptions {
  const expectedVersion = ifMatchVersion(req.header('if-match'));
  const key = idempotencyKey(req.header('idempotency-key'));
  return {
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
    requestHash: requestHash({ op, body: req.body }),
  };
}
