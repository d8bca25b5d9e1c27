// The routes of a kind of case, made from its declaration (the way Emmett keeps a route to "parse,
// run the command, answer"): what every such controller did by hand — parse the body with the zod
// contract, check the caller acts for the case's agency, pass the Idempotency-Key and the request's
// hash, run the command through the kind's StreamViews, answer with ETag/Location — lives here once.
//
// Each route keeps the path, status, roles and OpenAPI text its hand-written controller had; the
// class is named as that controller was, so the OpenAPI operation ids stay as they were. A kind whose
// routes differ keeps its own controller and uses the pieces: `createCase`, `changeCase`, the declared
// commands on a case (`@ChangeRoutes` with a `changeRoute` each, run by the kind's use case),
// `readCase`, `caseHistory`, `eraseCaseTexts`, `listPage`, and the route decorators `CaseReadRoute` /
// `EraseTextsRoute`.
import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type EventEnvelope } from '#contracts';
import {
  actingFor,
  agencyQuery,
  agencyWhere,
  principalOf,
  requireOwnAgency,
  requireReadable,
  Roles,
  type Role,
} from '#auth';
import { legalToday, withDateWarnings } from '#contracts/legal-time';
import {
  agencyOfHistory,
  ApiZodQuery,
  caseIdParam,
  CaseIdPipe,
  changeOptions,
  commandContext,
  idempotencyKey,
  pagingQuery,
  parseWith,
  requestHash,
  setVersionHeaders,
  toSkip,
  zodOpenApi,
  ZodValidationPipe,
  type HttpRequest,
  type Page,
  type ResponseLike,
} from '#http';
import { type CommandContext, type CommandOptions } from '../command-handler.js';
import { type DomainEvent } from '../decider.js';
import { type SortOrder, type Where } from '../read-model/document-collection.js';
import { type StreamViews, type View } from '../read-model/stream-views.js';

/** A case view a list filters by agency. */
export type AgencyView = View & { readonly agencyId: string };

/** The extra filters of a list (beyond agency and paging): their query fields and the `where` they make. */
export interface ListFilter<TShape extends z.ZodRawShape> {
  readonly query: TShape;
  readonly where: (q: z.output<z.ZodObject<TShape>>) => Where;
}

/** What a kind of case recorded by one create command declares about its routes. */
export interface CaseRoutesDeclaration<
  TBody extends { readonly agencyId: string },
  TCommand extends object,
  TFilter extends z.ZodRawShape,
> {
  /** The controller's class name (OpenAPI operation ids are `<name>_<method>`). */
  readonly name: string;
  /** The route prefix, e.g. `enforcement/demolitions`. */
  readonly path: string;
  readonly tag: string;
  /** The injection token of the kind's StreamViews (`streamViewsProvider`). */
  readonly views: symbol;
  readonly create: {
    /** The handler's name (`complete`, `determine`): the operation id's second half. */
    readonly method: string;
    readonly summary: string;
    readonly body: z.ZodType<TBody>;
    readonly example: z.input<z.ZodType<TBody>>;
    /** The command the body makes, on the legal day `today`. */
    readonly command: (body: TBody, today: string) => TCommand;
    /** How the OpenAPI document words the Idempotency-Key header and the 201 answer. */
    readonly docs?: { readonly idempotencyKey?: string; readonly created?: string };
  };
  /** The commands on a case of this kind (`changeRoute` declares each), with their headers' wording. */
  readonly changes?: CaseChanges<TCommand>;
  /** The summary of `GET :id`, when the document gives it one. */
  readonly get?: { readonly summary: string };
  readonly list: { readonly summary: string; readonly sort: Readonly<Record<string, SortOrder>> } & ListFilter<TFilter>;
  /** The supervisor's route erasing the case's free text (ADR 0008), when it keeps any. */
  readonly eraseTexts?: { readonly summary: string };
}

/**
 * A command on an existing case as a route: `POST <path>` answering 200 with the case after it.
 * `changeRoute({ … })` declares one with its body's type inferred from `body`.
 */
export interface ChangeRoute<TBody, TCommand> {
  /** The handler's name: the operation id's second half. */
  readonly method: string;
  /** Below the controller's path, with the case id as `:id`, e.g. `:id/answer`. */
  readonly path: string;
  /** Names the route in the request hash kept with an idempotent command (two routes' bodies may be alike). */
  readonly op: string;
  readonly summary: string;
  readonly roles?: readonly Role[];
  readonly body: z.ZodType<TBody>;
  readonly example: unknown;
  /** The command the body makes, on the legal day `today`. (A method: a route of any body fits a list.) */
  command(body: TBody, today: string): TCommand;
}

