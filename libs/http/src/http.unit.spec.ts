import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, HttpException } from '@nestjs/common';
import { z } from 'zod';
import { ContractViolation } from '#contracts';
import { ConcurrencyError, DomainError, IdempotencyKeyReusedError } from '#event-sourcing';
import { errorResponse } from './error-filter.js';
import { idempotencyKey, ifMatchVersion, requestHash } from './headers.js';
import { parseWith, RequestValidationError } from './validation.js';

describe('errorResponse', () => {
  it('maps domain errors by kind and names the rule and field', () => {
    const invalid = errorResponse(
      new DomainError('receipt.in-future', 'receiptDate is in the future', { field: 'receiptDate' }),
    );
    assert.equal(invalid.statusCode, 422);
    assert.equal(invalid.rule, 'receipt.in-future');
    assert.deepEqual(invalid.violations?.[0]?.field, 'receiptDate');
    assert.equal(
      errorResponse(new DomainError('reply.twice', 'already replied', { kind: 'conflict' })).statusCode,
      409,
    );
    assert.equal(errorResponse(new DomainError('case.unknown', 'no such case', { kind: 'not-found' })).statusCode, 404);
  });

  it('answers 409 to a stale version and 422 to a reused idempotency key or a contract violation', () => {
    assert.equal(errorResponse(new ConcurrencyError('s', 2, 3)).statusCode, 409);
    const reused = errorResponse(new IdempotencyKeyReusedError('k-1'));
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.violations?.[0]?.field, 'Idempotency-Key');
    const contract = errorResponse(new ContractViolation('a.B', [{ path: 'data.x', message: 'Required' }]));
    assert.equal(contract.statusCode, 422);
    assert.equal(contract.violations?.[0]?.field, 'data.x');
  });

  it('answers 503 (retry) when the store or the broker went away mid-request, also as a cause', () => {
    const network = Object.assign(new Error('connection 5 to 127.0.0.1:27018 closed'), { name: 'MongoNetworkError' });
    assert.equal(errorResponse(network).statusCode, 503);
    assert.equal(errorResponse(network).rule, 'dependency.unavailable');
    assert.doesNotMatch(JSON.stringify(errorResponse(network)), /27018/);
    const wrapped = new Error('append failed', {
      cause: Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' }),
    });
    assert.equal(errorResponse(wrapped).statusCode, 503);
    const reconnecting = Object.assign(new Error('Topology is closed'), { name: 'MongoTopologyClosedError' });
    assert.equal(errorResponse(reconnecting).statusCode, 503);
    assert.equal(errorResponse(Object.assign(new Error('y'), { name: 'MongoServerError' })).statusCode, 500);
  });

  it('hides the details of unexpected errors', () => {
    const body = errorResponse(new Error('connection string mongodb://secret@host'));
    assert.equal(body.statusCode, 500);
    assert.doesNotMatch(JSON.stringify(body), /secret/);
  });

  it('explains malformed JSON and oversized bodies from the body parser', () => {
    assert.equal(
      errorResponse({ status: 400, type: 'entity.parse.failed', message: 'x' }).message,
      'the request body is not valid JSON',
    );
    assert.equal(errorResponse({ status: 413, type: 'entity.too.large', message: 'x' }).statusCode, 413);
    // As Nest hands them to the filter: wrapped in an HttpException whose cause is the parser's error.
    const wrapped = new BadRequestException('Unexpected token', {
      cause: Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' }),
    });
    const body = errorResponse(wrapped);
    assert.equal(body.statusCode, 400);
    assert.deepEqual(body.violations?.[0], {
      field: '(body)',
      rule: 'entity.parse.failed',
      message: 'the request body is not valid JSON',
    });
    const tooLarge = new HttpException('request entity too large', 413, {
      cause: Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }),
    });
    assert.equal(errorResponse(tooLarge).violations?.[0]?.rule, 'entity.too.large');
  });
});

describe('request validation', () => {
  const schema = z.strictObject({
    channel: z.enum(['email', 'online']),
    applicant: z.strictObject({ type: z.string().min(1) }),
  });

  it('names each bad field, its rule, and every unknown field', () => {
    assert.throws(
      () => parseWith(schema, { channel: 'pigeon', applicant: { type: '' }, extra: 1 }),
      (err: unknown) => {
        assert.ok(err instanceof RequestValidationError);
        const fields = err.violations.map((v) => `${v.field}:${v.rule}`).sort();
        assert.deepEqual(fields, ['applicant.type:too_small', 'channel:invalid_value', 'extra:unrecognized_keys']);
        return true;
      },
    );
  });
});

describe('command headers', () => {
  it('reads If-Match in its usual spellings and refuses anything else', () => {
    assert.equal(ifMatchVersion('"3"'), 3);
    assert.equal(ifMatchVersion('W/"12"'), 12);
    assert.equal(ifMatchVersion('7'), 7);
    assert.equal(ifMatchVersion(undefined), undefined);
    assert.throws(() => ifMatchVersion('{"$gt":""}'), RequestValidationError);
  });

  it('accepts token-like idempotency keys only', () => {
    assert.equal(idempotencyKey('0190f5c2-7b1e-7cc0'), '0190f5c2-7b1e-7cc0');
    assert.throws(() => idempotencyKey('a b'), RequestValidationError);
    assert.throws(() => idempotencyKey('x'.repeat(201)), RequestValidationError);
  });

  it('hashes a body independently of key order, and differently when a value changes', () => {
    assert.equal(requestHash({ a: 1, b: { c: 2, d: [1, 2] } }), requestHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
    assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
  });
});
