// An error answer in the caller's language: its messages translated by rule id (translate.ts), its
// `rule`, `field`, status and kind left exactly as they are.
import { type Violation, violationMessageOf } from '../validation.js';
import { type Language } from './language.js';
import { translateMessage } from './translate.js';

/** What of an error answer (`ErrorBody` of error-filter.ts) carries its messages. */
export interface LocalizableBody {
  readonly statusCode: number;
  readonly message: string;
  readonly rule?: string | undefined;
  readonly violations?: readonly Violation[] | undefined;
}

/** The catalogue key of an answer's own message: its rule, or for Nest's rule-less answers the status. */
function keyOf(body: LocalizableBody): string {
  if (body.rule !== undefined) return body.rule;
  if (body.statusCode === 500) return 'internal-error';
  return `http.${body.statusCode}`;
}

export function localizeViolation(v: Violation, language: Language): Violation {
  const issue = violationMessageOf(v);
  const message = translateMessage(
    {
      key: issue?.key ?? v.rule,
      english: v.message,
      context: { field: v.field },
      ...(issue ? { params: issue.params } : {}),
    },
    language,
  );
  return { field: v.field, rule: v.rule, message };
}

/** How a 400 of request validation words its message: each field and what is wrong with it. */
export const listedMessage = (violations: readonly Violation[]): string =>
  violations.map((v) => `${v.field}: ${v.message}`).join('; ');

/** `body` with its messages in `language`; its status, kind, rule and fields as they are. */
export function localizeErrorBody<B extends LocalizableBody>(body: B, language: Language): B {
  const violations = body.violations?.map((v) => localizeViolation(v, language));
  return { ...body, message: localizedMessage(body, violations, language), ...(violations ? { violations } : {}) };
}

function localizedMessage(
  body: LocalizableBody,
  violations: readonly Violation[] | undefined,
  language: Language,
): string {
  // A 400 of request validation lists its violations: list them again, translated.
  if (body.violations?.length && violations && body.message === listedMessage(body.violations)) {
    return listedMessage(violations);
  }
  const [only] = body.violations?.length === 1 ? body.violations : [];
  return translateMessage(
    { key: keyOf(body), english: body.message, ...(only ? { context: { field: only.field } } : {}) },
    language,
  );
}
