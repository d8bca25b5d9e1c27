// The command routes of a kind of case whose routes differ from `caseRoutes` (more than one change,
// another path layout): open a case (201, Location) and change one (200, If-Match), each reading its
// stream once — the caller's agency is checked inside the command (`mayActFor`), not by a load before
// it. With the route decorators `OpenCaseRoute` / `ChangeCaseRoute` and the reads of case-routes.ts
// (`readCase`, `caseHistory`, `eraseCaseTexts`, `listPage`), a hand-written controller only names
// its routes and the commands its bodies make.
import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, type ApiHeaderOptions } from '@nestjs/swagger';
import { type z } from 'zod';
import { principalOf, requireOwnAgency } from '#auth';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import { caseIdParam, parseWith, zodOpenApi, type HttpRequest, type ResponseLike } from '#http';
import { type DomainEvent } from '../decider.js';
import { type StreamViews } from '../read-model/stream-views.js';
import { changeCase, createCase, CreateRoute, type AgencyView } from './case-routes.js';

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

/** `POST <path>` opening a case: `CreateRoute` (201, its Idempotency-Key header and body documented). */
export const OpenCaseRoute = (
  path: string | undefined,
  summary: string,
  body: RouteBody,
  header?: ApiHeaderOptions,
): MethodDecorator =>
  CreateRoute(path ?? '', { summary, body: body.schema, example: body.example, idempotencyKey: header?.description });

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
 * (`command(today)`), through `createCase`: ETag and Location `/<base>/<id>`, and the warnings about
 * its legal dates. `hashed` is what a retry with the same Idempotency-Key must repeat (the body, or
 * the body and its route); `expectedVersion: 0` where an open must not add to a case already there.
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
  let made: TCommand | undefined;
  const view = await createCase(req, res, options.hashed, base, async (ctx, runOptions) => {
    made = command(legalToday(ctx.now));
    const id = await views.idForCreate(agencyId, runOptions.idempotencyKey);
    const expected = options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion };
    return views.run(id, made, ctx, { ...runOptions, ...expected });
  });
  return withDateWarnings(view, made ?? {});
}

/**
 * Changes case `id` (checked to be a case id) with the command made on the legal day, through
 * `changeCase` (If-Match, Idempotency-Key and request hash for route `op`, the caller's agency checked
 * on the command's one load): the new version as ETag, and the warnings about the command's legal dates.
 */
export async function changeCaseToday<TCommand extends object, TView extends AgencyView>(
  views: Pick<CommandViews<TCommand, TView>, 'run'>,
  id: string,
  op: string,
  command: (today: string) => TCommand | Promise<TCommand>,
  req: HttpRequest,
  res: ResponseLike,
): Promise<WithDateWarnings<TView>> {
  const caseId = parseWith(caseIdParam, id, 'id');
  let made: TCommand | undefined;
  const view = await changeCase(req, res, op, async (ctx, options) => {
    made = await command(legalToday(ctx.now));
    return views.run(caseId, made, ctx, options);
  });
  return withDateWarnings(view, made ?? {});
}
