// Sends the examples of an OpenAPI document to the services that published it (issue 18 item 2):
// every operation, in the order a newcomer would follow (create before act, ids from the create
// answers), with a token of a role the operation names, its documented body and query examples —
// and expects one of the operation's documented success statuses. The plan names the order and
// where ids come from; the bodies, query values and statuses come from the document alone.
import { type Role } from '#auth';
import { errorBodySchema } from '#http';

export interface DocumentedParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly example?: unknown;
  readonly schema?: { readonly enum?: readonly unknown[]; readonly example?: unknown };
}
export interface DocumentedOperation {
  readonly 'x-roles'?: readonly Role[];
  readonly 'x-public'?: boolean;
  readonly parameters?: readonly DocumentedParameter[];
  readonly requestBody?: {
    readonly content?: Readonly<Record<string, { readonly schema?: { readonly example?: unknown } }>>;
  };
  readonly responses: Readonly<Record<string, unknown>>;
}
export interface ExampleDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, DocumentedOperation>>>>;
}

export interface Step {
  /** The operation as `METHOD /path/{template}`, exactly as the document writes the path. */
  readonly op: string;
  /** Remembers the answer's JSON under this name (its `id` fills later steps' `{id}`). */
  readonly saveAs?: string;
  /** Path parameters from remembered answers: `{ id: 'request' }` or `{ ref: 'request.applicantRef' }`. */
  readonly ids?: Readonly<Record<string, string>>;
  /** Path parameters the test environment names differently from the document (prefixed topics). */
  readonly params?: Readonly<Record<string, string>>;
  /** The role of the token; default the first the operation names. */
  readonly role?: Role;
  /**
   * What another service learns from a topic (an act appeals has seen): asked again for up to 30 s
   * until the documented status comes.
   */
  readonly eventually?: boolean;
  /**
   * A documented error status this step must get instead, and why: its answer must be an ErrorBody
   * naming `rule` (at the top or in a violation).
   */
  readonly expectError?: { readonly status: number; readonly rule: string; readonly why: string };
  /** Sent instead of the documented example (a variant of it). */
  readonly body?: { readonly type: string; readonly example: unknown };
}

