// Personal data never reaches a log line (DESIGN §4, issue 8). Two nets: fields known to hold
// personal data or secrets are replaced whatever their value, and free text (messages, stack traces,
// other strings) has what looks like an e-mail address, a resident ID number or a phone number masked.
// The second net is for data that slips into an error message; the first is the one to rely on.

export const REDACTED = '[redacted]';

/**
 * Fields whose value is personal data: an applicant's name, contact person, ID number (身份证号 or
 * 统一社会信用代码), phone, e-mail and address — the `personalData` of the applications service — and
 * the usual spellings of the same. Matched case-insensitively, ignoring `_`, `-` and spaces.
 */
export const PERSONAL_DATA_FIELDS: readonly string[] = [
  'name',
  'fullName',
  'firstName',
  'lastName',
  'applicantName',
  'contactName',
  'contactPerson',
  'legalRepresentative',
  'personalData',
  'idNumber',
  'idCard',
  'idCardNumber',
  'identityNumber',
  'nationalId',
  'passportNumber',
  'creditCode',
  'phone',
  'phoneNumber',
  'mobile',
  'mobileNumber',
  'telephone',
  'tel',
  'fax',
  'email',
  'emailAddress',
  'address',
  'postalAddress',
  'homeAddress',
  'birthDate',
  'dateOfBirth',
];

/**
 * Free text typed by the public or by clerks — personal data by default (DESIGN §4), so a name or
 * an address typed into it is caught even though no pattern can recognise one: what a request asks
 * for, titles, reasons, document and case numbers, references, and the case texts that hold them.
 */
export const FREE_TEXT_FIELDS: readonly string[] = [
  'informationRequested',
  'title',
  'reason',
  'extensionReason',
  'retractionReason',
  'repealReason',
  'documentNumber',
  'caseNumber',
  'decisionNumber',
  'decisionNumbers',
  'reference',
  'description',
  'note',
  'notes',
  'text',
  'texts',
];

/** Secrets: never logged either. */
export const SECRET_FIELDS: readonly string[] = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'setCookie',
  'apiKey',
];

const normalize = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const SENSITIVE = new Set([...PERSONAL_DATA_FIELDS, ...FREE_TEXT_FIELDS, ...SECRET_FIELDS].map(normalize));

export function isSensitiveField(key: string): boolean {
  return SENSITIVE.has(normalize(key));
}

// Bounded by characters that cannot be part of the same token (letters, digits, and the `-` that joins
// the groups of a UUID), so ids, offsets and timestamps are left alone.
const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
  // 18-character resident ID number (last character may be X).
  [/(?<![0-9A-Za-z-])\d{17}[\dXx](?![0-9A-Za-z-])/g, '[id-number]'],
  // Mainland mobile numbers, with or without +86.
  [/(?<![0-9A-Za-z+-])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z-])/g, '[phone]'],
  // Landlines with an area code: 0571-88888888, (0571) 8888 8888.
  [/(?<![0-9A-Za-z-])\(?0\d{2,3}\)?[- ]\d{3,4}[- ]?\d{4}(?![0-9A-Za-z-])/g, '[phone]'],
];

/** Masks what looks like an e-mail address, a resident ID number or a phone number in free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 8;

/**
 * A copy of `value` fit for a log line: sensitive fields replaced by `[redacted]`, strings passed
 * through `redactText`, errors as `{ type, message, stack }`, dates as ISO strings, cycles and
 * anything deeper than 8 levels cut off. The input is not changed.
 */
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return undefined;
    case 'object':
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof Error) return errorFields(obj, depth, seen);
  if (obj instanceof Uint8Array) return `[binary ${obj.byteLength} bytes]`;
  if (seen.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((item) => redactValue(item, depth + 1, seen));
    if (obj instanceof Map)
      return redactEntries(
        [...obj.entries()].map(([k, v]) => [String(k), v]),
        depth,
        seen,
      );
    if (obj instanceof Set) return [...obj].map((item) => redactValue(item, depth + 1, seen));
    return redactEntries(Object.entries(obj), depth, seen);
  } finally {
    seen.delete(obj);
  }
}

function redactEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    if (v === undefined || typeof v === 'function') continue;
    out[key] = isSensitiveField(key) ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
}

export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: unknown;
}

function errorFields(error: Error, depth: number, seen: WeakSet<object>): LoggedError {
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: redactText(error.message),
    ...(error.stack ? { stack: redactText(error.stack) } : {}),
    ...(cause !== undefined && depth < MAX_DEPTH ? { cause: redactValue(cause, depth + 1, seen) } : {}),
  };
}

/** An error as a log line carries it. */
export function loggedError(error: Error): LoggedError {
  return errorFields(error, 0, new WeakSet());
}
