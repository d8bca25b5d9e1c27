// A failed request is logged by its path, never its query string: a query may carry what people
// typed (the workbench's search over what a request asks for, ADR 0008), and logs are kept.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type ArgumentsHost, Logger, type LoggerService } from '@nestjs/common';
import { HttpErrorFilter } from './error-filter.js';

describe('the error filter’s log line of a failed request', () => {
  const lines: string[] = [];
  const capture: LoggerService = {
    log: () => {},
    warn: () => {},
    error: (message: unknown) => void lines.push(String(message)),
  };
  Logger.overrideLogger(capture);
  after(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('names the method and path, and leaves the query string out', () => {
    const host = {
      switchToHttp: () => ({
        getResponse: () => ({ status: () => ({ json: () => {} }), setHeader: () => {} }),
        getRequest: () => ({
          method: 'GET',
          url: '/applications/disclosure-requests?q=%E5%BC%A0%E4%B8%89%2013812345678',
          header: () => undefined,
        }),
      }),
    } as unknown as ArgumentsHost;
    new HttpErrorFilter().catch(new Error('the store is down'), host);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^GET \/applications\/disclosure-requests failed: Error: the store is down/);
    assert.doesNotMatch(lines[0]!, /13812345678|%E5%BC%A0|q=/);
  });
});
