import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { legalDate } from './controller-kit.js';
import { type ErrorBody, errorBodySchema } from './error-filter.js';
import {
  ApiZodQuery,
  documentAs,
  type DocumentedErrorStatus,
  ERROR_ANSWERS,
  errorStatusesOf,
  withErrorResponses,
  zodOpenApi,
} from './openapi.js';
import { parseWith, type RequestValidationError } from './validation.js';

const newOrKnown = z
  .strictObject({ applicant: z.string().optional(), applicantRef: z.string().optional() })
  .refine((b) => (b.applicant === undefined) !== (b.applicantRef === undefined), { path: ['applicant'] });

describe('zodOpenApi with an example', () => {
  it('refuses an example its own schema refuses, naming the field (both applicant and applicantRef)', () => {
    assert.throws(
      () => zodOpenApi(newOrKnown, { applicant: 'x', applicantRef: 'r' }),
      /refused by its own schema: applicant:/,
    );
    assert.deepEqual(zodOpenApi(newOrKnown, { applicantRef: 'r' }).example, { applicantRef: 'r' });
  });

  it('shows a schema as the one it is documented as, keeping its description', () => {
    const loose = documentAs(z.string().describe('a category'), z.enum(['disclosed', 'withheld']));
    const json = zodOpenApi(z.strictObject({ category: loose }));
    assert.deepEqual((json.properties as Record<string, unknown>).category, {
      type: 'string',
      enum: ['disclosed', 'withheld'],
      description: 'a category',
    });
  });
});

describe('ApiZodQuery', () => {
  it('refuses an example of query values its schema refuses', () => {
    const q = z.strictObject({ year: z.coerce.number().int().min(2000) });
    assert.throws(() => ApiZodQuery(q, { year: '1999' }), /year:/);
    assert.doesNotThrow(() => ApiZodQuery(q, { year: '2024' }));
  });
});

describe('errorStatusesOf', () => {
  const op = { method: 'get', path: '/x', isPublic: false, hasBody: false, hasParameters: false };
  it('names what each kind of operation can answer', () => {
    assert.deepEqual(errorStatusesOf({ ...op, isPublic: true }), [429]);
    assert.deepEqual(errorStatusesOf({ ...op, hasParameters: true }), [400, 401, 403, 429]);
    assert.deepEqual(
      errorStatusesOf({ ...op, method: 'post', path: '/x/{id}/reply', hasBody: true }),
      [400, 401, 403, 404, 409, 422, 429],
    );
  });
});

describe('a malformed legal date', () => {
  it('is told to write YYYY-MM-DD, not "Invalid ISO date"', () => {
    for (const value of ['2009-02-30', '10/04/2009', '2009-4-1']) {
      assert.throws(
        () => parseWith(z.strictObject({ receiptDate: legalDate }), { receiptDate: value }),
        (err: unknown) => {
          const v = (err as RequestValidationError).violations[0];
          assert.equal(v?.field, 'receiptDate');
          assert.equal(v?.rule, 'invalid_format');
          assert.match(v?.message ?? '', /YYYY-MM-DD/);
          return true;
        },
      );
    }
  });
});

describe('the documented error answers', () => {
  it('say that messages follow Accept-Language, and show them as a client without it gets them (zh-CN)', () => {
    const document = withErrorResponses({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x/{id}/reply': { post: { requestBody: { content: {} }, parameters: [], responses: {} } } },
    } as unknown as Parameters<typeof withErrorResponses>[0]);
    const responses = document.paths['/x/{id}/reply']?.post?.responses as Record<
      string,
      { description: string; content: Record<string, { example: ErrorBody }> }
    >;
    for (const status of ['400', '401', '403', '404', '409', '422', '429']) {
      assert.match(responses[status]?.description ?? '', /Accept-Language/, status);
      const example = responses[status]?.content['application/json']?.example;
      assert.match(example?.message ?? '', /[\u4e00-\u9fff]/, `${status}: ${example?.message}`);
      const documented: ErrorBody = ERROR_ANSWERS[Number(status) as DocumentedErrorStatus].example;
      assert.equal(example?.rule, documented.rule);
    }
    const bad = responses['400']?.content['application/json']?.example;
    assert.deepEqual(bad?.violations, [
      { field: 'receiptDate', rule: 'invalid_format', message: '必须是 YYYY-MM-DD 格式的日历日期（如 2024-03-04）' },
    ]);
    assert.match(errorBodySchema.shape.message.description ?? '', /Accept-Language/);
  });
});
