// What every service's controllers share: paging of lists, the ETag of a case version, legal dates
// (a range of them is `dateRange` of `#contracts/legal-time`), ids in paths, and the slice of an
// Express request they read.
import { type IncomingMessage } from 'node:http';
import { z } from 'zod';
import { etagOf } from './headers.js';

export const pagingQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const toSkip = (q: { page: number; pageSize: number }): { skip: number; limit: number } => ({
  skip: (q.page - 1) * q.pageSize,
  limit: q.pageSize,
});

export interface ResponseLike {
  setHeader(name: string, value: string): unknown;
  status(code: number): unknown;
}

export function setVersionHeaders(res: ResponseLike, version: number, location?: string): void {
  res.setHeader('ETag', etagOf(version));
  if (location !== undefined) res.setHeader('Location', location);
}

export const legalDate = z.iso.date();

/** `true`/`false` in a query string. */
export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** What the controllers use of an Express request (the service does not depend on Express types). */
export interface HttpRequest extends IncomingMessage {
  header(name: string): string | undefined;
  body?: unknown;
}

/** A case id in a path. */
export const caseIdParam = z.uuid({ message: 'must be a case id (UUID)' });

/**
 * The agency that owns a case, read from its history (its first event): what a history route checks
 * the caller may read. A history is never empty — the services answer 404 for a case with no events.
 */
export function agencyOfHistory(id: string, events: readonly { readonly agencyId: string }[]): string {
  const [first] = events;
  if (!first) throw new Error(`the history of ${id} has no events: the service should have answered 404`);
  return first.agencyId;
}
