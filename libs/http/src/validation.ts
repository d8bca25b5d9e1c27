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
      return issue.keys.map((key) =>
        described(
          { field: [path, key].filter(Boolean).join('.'), rule: 'unrecognized_keys', message: 'unknown field' },
          { key: 'unrecognized_keys', params: {} },
        ),
      );
    }
    return [described({ field: path || '(body)', rule: issue.code, message: messageOf(issue) }, messageKeyOf(issue))];
  });
}

/**
 * What a violation's message is made of — its key in the message catalogue and the issue's
 * parameters — so the answer can be given in the caller's language (error-filter.ts). Kept beside
 * the violation, not in it: the answer's shape stays `{ field, rule, message }`.
 */
export interface ViolationMessage {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
}

const violationMessages = new WeakMap<Violation, ViolationMessage>();

function described(violation: Violation, message: ViolationMessage): Violation {
  violationMessages.set(violation, message);
  return violation;
}

/** The catalogue key and parameters of a violation made from a validation issue; undefined for others. */
export const violationMessageOf = (v: Violation): ViolationMessage | undefined => violationMessages.get(v);

const list = (values: readonly unknown[]): string => values.map((v) => String(v)).join(', ');

/**
 * The catalogue key of an issue: its code, with what kind of value it is about where the words
 * differ (`too_big.string` counts characters, `too_big.array` items), and its parameters.
 */
export function messageKeyOf(issue: z.core.$ZodIssue): ViolationMessage {
  switch (issue.code) {
    case 'invalid_type':
      // zod names a missing field by the value it received: undefined.
      return /received undefined$/.test(issue.message)
        ? { key: 'invalid_type.required', params: {} }
        : { key: 'invalid_type', params: { expected: issue.expected } };
    case 'too_big':
    case 'too_small': {
      const limit: Record<string, number> =
        issue.code === 'too_big' ? { maximum: Number(issue.maximum) } : { minimum: Number(issue.minimum) };
      const kind = ['string', 'array', 'number'].includes(issue.origin) ? `.${issue.origin}` : '';
      const exclusive = issue.origin === 'number' && issue.inclusive === false ? '.exclusive' : '';
      const empty =
        issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 ? '.empty' : '';
      return { key: `${issue.code}${kind}${exclusive}${empty}`, params: limit };
    }
    case 'invalid_value':
      return {
        key: issue.values.length === 1 ? 'invalid_value.one' : 'invalid_value',
        params: { values: list(issue.values) },
      };
    case 'invalid_format':
      return ['date', 'datetime', 'uuid', 'regex'].includes(issue.format)
        ? { key: `invalid_format.${issue.format}`, params: issue.pattern ? { pattern: issue.pattern } : {} }
        : { key: 'invalid_format', params: { format: issue.format } };
    case 'not_multiple_of':
      return { key: issue.code, params: { divisor: Number(issue.divisor) } };
    case 'unrecognized_keys':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return { key: issue.code, params: {} };
    default: {
      const never: never = issue;
      return { key: (never as { code: string }).code, params: {} };
    }
  }
}

/** What a malformed legal date is told. */
export const DATE_MESSAGE = 'must be a date YYYY-MM-DD (a day of the calendar, e.g. 2024-03-04)';

/**
 * Zod's message, except where it does not say what to write: a legal date is `YYYY-MM-DD` (zod says
 * "Invalid ISO date"), a timestamp carries its offset. (In the caller's language: catalogue.ts.)
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
