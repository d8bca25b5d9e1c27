import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { legalDate } from './controller-kit.js';
import { ApiZodQuery, documentAs, errorStatusesOf, zodOpenApi } from './openapi.js';
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
