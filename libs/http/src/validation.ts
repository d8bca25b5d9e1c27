// Request validation with zod: a 400 that names every bad field and the rule it breaks.
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

export interface Violation {
  /** Dotted path of the field, e.g. `applicant.type`, or the header name. */
  readonly field: string;
  /** Machine-readable rule, e.g. `invalid_type`, `too_big`, `unrecognized_keys`. */
  readonly rule: string;
  readonly message: string;
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly violations: readonly Violation[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: violations.map((v) => `${v.field}: ${v.message}`).join('; '),
      violations,
    });
  }
}

export function violationsOf(error: z.ZodError, prefix = ''): Violation[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // Unknown fields are named one by one, so the client sees which ones to drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [path, key].filter(Boolean).join('.'),
        rule: 'unrecognized_keys',
        message: 'unknown field',
      }));
    }
    return [{ field: path || '(body)', rule: issue.code, message: issue.message }];
  });
}

/** Parses `value` with `schema` or throws a 400 naming each violation. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestValidationError(violationsOf(result.error, prefix));
  return result.data;
}

/** `@Body(new ZodValidationPipe(schema))`, `@Query(new ZodValidationPipe(schema))`. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly prefix = '',
  ) {}

  transform(value: unknown): z.output<S> {
    return parseWith(this.schema, value, this.prefix);
  }
}

/** JSON Schema of a zod schema, for `@ApiBody({ schema })` / `@ApiQuery` in the OpenAPI document. */
export function zodOpenApi(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

const caseIdSchema = z.uuid({ message: 'must be a case id (UUID)' });

/** `@Param('id', CaseIdPipe)`: a case id is a UUID; anything else is a 400 naming `id`. */
export class CaseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return parseWith(caseIdSchema, value, 'id');
  }
}
