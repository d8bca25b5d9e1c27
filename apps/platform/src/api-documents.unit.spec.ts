// The API document of the whole platform (the seven services' operations, as /docs-json serves it)
// tells a newcomer what each operation takes and what it answers (issue 18 item 2): every error
// answer it can give in the shape the services write, an example for every body, list filters as
// parameters of their own, the outcome tree as choices, and no text Swagger UI would eat as HTML.
// That the examples succeed when sent is tests/e2e/api-examples.e2e.spec.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type INestApplication } from '@nestjs/common';
import { type OpenAPIObject } from '@nestjs/swagger';
import { embeddedAuth } from '#auth';
import { OUTCOME_TREE } from '#contracts/applications';
import { ERROR_BODY_SCHEMA_NAME, errorBodySchema, errorStatusesOf, openApiDocument } from '#http';
import { createEmbeddedApp, EMBEDDED_API_DOCUMENT } from './embedded-app.js';

interface Operation {
  readonly key: string;
  readonly path: string;
  readonly method: string;
  readonly summary?: string;
  readonly description?: string;
  readonly 'x-public'?: boolean;
  readonly parameters?: readonly { name: string; in: string; description?: string }[];
  readonly requestBody?: { content: Record<string, { schema?: { example?: unknown } }> };
  readonly responses: Record<string, { description?: string; content?: Record<string, { example?: unknown }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item[method] as Omit<Operation, 'key' | 'path' | 'method'> | undefined;
      return op ? [{ ...op, key: `${method.toUpperCase()} ${path}`, path, method }] : [];
    }),
  );
}

/** Text Swagger UI renders as Markdown: an angle-bracketed word outside `code` is taken for an HTML tag. */
const htmlLikeTag = (text: string): string | undefined => /<\/?[A-Za-z][^>]*>/.exec(text.replace(/`[^`]*`/g, ''))?.[0];

/** Every prose text of the document, named by where it stands. */
function textsOf(document: OpenAPIObject, operations: readonly Operation[]): [string, string][] {
  const texts: [string, string | undefined][] = [['info.description', document.info.description]];
  for (const op of operations) {
    texts.push([`${op.key} summary`, op.summary], [`${op.key} description`, op.description]);
    for (const p of op.parameters ?? []) texts.push([`${op.key} ${p.name}`, p.description]);
    for (const [status, r] of Object.entries(op.responses)) texts.push([`${op.key} ${status}`, r.description]);
  }
  return texts.filter((t): t is [string, string] => t[1] !== undefined);
}

describe('the platform’s API document', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  let operations: Operation[];

  before(async () => {
    app = await createEmbeddedApp(embeddedAuth({}).settings, { logger: ['error'], rateLimit: false });
    document = openApiDocument(app, EMBEDDED_API_DOCUMENT);
    operations = operationsOf(document);
  });
  after(async () => {
    await app?.close();
  });

  it('documents over a hundred operations (the checks below are not vacuous)', () => {
    assert.ok(operations.length > 100, `${operations.length} operations`);
    assert.ok(operations.filter((o) => o.requestBody).length > 40);
  });

  it('documents every error answer of every operation, with the ErrorBody schema and an example in its shape', () => {
    const missing: string[] = [];
    for (const op of operations) {
      const expected = errorStatusesOf({
        method: op.method,
        path: op.path,
        isPublic: op['x-public'] === true,
        hasBody: op.requestBody !== undefined,
        hasParameters: (op.parameters ?? []).length > 0,
      });
      for (const status of expected) {
        const response = op.responses[status];
        if (!response) {
          missing.push(`${op.key} ${status}`);
          continue;
        }
        const media = response.content?.['application/json'] as { schema?: { $ref?: string }; example?: unknown };
        assert.equal(media?.schema?.$ref, `#/components/schemas/${ERROR_BODY_SCHEMA_NAME}`, `${op.key} ${status}`);
        const example = errorBodySchema.parse(media.example);
        assert.equal(example.statusCode, status, `${op.key} ${status}: the example's statusCode`);
        assert.ok(example.rule !== undefined || (example.violations ?? []).length > 0, `${op.key} ${status}: a rule`);
      }
      if (op['x-public'] !== true) {
        for (const status of ['401', '403']) if (!op.responses[status]) missing.push(`${op.key} ${status}`);
      }
    }
    assert.deepEqual(missing, []);
    const schema = document.components?.schemas?.[ERROR_BODY_SCHEMA_NAME] as { properties?: Record<string, unknown> };
    assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), Object.keys(errorBodySchema.shape).sort());
  });

  it('gives every request body an example', () => {
    const without = operations
      .filter((op) => op.requestBody !== undefined)
      .filter((op) => !Object.values(op.requestBody!.content).some((m) => m.schema?.example !== undefined))
      .map((op) => op.key);
    assert.deepEqual(without, []);
  });

  it('lists filters as query parameters of their own, not one object named query', () => {
    const named = operations.filter((op) => (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'query'));
    assert.deepEqual(
      named.map((op) => op.key),
      [],
    );
    const list = operations.find((op) => op.key === 'GET /applications/disclosure-requests');
    const names = (list?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    for (const name of ['agencyId', 'status', 'receivedFrom', 'receivedTo', 'overdue', 'page', 'pageSize']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
  });

  it('shows a reply’s outcome as the national tree: each category with the reasons it takes', () => {
    const reply = operations.find((op) => op.key === 'POST /applications/disclosure-requests/{id}/reply');
    const body = reply?.requestBody?.content['application/json']?.schema as {
      properties: { outcome: { oneOf?: { properties: { category: unknown; reason?: { enum?: string[] } } }[] } };
    };
    const choices = body.properties.outcome.oneOf ?? [];
    const tree = Object.fromEntries(
      choices.map((c) => {
        const category = c.properties.category as { const?: string; enum?: string[] };
        return [category.const ?? category.enum?.[0], c.properties.reason?.enum ?? []];
      }),
    );
    assert.deepEqual(tree, Object.fromEntries(Object.entries(OUTCOME_TREE).map(([c, r]) => [c, [...r]])));
  });

  it('has no text Swagger UI would swallow as an HTML tag (`/<service>/` was shown as “//”)', () => {
    const tagged = textsOf(document, operations)
      .map(([where, text]) => [where, htmlLikeTag(text)] as const)
      .filter(([, tag]) => tag !== undefined);
    assert.deepEqual(tagged, []);
    assert.match(document.info.description ?? '', /`\/applications\/…`/);
  });
});