export const changeRoute = <TBody, TCommand>(route: ChangeRoute<TBody, TCommand>): ChangeRoute<TBody, TCommand> =>
  route;

/** The commands of a kind on its cases, and how the OpenAPI document words their headers. */
export interface CaseChanges<TCommand> {
  readonly routes: readonly ChangeRoute<unknown, TCommand>[];
  /** The If-Match header's description. */
  readonly ifMatch: string;
  /** The Idempotency-Key header's description; undefined: the header is not documented. */
  readonly idempotencyKey?: string;
  /** The check of the path's id (default a case id, `caseIdParam`). */
  readonly id?: z.ZodType<string>;
}

/**
 * Runs a command on a case: `run(id, command, ctx, options)` (the kind's StreamViews' `run`, or a
 * service's use case) with its If-Match, Idempotency-Key and request hash, and the caller's agency
 * checked on the command's own load of the case (`mayActFor`).
 */
export type RunChange<TCommand> = (
  id: string,
  command: TCommand,
  ctx: CommandContext,
  options: CommandOptions,
) => Promise<View>;

/** The agency, date and paging query of a list, with the kind's own filters. */
export const listQueryOf = <TShape extends z.ZodRawShape>(extra: TShape) =>
  z.strictObject({ ...agencyQuery, ...extra, ...pagingQuery });

/** The agency scope and paging every list has. */
interface ListQuery {
  readonly agencyId?: string;
  readonly withSubordinates?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/** One page of a kind's list: the caller's agency scope, the kind's filters, paged. */
export async function listPage<TView extends AgencyView, TShape extends z.ZodRawShape>(
  views: Pick<StreamViews<never, DomainEvent, unknown, TView>, 'list'>,
  req: HttpRequest,
  query: unknown,
  filter: ListFilter<TShape>,
  sort: Readonly<Record<string, SortOrder>>,
): Promise<Page<TView>> {
  // The shared fields typed by hand: zod cannot infer them through the kind's generic shape.
  const q = parseWith(listQueryOf(filter.query), query) as unknown as ListQuery & z.output<z.ZodObject<TShape>>;
  const { skip, limit } = toSkip(q);
  const found = await views.list({ ...agencyWhere(req, q), ...filter.where(q) }, sort, skip, limit);
  return { items: found.items, total: found.total, page: q.page, pageSize: q.pageSize };
}

/** What the OpenAPI document says of a create route. */
export interface CreateRouteDocs {
  readonly summary: string;
  readonly description?: string;
  readonly roles?: readonly Role[];
  readonly body: z.ZodType;
  readonly example: unknown;
  /** The Idempotency-Key header's description. */
  readonly idempotencyKey?: string | undefined;
  /** The 201 answer's description, when the document gives one. */
  readonly created?: string | undefined;
}

/** `POST <path>` answering 201: a create, with its Idempotency-Key header and its body's example. */
export const CreateRoute = (path: string, docs: CreateRouteDocs): MethodDecorator =>
  applyDecorators(
    Post(path),
    HttpCode(201),
    ...(docs.roles ? [Roles(...docs.roles)] : []),
    ApiOperation({
      summary: docs.summary,
      ...(docs.description === undefined ? {} : { description: docs.description }),
    }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: docs.idempotencyKey }),
    ApiBody({ schema: zodOpenApi(docs.body, docs.example) }),
    ...(docs.created === undefined ? [] : [ApiResponse({ status: 201, description: docs.created })]),
  );

/** `GET <base>/:id` (and `…/history`) with its summary: the path's id documented. */
export const CaseReadRoute = (path: string, summary: string): MethodDecorator =>
  applyDecorators(Get(path), ApiOperation({ summary }), ApiParam({ name: 'id' }));

/** `DELETE <base>/:id/texts`, supervisors only, with its summary (ADR 0008). */
export const EraseTextsRoute = (path: string, summary: string): MethodDecorator =>
  applyDecorators(Delete(path), HttpCode(200), Roles('supervisor'), ApiOperation({ summary }));

/**
 * A case's view, if the caller may read its agency; its version as ETag. `id` is checked with
 * `idSchema` (a case id unless the kind's routes named theirs otherwise).
 */
export async function readCase<TView extends AgencyView>(
  views: Pick<StreamViews<never, DomainEvent, unknown, TView>, 'get'>,
  id: string,
  req: HttpRequest,
  res: ResponseLike,
  idSchema: z.ZodType<string> = caseIdParam,
): Promise<TView> {
  const view = await views.get(parseWith(idSchema, id, 'id'));
  requireReadable(principalOf(req), view.agencyId);
  setVersionHeaders(res, view.version);
  return view;
}

