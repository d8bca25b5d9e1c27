import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCorrelation } from './correlation.js';
import { JsonLogger, buildLogLine, logLevelsFrom } from './json-logger.js';

const at = new Date('2009-03-01T00:00:00.000Z');

function capture(levels?: Parameters<typeof logLevelsFrom>[0]) {
  const lines: string[] = [];
  const logger = new JsonLogger({
    service: 'applications',
    levels: logLevelsFrom(levels),
    write: (line) => lines.push(line),
    now: () => at,
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, service, context, message', () => {
    const { logger, lines, parsed } = capture();
    logger.log('relay started', 'OutboxRelay');
    logger.warn('lease lost\nretrying', 'OutboxRelay');
    assert.equal(lines.length, 2);
    for (const line of lines) assert.ok(!line.includes('\n'));
    assert.deepEqual(parsed(), [
      {
        time: '2009-03-01T00:00:00.000Z',
        level: 'info',
        service: 'applications',
        context: 'OutboxRelay',
        message: 'relay started',
      },
      {
        time: '2009-03-01T00:00:00.000Z',
        level: 'warn',
        service: 'applications',
        context: 'OutboxRelay',
        message: 'lease lost\nretrying',
      },
    ]);
  });

  it('carries the correlation id, and the service of the correlation context, when there is one', () => {
    const { logger, parsed } = capture();
    withCorrelation('corr-42', () => logger.log('handled', 'Statistics'), { service: 'reporting' });
    withCorrelation('corr-43', () => logger.log('handled', 'Statistics'));
    const [first, second] = parsed();
    assert.equal(first!.correlationId, 'corr-42');
    assert.equal(first!.service, 'reporting');
    assert.equal(second!.correlationId, 'corr-43');
    assert.equal(second!.service, 'applications');
  });

  it('keeps structured fields, redacted, and never lets them overwrite the line’s own keys', () => {
    const { logger, parsed } = capture();
    logger.log({ message: 'applicant recorded', applicantRef: 'apl-1', name: '张三', level: 'x' }, 'Applicants');
    const [line] = parsed();
    assert.equal(line!.message, 'applicant recorded');
    assert.equal(line!.level, 'info');
    assert.equal(line!._level, 'x');
    assert.equal(line!.applicantRef, 'apl-1');
    assert.equal(line!.name, '[redacted]');
    assert.ok(!JSON.stringify(line).includes('张三'));
  });

  it('logs errors as type, message and stack, from an Error or from Nest’s (message, stack, context)', () => {
    const { logger, parsed } = capture();
    const err = new TypeError('bad phone 13800138000');
    logger.error(err, 'Consumer');
    logger.error('append failed', err.stack, 'Http');
    const [first, second] = parsed();
    assert.equal(first!.context, 'Consumer');
    assert.equal(first!.message, 'bad phone [phone]');
    assert.deepEqual(Object.keys(first!.error as object).sort(), ['message', 'stack', 'type']);
    assert.equal((first!.error as { type: string }).type, 'TypeError');
    assert.equal(second!.context, 'Http');
    assert.equal(second!.message, 'append failed');
    assert.match((second!.error as { stack: string }).stack, /TypeError: bad phone \[phone\]/);
  });

  it('writes only the enabled levels', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('noise', 'X');
    logger.log('info', 'X');
    logger.warn('careful', 'X');
    logger.fatal('dying', 'X');
    assert.deepEqual(
      parsed().map((l) => l.level),
      ['warn', 'fatal'],
    );
    logger.setLogLevels(['debug']);
    logger.debug('now shown', 'X');
    assert.equal(parsed().at(-1)!.level, 'debug');
  });
});

describe('buildLogLine', () => {
  it('treats a trailing stack trace as the stack, not as the context', () => {
    const stack = 'Error: x\n    at f (file.js:1:1)';
    const line = buildLogLine({ level: 'error', message: 'x failed', params: [stack], time: at, service: 's' });
    assert.equal(line.context, undefined);
    assert.equal(line.error?.stack, stack);
  });

  it('turns non-string messages into text', () => {
    const line = buildLogLine({ level: 'log', message: [1, 'a'], params: [], time: at, service: 's' });
    assert.equal(line.message, '[1,"a"]');
  });
});

describe('logLevelsFrom', () => {
  it('enables the named level and every more severe one', () => {
    assert.deepEqual(logLevelsFrom('debug'), ['debug', 'log', 'warn', 'error', 'fatal']);
    assert.deepEqual(logLevelsFrom('info'), ['log', 'warn', 'error', 'fatal']);
    assert.deepEqual(logLevelsFrom('nonsense'), ['log', 'warn', 'error', 'fatal']);
    assert.deepEqual(logLevelsFrom(undefined), ['log', 'warn', 'error', 'fatal']);
  });
});
