// An error answer in the caller's language: its messages translated by rule id (translate.ts), its
// `rule`, `field`, status and kind left exactly as they are.
import { type ErrorBody } from '../error-filter.js';
import { type Violation, violationMessageOf } from '../validation.js';
import { type Language } from './language.js';
import { translateMessage } from './translate.js';

/** The catalogue key of an answer's own message: its rule, or for Nest's rule-less answers the status. */
function keyOf(body: ErrorBody): string | undefined {
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

export function localizeErrorBody(body: ErrorBody, language: Language): ErrorBody {
  const violations = body.violations?.map((v) => localizeViolation(v, language));
  let message: string;
  if (body.violations && violations && body.violations.length > 0 && body.message === listedMessage(body.violations)) {
    message = listedMessage(violations);
  } else {
    const key = keyOf(body);
    const [only] = body.violations?.length === 1 ? body.violations : [];
    message =
      key === undefined
        ? body.message
        : translateMessage(
            { key, english: body.message, ...(only ? { context: { field: only.field } } : {}) },
            language,
          );
  }
  return { ...body, message, ...(violations ? { violations } : {}) };
}
