// A small JSON Schema (draft 2020-12) checker for the subset the published event contracts use
// (libs/contracts/published/*.json): types, const, enum, properties, required,
// additionalProperties, oneOf/anyOf/allOf, string length and pattern, number bounds, items.
// Tests use it to check what is on a topic against the published files themselves, independently
// of the zod schemas they were generated from. An unknown keyword fails loudly rather than passing.

export type JsonSchemaNode = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', 'description', 'title', 'examples', 'default', 'format', '$comment']);
const KNOWN = new Set([
  ...ANNOTATIONS,
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'minItems',
  'maxItems',
]);

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every way `value` breaks `schema`, as `path: problem`; empty when it conforms. */
export function jsonSchemaErrors(schema: JsonSchemaNode, value: unknown, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  const errors: string[] = [];
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`${path}: unsupported JSON Schema keyword ${key}`);
  }
  const s = schema;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) {
    errors.push(`${path}: must be ${JSON.stringify(s.const)}`);
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) errors.push(`${path}: too short`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) errors.push(`${path}: too long`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
      errors.push(`${path}: does not match ${s.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${path}: below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${path}: above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      errors.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      errors.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (isObject(value)) {
    const props = isObject(s.properties) ? s.properties : {};
    for (const r of Array.isArray(s.required) ? (s.required as string[]) : []) {
      if (!(r in value)) errors.push(`${path}.${r}: required`);
    }
    for (const [k, v] of Object.entries(value)) {
      if (k in props) errors.push(...jsonSchemaErrors(props[k] as JsonSchemaNode, v, `${path}.${k}`));
      else if (s.additionalProperties !== undefined) {
        errors.push(...jsonSchemaErrors(s.additionalProperties as JsonSchemaNode, v, `${path}.${k}`));
      }
    }
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${path}: too few items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${path}: too many items`);
    if (s.items !== undefined)
      value.forEach((v, i) => errors.push(...jsonSchemaErrors(s.items as JsonSchemaNode, v, `${path}[${i}]`)));
  }
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf) errors.push(...jsonSchemaErrors(sub as JsonSchemaNode, value, path));
  if (
    Array.isArray(s.anyOf) &&
    !s.anyOf.some((sub) => jsonSchemaErrors(sub as JsonSchemaNode, value, path).length === 0)
  ) {
    errors.push(`${path}: matches none of anyOf`);
  }
  if (Array.isArray(s.oneOf)) {
    const matching = s.oneOf.filter((sub) => jsonSchemaErrors(sub as JsonSchemaNode, value, path).length === 0).length;
    if (matching !== 1) errors.push(`${path}: matches ${matching} of oneOf, not exactly one`);
  }
  return errors;
}
