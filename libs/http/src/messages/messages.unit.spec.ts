import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ArgumentsHost,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { z } from 'zod';
import { ContractViolation } from '#contracts';
import { ConcurrencyError, DomainError, IdempotencyKeyReusedError } from '#event-sourcing';
import { type ErrorBody, errorResponse, HttpErrorFilter } from '../error-filter.js';
import { ifMatchVersion } from '../headers.js';
import { parseWith } from '../validation.js';
import { negotiateLanguage } from './language.js';
import { localizeErrorBody } from './localize.js';
import { readParams, translateMessage } from './translate.js';

const answer = (err: unknown, acceptLanguage?: string): ErrorBody =>
  localizeErrorBody(errorResponse(err), negotiateLanguage(acceptLanguage));

const rulesAndFields = (b: ErrorBody): unknown => ({
  statusCode: b.statusCode,
  error: b.error,
  rule: b.rule,
  violations: b.violations?.map((v) => [v.field, v.rule]),
});

/** Whether a text is written in Chinese (what staff read), not English with a Chinese word in it. */
const isChinese = (text: string): boolean => /[\u4e00-\u9fff]/.test(text) && !/\b(must|the|is|of|no such)\b/.test(text);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('negotiateLanguage', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5, zh;q=0.9', 'zh-CN'],
    ['zh;q=0.1, en', 'en'],
    ['zh-Hans-CN;q=0.8, en;q=0.7', 'zh-CN'],
    ['fr', 'zh-CN'],
    ['fr, de;q=0.9, en;q=0.3', 'en'],
    ['en;q=0', 'zh-CN'],
    ['en;q=0, fr', 'zh-CN'],
    ['*', 'zh-CN'],
    ['*;q=0.5, en', 'en'],
    ['en;q=abc', 'zh-CN'],
    ['en;q=1.5', 'zh-CN'],
    ['en, zh', 'en'],
    ['zh, en', 'zh-CN'],
    ['en;q=0.500, zh;q=0.5', 'en'],
    ['garbage;;;,,', 'zh-CN'],
  ];
  for (const [header, want] of cases) {
    it(`${JSON.stringify(header)} → ${want}`, () => assert.equal(negotiateLanguage(header), want));
  }
});