export interface StepResult {
  readonly op: string;
  readonly url: string;
  readonly status: number;
  readonly expected: readonly number[];
  /** The status is one expected, and an expected error names its rule. */
  readonly ok: boolean;
  readonly body: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of a document as `METHOD /path`. */
export function operationKeys(document: ExampleDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

export function operationOf(document: ExampleDocument, key: string): DocumentedOperation {
  const [method = '', path = ''] = key.split(' ');
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${key} is not in the document`);
  return operation;
}

/** The documented success statuses of an operation (2xx). */
export const successStatuses = (operation: DocumentedOperation): number[] =>
  Object.keys(operation.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);

/** The documented example of the request body and its media type, if the operation takes one. */
export function bodyExampleOf(operation: DocumentedOperation): { type: string; example: unknown } | undefined {
  for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
    if (media.schema?.example !== undefined) return { type, example: media.schema.example };
  }
  return undefined;
}

const exampleOf = (p: DocumentedParameter): unknown => p.example ?? p.schema?.example ?? p.schema?.enum?.[0];

/** A dotted path into remembered answers: `request.applicantRef`; `request` alone is its `id`. */
function remembered(saved: ReadonlyMap<string, unknown>, ref: string): string {
  const [name = '', ...path] = ref.split('.');
  let value: unknown = saved.get(name);
  if (value === undefined) throw new Error(`nothing remembered as ${name}`);
  for (const key of path.length === 0 ? ['id'] : path) value = (value as Record<string, unknown>)[key];
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${ref} is not a value`);
  return String(value);
}

/**
 * Sends one step: path parameters from remembered ids, else their documented example (else
 * `fallbacks`, for parameters the framework documents without one); query parameters with a
 * documented example; the body example.
 */
export async function sendStep(
  baseUrl: string,
  document: ExampleDocument,
  step: Step,
  saved: Map<string, unknown>,
  tokenFor: (roles: readonly Role[]) => string,
  fallbacks: Readonly<Record<string, string>>,
): Promise<StepResult> {
  const operation = operationOf(document, step.op);
  const [method = '', template = ''] = step.op.split(' ');
  const parameters = operation.parameters ?? [];
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const fromIds = step.ids?.[name];
    if (fromIds !== undefined) return encodeURIComponent(remembered(saved, fromIds));
    const given = step.params?.[name];
    if (given !== undefined) return encodeURIComponent(given);
    const documented = parameters.find((p) => p.in === 'path' && p.name === name);
    const value = (documented && exampleOf(documented)) ?? fallbacks[name];
    if (value === undefined) throw new Error(`${step.op}: no value for the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const p of parameters.filter((q) => q.in === 'query')) {
    const value = p.example ?? p.schema?.example;
    if (value !== undefined) query.set(p.name, String(value));
    else if (p.required) throw new Error(`${step.op}: the required query parameter ${p.name} has no example`);
  }
  const headers: Record<string, string> = {};
  if (operation['x-public'] !== true) {
    const allowed = operation['x-roles'] ?? [];
    const role = step.role ?? allowed[0];
    if (role === undefined || !allowed.includes(role)) throw new Error(`${step.op}: no role of ${allowed.join(',')}`);
    headers.authorization = `Bearer ${tokenFor([role])}`;
  }
  const body = step.body ?? bodyExampleOf(operation);
  if (body !== undefined) headers['content-type'] = body.type;
  const url = `${baseUrl}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
  const expected = step.expectError ? [step.expectError.status] : successStatuses(operation);
  const deadline = Date.now() + (step.eventually ? 30_000 : 0);
  for (;;) {
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: body.type.endsWith('json') ? JSON.stringify(body.example) : String(body.example) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!expected.includes(res.status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    if (step.saveAs !== undefined && res.ok) saved.set(step.saveAs, JSON.parse(text) as unknown);
    const ok =
      expected.includes(res.status) && (step.expectError === undefined || namesRule(text, step.expectError.rule));
    return { op: step.op, url, status: res.status, expected, ok, body: text.slice(0, 400) };
  }
}

/** Whether an answer is an ErrorBody that names `rule`, at its top or in one of its violations. */
function namesRule(text: string, rule: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const parsed = errorBodySchema.safeParse(json);
  return parsed.success && (parsed.data.rule === rule || (parsed.data.violations ?? []).some((v) => v.rule === rule));
}

/** The field the unknown-field variant of a body example adds. */
export const UNKNOWN_FIELD = 'notADocumentedField';

/**
 * For every operation of the plan with a JSON object as its body example, the same step with the
 * example plus a field the schema does not know: the documented 400 naming the field's rule.
 */
export function unknownFieldSteps(document: ExampleDocument, plan: readonly Step[]): Step[] {
  const seen = new Set<string>();
  return plan.flatMap((step) => {
    const body = bodyExampleOf(operationOf(document, step.op));
    const isObject = typeof body?.example === 'object' && body.example !== null && !Array.isArray(body.example);
    if (!body || !isObject || !body.type.endsWith('json') || seen.has(step.op)) return [];
    seen.add(step.op);
    const { saveAs: _saveAs, eventually: _eventually, ...rest } = step;
    return [
      {
        ...rest,
        body: { type: body.type, example: { ...(body.example as object), [UNKNOWN_FIELD]: true } },
        expectError: { status: 400, rule: 'unrecognized_keys', why: 'a field the schema does not know is refused' },
      },
    ];
  });
}

/** Sends the plan's steps in order; returns those answered with a status the document does not promise. */
export async function sendExamples(
  baseUrl: string,
  document: ExampleDocument,
  plan: readonly Step[],
  tokenFor: (roles: readonly Role[]) => string,
  fallbacks: Readonly<Record<string, string>>,
  saved = new Map<string, unknown>(),
): Promise<StepResult[]> {
  const wrong: StepResult[] = [];
  for (const step of plan) {
    let result: StepResult;
    try {
      result = await sendStep(baseUrl, document, step, saved, tokenFor, fallbacks);
    } catch (err) {
      result = { op: step.op, url: '', status: 0, expected: [], ok: false, body: (err as Error).message };
    }
    if (!result.ok) wrong.push(result);
  }
  return wrong;
}
