// Request validation with zod: a 400 that names every bad field and the rule it breaks.
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

export const violationSchema = z.object({
  field: z.string().describe('dotted path of the field, e.g. `applicant.type`, or the header name'),
  rule: z.string().describe('machine-readable rule, e.g. `invalid_type`, `too_big`, `unrecognized_keys`'),
  message: z.string(),
});
export type Violation = Readonly<z.infer<typeof violationSchema>>;

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
    return [{ field: path || '(body)', rule: issue.code, message: messageOf(issue) }];
  });
}

/** What a malformed legal date is told. */
export const DATE_MESSAGE = 'must be a date YYYY-MM-DD (a day of the calendar, e.g. 2024-03-04)';

/**
 * Zod's message, except where it does not say what to write: a legal date is `YYYY-MM-DD` (zod says
 * "Invalid ISO date"), a timestamp carries its offset.
 */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_format') return issue.message;
  if (issue.format === 'date') return DATE_MESSAGE;
  if (issue.format === 'datetime') return 'must be a date and time with its offset, e.g. 2024-03-04T09:30:00+08:00';
  return issue.message;
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

const caseIdSchema = z.uuid({ message: 'must be a case id (UUID)' });

/** `@Param('id', CaseIdPipe)`: a case id is a UUID; anything else is a 400 naming `id`. */
export class CaseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return parseWith(caseIdSchema, value, 'id');
  }
}
