// The command routes of a kind of case whose routes differ from `caseRoutes` (more than one change,
// another path layout): open a case (201, Location) and change one (200, If-Match), each reading its
// stream once — the caller's agency is checked inside the command (`mayActFor`), not by a load before
// it. With the route decorators `OpenCaseRoute` / `ChangeCaseRoute` and the reads of case-routes.ts
// (`readCase`, `caseHistory`, `eraseCaseTexts`, `listPage`), a hand-written controller only names
// its routes and the commands its bodies make.
import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, type ApiHeaderOptions } from '@nestjs/swagger';
import { type z } from 'zod';
import { actingFor, principalOf, requireOwnAgency } from '#auth';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import {
  caseIdParam,
  commandContext,
  idempotencyKey,
  parseWith,
  requestHash,
  setVersionHeaders,
  zodOpenApi,
  type HttpRequest,
  type ResponseLike,
} from '#http';
import { type CommandOptions } from '../command-handler.js';
import { type DomainEvent } from '../decider.js';
import { type StreamViews } from '../read-model/stream-views.js';
import { type AgencyView } from './case-routes.js';

/** The header a create route documents: a retry with the same key answers the first result. */
const IDEMPOTENCY_KEY: ApiHeaderOptions = { name: 'Idempotency-Key', required: false };
/** The header a change route documents: the version the change is based on. */
export const IF_MATCH: ApiHeaderOptions = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) the change is based on',
};

/** A route's body: its zod contract and the example OpenAPI shows (and the e2e suite sends). */
export interface RouteBody {
  readonly schema: z.ZodType;
  readonly example: unknown;
}

/** `POST <path>` opening a case: 201, its Idempotency-Key header and body documented. */
export const OpenCaseRoute = (
  path: string | undefined,
  summary: string,
  body: RouteBody,
  header: ApiHeaderOptions = IDEMPOTENCY_KEY,
): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(201),
    ApiOperation({ summary }),
    ApiHeader(header),
    ApiBody({ schema: zodOpenApi(body.schema, body.example) }),
  );

/**
 * `POST <path>` changing a case: 200, its If-Match header and body documented; `documentId` adds
 * the path's id to the document where the route does not validate it with a pipe.
 */
export const ChangeCaseRoute = (
  path: string,
  summary: string,
  body: RouteBody,
  options: { readonly header?: ApiHeaderOptions; readonly documentId?: boolean } = {},
): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(200),
    ApiOperation({ summary }),
    ...(options.documentId ? [ApiParam({ name: 'id' })] : []),
    ApiHeader(options.header ?? IF_MATCH),
    ApiBody({ schema: zodOpenApi(body.schema, body.example) }),
  );

/** The views a command route runs its command through. */
type CommandViews<TCommand, TView extends AgencyView> = Pick<
  StreamViews<TCommand, DomainEvent, unknown, TView>,
  'idForCreate' | 'run'
>;

/**
 * Opens a case of `agencyId`, which the caller must act for, with the command made on the legal day
 * (`command(today)`): ETag and Location `/<base>/<id>`, and the warnings about its legal dates.
 * `hashed` is what a retry with the same Idempotency-Key must repeat (the body, or the body and its
 * route); `expectedVersion: 0` where an open must not add to a case already there.
 */
export async function openCase<TCommand extends object, TView extends AgencyView>(
  views: CommandViews<TCommand, TView>,
  base: string,
  agencyId: string,
  command: (today: string) => TCommand,
  req: HttpRequest,
  res: ResponseLike,
  options: { readonly hashed: unknown; readonly expectedVersion?: number },
): Promise<WithDateWarnings<TView>> {
  requireOwnAgency(principalOf(req), agencyId);
  const ctx = commandContext(req);
  const full = command(legalToday(ctx.now));
  const key = idempotencyKey(req.header('idempotency-key'));
  const id = await views.idForCreate(agencyId, key);
  const view = await views.run(id, full, ctx, {
    ...(key === undefined ? {} : { idempotencyKey: key }),
    ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
    requestHash: requestHash(options.hashed),
  });
  setVersionHeaders(res, view.version, `/${base}/${view.id}`);
  return withDateWarnings(view, full);
}

/**
 * Runs a change on case `id` (checked to be a case id) with the command made on the legal day; the
 * caller's agency is checked on the one load the command makes. The new version as ETag, and the
 * warnings about the command's legal dates. `options`: #http's `changeOptions(req, op)`.
 */
export async function changeCase<TCommand extends object, TView extends AgencyView>(
  views: Pick<CommandViews<TCommand, TView>, 'run'>,
  id: string,
  command: (today: string) => TCommand | Promise<TCommand>,
  req: HttpRequest,
  res: ResponseLike,
  options: Omit<CommandOptions, 'mayActFor'>,
): Promise<WithDateWarnings<TView>> {
  const caseId = parseWith(caseIdParam, id, 'id');
  const ctx = commandContext(req);
  const full = await command(legalToday(ctx.now));
  const view = await views.run(caseId, full, ctx, { ...options, mayActFor: actingFor(req) });
  setVersionHeaders(res, view.version);
  return withDateWarnings(view, full);
}
