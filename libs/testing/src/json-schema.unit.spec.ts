import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { jsonSchemaErrors } from './json-schema.js';

describe('jsonSchemaErrors (the subset the published contracts use)', () => {
  const schema = z.toJSONSchema(
    z.strictObject({
      on: z.iso.date(),
      n: z.number().int().min(0).max(10),
      kind: z.enum(['a', 'b']),
      note: z.string().min(1).max(3).optional(),
      outcome: z.discriminatedUnion('c', [
        z.strictObject({ c: z.literal('x') }),
        z.strictObject({ c: z.literal('y'), r: z.string() }),
      ]),
      legacy: z.enum(['p']).nullable(),
    }),
    { target: 'draft-2020-12' },
  ) as Record<string, unknown>;

  it('accepts a conforming value', () => {
    assert.deepEqual(
      jsonSchemaErrors(schema, { on: '2009-03-02', n: 3, kind: 'a', outcome: { c: 'y', r: '1' }, legacy: null }),
      [],
    );
  });

  it('names each field that breaks it', () => {
    const errors = jsonSchemaErrors(schema, {
      on: '2009-02-30',
      n: 11,
      kind: 'c',
      note: 'long',
      outcome: { c: 'x', r: '1' },
      legacy: 'q',
      extra: true,
    });
    for (const field of ['$.on', '$.n', '$.kind', '$.note', '$.outcome', '$.legacy', '$.extra']) {
      assert.ok(
        errors.some((e) => e.startsWith(field)),
        `${field} in ${errors.join('\n')}`,
      );
    }
    assert.ok(jsonSchemaErrors(schema, { n: 1 }).some((e) => e === '$.on: required'));
  });

  it('refuses to judge a schema with a keyword it does not know', () => {
    assert.throws(() => jsonSchemaErrors({ type: 'string', contentEncoding: 'base64' }, 'x'), /unsupported/);
  });
});
