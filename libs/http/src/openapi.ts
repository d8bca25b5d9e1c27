// The services' OpenAPI documents come from the zod schemas that validate the requests, so the
// document cannot drift from what is checked: request bodies (with an example that is itself checked
// against the schema when the controller loads), query parameters one by one, and the error answers
// every operation can give, in the shape the error filter really writes (`ErrorBody`).
import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { type ErrorBody, errorBodySchema } from './error-filter.js';
import { DEFAULT_LANGUAGE } from './messages/language.js';
import { localizeErrorBody } from './messages/localize.js';
import { DATE_MESSAGE, violationsOf } from './validation.js';

type JsonSchema = Record<string, unknown>;

/**
 * Schemas the document shows stricter than they validate: a rule the domain checks (answering 422
 * with its own rule id) is still shown to the reader as the enum or tree it is. Keyed by the
 * validating schema; the documented one is built from the same constants.
 */
const documentedAs = new WeakMap<object, z.ZodType>();

/** Shows `validating` in OpenAPI documents as `documented` (e.g. the outcome tree as oneOf). */
export function documentAs<S extends z.ZodType>(validating: S, documented: z.ZodType): S {
  documentedAs.set(validating, documented);
  return validating;
}

/**
 * JSON Schema of a zod schema (the input side: what a client sends), for `@ApiBody({ schema })`. With
 * an `example`, the example is parsed by the schema first: one that would be refused stops the
 * service from loading, naming the broken fields.
 */
export function zodOpenApi(schema: z.ZodType, example?: unknown): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    io: 'input',
    override: (ctx) => {
      const documented = documentedAs.get(ctx.zodSchema);
      if (!documented) return;
      const description = ctx.jsonSchema.description;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonSchema)[key];
      Object.assign(ctx.jsonSchema, zodOpenApi(documented), description === undefined ? {} : { description });
    },
  }) as JsonSchema;
  delete json.$schema;
  if (example === undefined) return json;
  checkExample(schema, example);
  return { ...json, example };
}

/** Throws unless `schema` accepts `example` (a documented example that would be refused is a bug). */
export function checkExample(schema: z.ZodType, example: unknown): void {
  const parsed = schema.safeParse(example);
  if (parsed.success) return;
  const problems = violationsOf(parsed.error).map((v) => `${v.field}: ${v.message}`);
  throw new Error(`the documented example is refused by its own schema: ${problems.join('; ')}`);
}

/**
 * `@ApiZodQuery(listQuery)`: each field of a query-string schema as its own documented parameter
 * (`?status=open&page=2`), with its type, enum, default and description; required when the schema
 * has neither a default nor `.optional()` for it. `example` (query-string values, checked by the
 * schema) gives each parameter it names an example: those a request needs, at least.
 */
export function ApiZodQuery(schema: z.ZodType, example?: Readonly<Record<string, string>>): MethodDecorator {
  if (example !== undefined) checkExample(schema, example);
  const json = zodOpenApi(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) => {
      const { description, ...propertySchema } = property;
      const value = example?.[name];
      return ApiQuery({
        name,
        required: required.has(name) && !('default' in propertySchema),
        // In the schema: given a schema, the framework drops a parameter's own `example`.
        schema: value === undefined ? propertySchema : { ...propertySchema, example: value },
        ...(typeof description === 'string' ? { description } : {}),
      });
    }),
  );
}

// ---- error answers ------------------------------------------------------------------------------

export const ERROR_BODY_SCHEMA_NAME = 'ErrorBody';
const errorBodyRef = { $ref: `#/components/schemas/${ERROR_BODY_SCHEMA_NAME}` };

/** What a documented error answer says, with an example in the shape the error filter writes. */
interface ErrorAnswer {
  readonly description: string;
  readonly example: z.input<typeof errorBodySchema>;
}

/** A malformed legal date as request validation answers it (so the example is translated as it would be). */
const badDateViolations = violationsOf(
  z.strictObject({ receiptDate: z.iso.date() }).safeParse({ receiptDate: '2024-02-30' }).error ?? new z.ZodError([]),
);

const OUTCOME_MESSAGE =
  'outcome.category must be one of disclosed, partially-disclosed, withheld, cannot-provide, not-processed, other-processing';

