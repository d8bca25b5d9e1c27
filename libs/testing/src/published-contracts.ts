// Checks an event against the published JSON Schema snapshot of its type and version — the files
// integrators validate with — rather than against the zod schema they were generated from.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envelopeSchema, snapshotPath } from '#contracts';
import { repoRoot } from './infra.js';
import { jsonSchemaErrors, type JsonSchemaNode } from './json-schema.js';

const cache = new Map<string, JsonSchemaNode>();

function snapshot(type: string, schemaVersion: number): JsonSchemaNode {
  const file = path.join(repoRoot(), 'libs/contracts/published', snapshotPath(type, schemaVersion));
  let schema = cache.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchemaNode;
    cache.set(file, schema);
  }
  return schema;
}

export function publishedSchemaErrors(envelope: unknown): string[] {
  const outer = envelopeSchema.safeParse(envelope);
  if (!outer.success) return outer.error.issues.map((i) => `envelope.${i.path.join('.')}: ${i.message}`);
  const e = outer.data;
  return jsonSchemaErrors(snapshot(e.type, e.schemaVersion), e.data, `${e.type}.data`);
}