/** A case's events, oldest first, if the caller may read the agency that owns it. */
export async function caseHistory(
  views: Pick<StreamViews<never, DomainEvent, unknown, AgencyView>, 'history'>,
  id: string,
  req: HttpRequest,
  idSchema: z.ZodType<string> = caseIdParam,
): Promise<EventEnvelope[]> {
  const events = await views.history(parseWith(idSchema, id, 'id'));
  requireReadable(principalOf(req), agencyOfHistory(id, events));
  return events;
}

/** Erases the free text of a case the caller acts for; the case and its figures stay (ADR 0008). */
export function eraseCaseTexts<TView extends AgencyView>(
  views: Pick<StreamViews<never, DomainEvent, unknown, TView>, 'eraseTexts'>,
  id: string,
  req: HttpRequest,
): Promise<TView> {
  return views.eraseTexts(parseWith(caseIdParam, id, 'id'), commandContext(req), actingFor(req));
}

/**
 * A create from its request: its Idempotency-Key and the hash of `hashed` (the body, or what of it
 * may be kept with the commit); answers the new case with its version as ETag and `/<path>/<id>` as
 * Location. The caller checks the agency first.
 */
export async function createCase<TView extends View>(
  req: HttpRequest,
  res: ResponseLike,
  hashed: unknown,
  path: string,
  run: (ctx: CommandContext, options: CommandOptions) => Promise<TView>,
): Promise<TView> {
  const ctx = commandContext(req);
  const key = idempotencyKey(req.header('idempotency-key'));
  const view = await run(ctx, {
    ...(key === undefined ? {} : { idempotencyKey: key }),
    requestHash: requestHash(hashed),
  });
  setVersionHeaders(res, view.version, `/${path}/${view.id}`);
  return view;
}

/**
 * A command on a case the caller acts for, from its request: If-Match, Idempotency-Key and the hash
 * of the request (`op` names the route); answers the case after it with its version as ETag.
 */
export async function changeCase<TView extends View>(
  req: HttpRequest,
  res: ResponseLike,
  op: string,
  run: (ctx: CommandContext, options: CommandOptions) => Promise<TView>,
): Promise<TView> {
  const view = await run(commandContext(req), { ...changeOptions(req, op), mayActFor: actingFor(req) });
  setVersionHeaders(res, view.version);
  return view;
}

/** A handler parameter as the compiler would have described it: its decorator and its type. */
type Parameter = readonly [ParameterDecorator, StringConstructor | ObjectConstructor];
const caseIdParameter: Parameter = [Param('id', CaseIdPipe), String];
const requestParameter: Parameter = [Req(), Object];
const responseParameter: Parameter = [Res({ passthrough: true }), Object];

/**
 * Puts `handler` on the controller's prototype as `method`, decorated as a hand-written handler is
 * (the decorators listed top to bottom, as they would stand above it; the parameters' types `String`
 * for a path id, what Swagger documents it as, `Object` for a body, the request and the response).
 */