describe('the error answers in the caller’s language', () => {
  it('a 400 of request validation: required, type, enum, YYYY-MM-DD dates, lengths — in zh-CN, or English on request', () => {
    const schema = z.strictObject({
      receiptDate: z.iso.date(),
      channel: z.enum(['email', 'online']),
      title: z.string().min(1).max(5),
      count: z.number().int(),
      applicantRef: z.string(),
      tags: z.array(z.string()).min(1),
    });
    const err = thrown(() =>
      parseWith(schema, {
        receiptDate: '2024-13-01',
        channel: 'pigeon',
        title: 'too long',
        count: 'x',
        tags: [],
        x: 1,
      }),
    );
    const zh = answer(err);
    const en = answer(err, 'en');
    assert.deepEqual(rulesAndFields(zh), rulesAndFields(en));
    const by = (b: ErrorBody): Record<string, string> =>
      Object.fromEntries((b.violations ?? []).map((v) => [v.field, v.message]));
    assert.deepEqual(by(zh), {
      receiptDate: '必须是 YYYY-MM-DD 格式的日历日期（如 2024-03-04）',
      channel: '必须是以下之一：email, online',
      title: '最多 5 个字符',
      count: '类型应为数字',
      applicantRef: '必填',
      tags: '至少 1 项',
      x: '未知字段（请删除）',
    });
    assert.deepEqual(by(en), {
      receiptDate: 'must be a date YYYY-MM-DD (a day of the calendar, e.g. 2024-03-04)',
      channel: 'must be one of email, online',
      title: 'must be at most 5 characters',
      count: 'must be of type number',
      applicantRef: 'is required',
      tags: 'must have at least 1 items',
      x: 'unknown field',
    });
    // The message lists each field with what is wrong with it, in the same language.
    assert.ok(zh.message.includes('title: 最多 5 个字符'), zh.message);
    assert.ok(en.message.includes('title: must be at most 5 characters'), en.message);
  });

  it('an empty text, an integer, a custom message of a schema', () => {
    const schema = z.strictObject({
      name: z.string().min(1),
      n: z.number().int().positive(),
      id: z.uuid({ message: 'must be a case id (UUID)' }),
    });
    const zh = answer(thrown(() => parseWith(schema, { name: '', n: 0, id: 'nope' })));
    assert.deepEqual(
      zh.violations?.map((v) => [v.field, v.rule, v.message]),
      [
        ['name', 'too_small', '不能为空'],
        ['n', 'too_small', '必须大于 0'],
        ['id', 'invalid_format', '必须是案件编号（UUID）'],
      ],
    );
    const en = answer(
      thrown(() => parseWith(schema, { name: '', n: 0, id: 'nope' })),
      'en-GB',
    );
    assert.equal(en.violations?.[2]?.message, 'must be a case id (UUID)');
  });

  it('a 422 of a business rule: the field named in the Chinese message, the values read from the English', () => {
    const err = new DomainError('area.negative', 'areaMu must be a number ≥ 0', { field: 'areaMu' });
    const zh = answer(err);
    assert.equal(zh.statusCode, 422);
    assert.equal(zh.message, 'areaMu 必须是 ≥ 0 的数');
    assert.deepEqual(zh.violations, [{ field: 'areaMu', rule: 'area.negative', message: 'areaMu 必须是 ≥ 0 的数' }]);
    assert.deepEqual(answer(err, 'en').violations?.[0]?.message, 'areaMu must be a number ≥ 0');

    const unknown = answer(
      new DomainError('agency.unknown', 'no agency north-district in the registry', {
        field: 'agencyId',
        kind: 'not-found',
      }),
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.message, '机构登记册中没有机构 north-district');
  });

  it('a 409: a state rule, and a stale If-Match version with its numbers', () => {
    const closed = answer(
      new DomainError('annual-report.already-closed', 'the 2009 report is already published', { kind: 'conflict' }),
    );
    assert.equal(closed.message, '2009 年度报告已经发布');
    const stale = answer(new ConcurrencyError('disclosure-request-1', 2, 3));
    assert.equal(stale.rule, 'if-match.stale-version');
    assert.equal(stale.message, '案件自您看到的版本 2 之后已被修改（当前版本 3）：请重新读取后再提交');
    assert.match(answer(new ConcurrencyError('s', 2, 3), 'en').message, /is at version 3, not the expected 2/);
    const header = answer(thrown(() => ifMatchVersion('{"$gt":""}')));
    assert.deepEqual(
      header.violations?.map((v) => [v.field, v.rule, v.message]),
      [['If-Match', 'format', '必须是 ETag 给出的案件版本号，如 "3"']],
    );
  });

  it('401 and 403 of the auth guard and the access checks', () => {
    // As the guard and the access checks throw them (libs/auth).
    const refusal = (status: 401 | 403, message: string, rule: string): Error =>
      status === 401
        ? new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message, rule })
        : new ForbiddenException({ statusCode: 403, error: 'Forbidden', message, rule });
    const missing = refusal(401, 'a bearer token is required (Authorization: Bearer <JWT>)', 'auth.token-missing');
    assert.equal(answer(missing).message, '需要提供持有者令牌（Authorization: Bearer <JWT>）');
    assert.equal(answer(missing, 'en').message, 'a bearer token is required (Authorization: Bearer <JWT>)');
    assert.equal(answer(refusal(401, 'the token expired', 'auth.token-expired')).message, '令牌已过期');
    const role = refusal(403, 'only supervisor may POST /reporting/reports/x/2009/close', 'auth.role');
    assert.equal(answer(role).message, '只有 supervisor 可以执行：POST /reporting/reports/x/2009/close');
    const agency = refusal(403, 'clerk-1 of east-district may not read the cases of west-district', 'auth.agency');
    assert.equal(answer(agency).message, 'east-district 的 clerk-1 无权查看 west-district 的案件');
    assert.equal(answer(agency).rule, 'auth.agency');
  });

  it('a 502 of the operations service keeps the called service’s own failure, which the operator acts on', () => {
    const upstream = new HttpException(
      {
        statusCode: 502,
        error: 'Bad Gateway',
        message: 'The operation was aborted due to timeout',
        rule: 'operations.upstream',
      },
      502,
    );
    assert.equal(
      answer(upstream).message,
      '被调用的服务没有正常答复（The operation was aborted due to timeout），请稍后再试；详见该服务的日志与监控页面',
    );
    assert.equal(answer(upstream, 'en').message, 'The operation was aborted due to timeout');
  });

  it('404 of a path no route matches, 422 of a reused Idempotency-Key and of an event contract', () => {
    assert.equal(
      answer(new NotFoundException('Cannot GET /applications/nothing')).message,
      '没有此路径：GET /applications/nothing',
    );
    assert.equal(
      answer(new NotFoundException('Cannot GET /applications/nothing'), 'en').message,
      'Cannot GET /applications/nothing',
    );
    const reused = answer(new IdempotencyKeyReusedError('k-1'));
    assert.equal(reused.message, 'Idempotency-Key k-1 已用于另一个不同的请求：新请求请使用新的键');
    assert.equal(reused.violations?.[0]?.field, 'Idempotency-Key');
    const contract = answer(new ContractViolation('a.B', [{ path: 'data.x', message: 'Required' }]));
    assert.equal(contract.violations?.[0]?.message, '不符合事件契约：Required');
  });

  it('keeps the English message of a rule the catalogue does not know (never a blank)', () => {
    const body = answer(new DomainError('made.up-rule', 'something specific', { field: 'x' }));
    assert.equal(body.message, 'something specific');
    assert.equal(
      translateMessage({ key: 'custom', english: 'a refinement nobody translated' }, 'zh-CN'),
      'a refinement nobody translated',
    );
  });

  it('answers in English rather than fail when an exception carries a body of unexpected shape', () => {
    let sent: { status?: number; body?: ErrorBody } = {};
    const host = {
      switchToHttp: () => ({
        getResponse: () => ({
          setHeader: () => undefined,
          status: (status: number) => ({ json: (body: ErrorBody) => (sent = { status, body }) }),
        }),
        getRequest: () => ({ method: 'POST', url: '/x', header: () => undefined }),
      }),
    } as unknown as ArgumentsHost;
    const odd = new ForbiddenException({ statusCode: 403, message: 'no', rule: 'auth.role', violations: 'not a list' });
    new HttpErrorFilter().catch(odd, host);
    assert.equal(sent.status, 403);
    assert.equal(sent.body?.message, 'no');
  });

  it('reads the values of an English message back by its pattern, a repeated name being one value', () => {
    assert.deepEqual(
      readParams(
        'the {year} campaign is inspected in {year} or {next}',
        'the 2009 campaign is inspected in 2009 or 2010',
      ),
      {
        year: '2009',
        next: '2010',
      },
    );
    assert.equal(
      readParams(
        'the {year} campaign is inspected in {year} or {next}',
        'the 2009 campaign is inspected in 2008 or 2010',
      ),
      undefined,
    );
  });

  it('the error filter answers in the negotiated language and says so (Content-Language, Vary)', () => {
    const headers: Record<string, string> = {};
    let sent: { status?: number; body?: ErrorBody } = {};
    const host = (acceptLanguage?: string): ArgumentsHost =>
      ({
        switchToHttp: () => ({
          getResponse: () => ({
            setHeader: (n: string, v: string) => (headers[n] = v),
            status: (status: number) => ({ json: (body: ErrorBody) => (sent = { status, body }) }),
          }),
          getRequest: () => ({
            method: 'POST',
            url: '/x',
            header: (n: string) => (n === 'accept-language' ? acceptLanguage : undefined),
          }),
        }),
      }) as unknown as ArgumentsHost;
    const err = new DomainError('request.not-found', 'no such disclosure request', { kind: 'not-found' });
    new HttpErrorFilter().catch(err, host());
    assert.equal(sent.status, 404);
    assert.equal(sent.body?.message, '没有此政府信息公开申请');
    assert.equal(headers['Content-Language'], 'zh-CN');
    assert.equal(headers.Vary, 'Accept-Language');
    new HttpErrorFilter().catch(err, host('en-US,en;q=0.9'));
    assert.equal(sent.body?.message, 'no such disclosure request');
    assert.equal(sent.body?.rule, 'request.not-found');
    assert.equal(headers['Content-Language'], 'en');
    assert.ok(isChinese('没有此政府信息公开申请') && !isChinese('no such disclosure request'));
  });
});
