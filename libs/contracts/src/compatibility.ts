// Published schemas are a promise to integrators. Each (type, version) has a JSON Schema snapshot
// under libs/contracts/published/; a schema may change afterwards only compatibly — a reader of the
// published version must still accept what producers write: new optional properties, wider enums.
// Anything else needs a new schemaVersion with an upcaster.
import { z } from 'zod';
import { type EventContract } from './registry.js';

export type JsonSchema = Record<string, unknown>;

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
}

/** Every (type, version, schema) a contract has published, current version last. */
export function publishedVersions(
  contract: EventContract,
): Array<{ type: string; schemaVersion: number; schema: JsonSchema }> {
  return [
    ...(contract.history ?? []).map((h) => ({
      type: contract.type,
      schemaVersion: h.schemaVersion,
      schema: jsonSchemaOf(h.schema),
    })),
    { type: contract.type, schemaVersion: contract.schemaVersion, schema: jsonSchemaOf(contract.schema) },
  ];
}

export const snapshotPath = (type: string, schemaVersion: number): string => `${type}/v${schemaVersion}.json`;

/**
 * Lists why `next` would break a consumer that validates with `published` (empty = compatible).
 * Deliberately strict: any keyword change other than the allowed widenings is a break.
 */
export function incompatibilities(published: unknown, next: unknown, path = '$'): string[] {
  if (JSON.stringify(published) === JSON.stringify(next)) return [];
  if (!isObject(published) || !isObject(next)) return [`${path}: changed`];
  if (enumOpenedToPattern(published, next)) {
    const { enum: _values, ...before } = published;
    const { pattern: _pattern, maxLength: _maxLength, ...after } = next;
    return incompatibilities(before, after, path);
  }
  const problems: string[] = [];
  const keys = new Set([...Object.keys(published), ...Object.keys(next)]);
  for (const key of keys) {
    const a = published[key];
    const b = next[key];
    if (key === 'properties' && isObject(a) && isObject(b)) {
      for (const prop of Object.keys(a)) {
        if (!(prop in b)) problems.push(`${path}.${prop}: removed`);
        else problems.push(...incompatibilities(a[prop], b[prop], `${path}.${prop}`));
      }
      // Properties only in `next` are checked through `required` below.
    } else if (key === 'required') {
      const before = new Set(asStrings(a));
      for (const r of asStrings(b)) if (!before.has(r)) problems.push(`${path}.${r}: newly required`);
    } else if (key === 'enum') {
      const after = new Set(asStrings(b));
      for (const v of asStrings(a)) if (!after.has(v)) problems.push(`${path}: enum value ${v} removed`);
    } else if (key === 'description' || key === 'examples') {
      continue;
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      if (isObject(a) && isObject(b)) problems.push(...incompatibilities(a, b, `${path}/${key}`));
      else problems.push(`${path}: ${key} changed from ${JSON.stringify(a)} to ${JSON.stringify(b)}`);
    }
  }
  return problems;
}

/**
 * An enum of strings opened to a pattern every published value matches is a widening, like a wider
 * enum: agency ids became data (ADR 0014), so `agencyId` is now any well-formed id, and each of the
 * agencies an older schema listed is still one.
 */
function enumOpenedToPattern(published: Record<string, unknown>, next: Record<string, unknown>): boolean {
  if (!Array.isArray(published.enum) || next.enum !== undefined || typeof next.pattern !== 'string') return false;
  if (published.pattern !== undefined || published.maxLength !== undefined) return false;
  const pattern = new RegExp(next.pattern, 'u');
  const maxLength = typeof next.maxLength === 'number' ? next.maxLength : Infinity;
  return published.enum.every((v) => typeof v === 'string' && pattern.test(v) && v.length <= maxLength);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