function defineRoute(
  proto: object,
  method: string,
  handler: (...args: never[]) => Promise<unknown>,
  decorators: readonly MethodDecorator[],
  params: readonly Parameter[],
): void {
  // Named as the method: Swagger reads a handler's parameters and operation id under its name.
  Object.defineProperty(handler, 'name', { value: method });
  Object.defineProperty(proto, method, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(proto, method) as PropertyDescriptor;
  Reflect.defineMetadata(
    'design:paramtypes',
    params.map(([, type]) => type),
    proto,
    method,
  );
  params.forEach(([param], index) => param(proto, method, index));
  for (const decorator of [...decorators].reverse()) decorator(proto, method, descriptor);
  Object.defineProperty(proto, method, descriptor);
}

/**
 * Class decorator: the declared commands as routes of a hand-written controller, each run by
 * `run(controller)` — e.g. a service's use case adding what the kind needs around its StreamViews.
 * (Declared after the class's own handlers, so they come after them in the API document.)
 */
export function ChangeRoutes<TController, TCommand>(
  changes: CaseChanges<TCommand>,
  run: (controller: TController) => RunChange<TCommand>,
): (controller: Type<TController>) => void {
  return (controller) => {
    for (const change of changes.routes) addChangeRoute(controller.prototype as object, change, changes, run);
  };
}

function addChangeRoute<TController, TCommand>(
  proto: object,
  change: ChangeRoute<unknown, TCommand>,
  changes: CaseChanges<TCommand>,
  run: (controller: TController) => RunChange<TCommand>,
): void {
  const idSchema = changes.id ?? caseIdParam;
  async function handler(this: TController, rawId: string, req: HttpRequest, res: ResponseLike): Promise<View> {
    const id = parseWith(idSchema, rawId, 'id');
    const body = parseWith(change.body, req.body);
    return changeCase(req, res, change.op, (ctx, options) =>
      run(this)(id, change.command(body, legalToday(ctx.now)), ctx, options),
    );
  }
  defineRoute(
    proto,
    change.method,
    handler,
    [
      Post(change.path),
      HttpCode(200),
      ...(change.roles ? [Roles(...change.roles)] : []),
      ApiOperation({ summary: change.summary }),
      ApiHeader({ name: 'If-Match', required: false, description: changes.ifMatch }),
      ...(changes.idempotencyKey === undefined
        ? []
        : [ApiHeader({ name: 'Idempotency-Key', required: false, description: changes.idempotencyKey })]),
      ApiBody({ schema: zodOpenApi(change.body, change.example) }),
    ],
    [[Param('id'), String], requestParameter, responseParameter],
  );
}

/** The controller of a kind of case: create (201, Location), its commands, read, list, and erase its texts. */
export function caseRoutes<
  TBody extends { readonly agencyId: string },
  TCommand extends object,
  TEvent extends DomainEvent,
  TState,
  TView extends AgencyView,
  TFilter extends z.ZodRawShape,
>(declaration: CaseRoutesDeclaration<TBody, TCommand, TFilter>): Type {
  const { create, list, eraseTexts } = declaration;
  const listQuery = listQueryOf(list.query);
  type Views = StreamViews<TCommand, TEvent, TState, TView>;

  @ApiTags(declaration.tag)
  @Controller(declaration.path)
  class CaseRoutes {
    constructor(@Inject(declaration.views) readonly views: Views) {}

    /** A declared command on a case, answered with its date warnings. */
    async runChange(id: string, command: TCommand, ctx: CommandContext, options: CommandOptions): Promise<View> {
      return withDateWarnings(await this.views.run(id, command, ctx, options), command);
    }
  }

  const handlers: Record<string, (this: CaseRoutes, ...args: never[]) => Promise<unknown>> = {
    async [create.method](this: CaseRoutes, body: TBody, req: HttpRequest, res: ResponseLike) {
      requireOwnAgency(principalOf(req), body.agencyId);
      return createCase(req, res, body, declaration.path, async (ctx, options) => {
        const command = create.command(body, legalToday(ctx.now));
        const id = await this.views.idForCreate(body.agencyId, options.idempotencyKey);
        return withDateWarnings(await this.views.run(id, command as unknown as TCommand, ctx, options), command);
      });
    },
    async eraseTexts(this: CaseRoutes, id: string, req: HttpRequest) {
      return eraseCaseTexts(this.views, id, req);
    },
    async get(this: CaseRoutes, id: string, req: HttpRequest, res: ResponseLike) {
      return readCase(this.views, id, req, res);
    },
    async list(this: CaseRoutes, query: unknown, req: HttpRequest) {
      return listPage(this.views, req, query, list, list.sort);
    },
  };

  // Each handler on the prototype in the order the hand-written controller had, decorated as it was.
  const proto = CaseRoutes.prototype as object;
  const route = (method: string, decorators: MethodDecorator[], params: Parameter[]): void =>
    defineRoute(proto, method, handlers[method] as (...args: never[]) => Promise<unknown>, decorators, params);
  route(
    create.method,
    [
      CreateRoute('', {
        summary: create.summary,
        body: create.body,
        example: create.example,
        idempotencyKey: create.docs?.idempotencyKey,
        created: create.docs?.created,
      }),
    ],
    [[Body(new ZodValidationPipe(create.body)), Object], requestParameter, responseParameter],
  );
  for (const change of declaration.changes?.routes ?? []) {
    addChangeRoute(proto, change, declaration.changes as CaseChanges<TCommand>, (controller: CaseRoutes) =>
      controller.runChange.bind(controller),
    );
  }
  if (eraseTexts) {
    route(
      'eraseTexts',
      [Delete(':id/texts'), HttpCode(200), Roles('supervisor'), ApiOperation({ summary: eraseTexts.summary })],
      [caseIdParameter, requestParameter],
    );
  }
  route(
    'get',
    [Get(':id'), ...(declaration.get ? [ApiOperation({ summary: declaration.get.summary })] : [])],
    [caseIdParameter, requestParameter, responseParameter],
  );
  route(
    'list',
    [Get(), ApiOperation({ summary: list.summary }), ApiZodQuery(listQuery)],
    [[Query(), Object], requestParameter],
  );
  Object.defineProperty(CaseRoutes, 'name', { value: declaration.name });
  return CaseRoutes;
}