export const ERROR_ANSWERS = {
  400: {
    description:
      'a field of the body, a query or path parameter, or a header breaks its rule: `violations` names each field and rule (dates are YYYY-MM-DD)',
    example: {
      statusCode: 400,
      error: 'Bad Request',
      message: `receiptDate: ${DATE_MESSAGE}`,
      violations: badDateViolations,
    },
  },
  401: {
    description: 'no bearer token, or one refused: `rule` is `auth.token-missing`, or `auth.token-…` naming why',
    example: {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a bearer token is required (Authorization: Bearer <JWT>)',
      rule: 'auth.token-missing',
    },
  },
  403: {
    description: "the token's roles (`rule` auth.role) or agency (`rule` auth.agency) do not allow it",
    example: {
      statusCode: 403,
      error: 'Forbidden',
      message: 'only supervisor may POST /reporting/reports/zhuzhou-city/2009/close',
      rule: 'auth.role',
    },
  },
  404: {
    description: 'nothing under this path (no such case, report or entry): `rule` says what was looked for',
    example: { statusCode: 404, error: 'not-found', message: 'no such case', rule: 'case.not-found' },
  },
  409: {
    description:
      'the case changed since the If-Match version (`rule` if-match.stale-version), or its state does not allow this step (`rule` names the state rule)',
    example: {
      statusCode: 409,
      error: 'Conflict',
      message: 'the case changed since version 1',
      rule: 'if-match.stale-version',
    },
  },
  422: {
    description:
      'well-formed but against a business rule (`rule`, and `violations` naming the field), or an Idempotency-Key reused with another body (`rule` idempotency-key.reused)',
    example: {
      statusCode: 422,
      error: 'invalid',
      message: OUTCOME_MESSAGE,
      rule: 'reply.outcome-outside-tree',
      violations: [{ field: 'outcome.category', rule: 'reply.outcome-outside-tree', message: OUTCOME_MESSAGE }],
    },
  },
  429: {
    description: 'too many requests from this client: retry after the Retry-After seconds (`rule` rate-limit)',
    example: { statusCode: 429, error: 'Too Many Requests', message: 'too many requests', rule: 'rate-limit' },
  },
} as const satisfies Record<number, ErrorAnswer>;

export type DocumentedErrorStatus = keyof typeof ERROR_ANSWERS;

const OPERATION_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** The facts about an operation that decide which errors it can answer with. */
export interface OperationTraits {
  readonly method: string;
  readonly path: string;
  readonly isPublic: boolean;
  readonly hasBody: boolean;
  readonly hasParameters: boolean;
}

/**
 * The error answers an operation can give: 400 when it reads anything from the request, 401/403
 * unless public, 404 when its path names something, 409/422 when it changes something, 429 always
 * (the per-client rate limit runs before every route).
 */
export function errorStatusesOf(op: OperationTraits): DocumentedErrorStatus[] {
  const changes = !['get', 'head'].includes(op.method);
  const statuses: DocumentedErrorStatus[] = [];
  if (op.hasBody || op.hasParameters) statuses.push(400);
  if (!op.isPublic) statuses.push(401, 403);
  if (op.path.includes('{')) statuses.push(404);
  if (changes) statuses.push(409, 422);
  statuses.push(429);
  return statuses;
}

/** What every error answer's description adds: the language of its messages. */
export const MESSAGE_LANGUAGE_NOTE =
  "Messages (`message`, `violations[].message`) follow the request's Accept-Language: Chinese (zh-CN) by default, English when it prefers `en` (q-values honoured); `rule` and `field` never change. The example is the default, zh-CN.";

/** An example answer as a client without Accept-Language gets it: its messages in Chinese. */
const inDefaultLanguage = (example: ErrorBody): ErrorBody => localizeErrorBody(example, DEFAULT_LANGUAGE);

/**
 * Adds to every operation the error answers it can give (`errorStatusesOf`) with the ErrorBody
 * schema and an example, keeping any the controller documented itself.
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_BODY_SCHEMA_NAME] = zodOpenApi(errorBodySchema);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method] as (OperationObject & { 'x-public'?: boolean }) | undefined;
      if (!operation) continue;
      const statuses = errorStatusesOf({
        method,
        path,
        isPublic: operation['x-public'] === true,
        hasBody: operation.requestBody !== undefined,
        hasParameters: (operation.parameters ?? []).length > 0,
      });
      for (const status of statuses) {
        const answer: ErrorAnswer = ERROR_ANSWERS[status];
        operation.responses[status] ??= {
          description: `${answer.description}. ${MESSAGE_LANGUAGE_NOTE}`,
          content: { 'application/json': { schema: errorBodyRef, example: inDefaultLanguage(answer.example) } },
        };
      }
    }
  }
  return document;
}
