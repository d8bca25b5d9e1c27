// A service process logs in to the broker as its own principal (KAFKA_SASL_*), checked at boot:
// without credentials it refuses to start, naming the variable; with a wrong password the broker
// turns it away and it exits, saying so — without ever writing the password to its log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { integrationInfra, startServiceStack, uniqueName } from '#testing';

const real = await integrationInfra();

/** The messages of a failed stack start (one service here). */
const failureText = (err: unknown): string =>
  err instanceof AggregateError ? err.errors.map((e: Error) => e.message).join('\n') : (err as Error).message;

describe(`a service's broker login (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  it('refuses to start in real mode without broker credentials', async () => {
    await assert.rejects(
      startServiceStack({
        infra: real.infra!,
        dbPrefix: uniqueName('login').replace(/-/g, '_'),
        services: ['publications'],
        env: { KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', KAFKA_SASL_DISABLED: '' },
      }),
      (err) => {
        assert.match(failureText(err), /invalid configuration: KAFKA_SASL_USERNAME: required in real mode/);
        return true;
      },
    );
  });

  it('exits when the broker refuses its password, and does not log the password', async () => {
    const wrong = `not-the-password-${uniqueName('pw')}`;
    assert.ok(real.infra!.kafkaAuth, 'the broker of this run authenticates clients');
    await assert.rejects(
      startServiceStack({
        infra: real.infra!,
        dbPrefix: uniqueName('login').replace(/-/g, '_'),
        services: ['publications'],
        env: { KAFKA_SASL_PASSWORD: wrong },
      }),
      (err) => {
        const text = failureText(err);
        assert.match(text, /publications exited/);
        assert.match(text, /authentication failed/i);
        const logFile = /see (\S+\.log)/.exec(text)?.[1];
        assert.ok(logFile, text);
        const log = readFileSync(logFile, 'utf8');
        assert.match(log, /authentication failed/i);
        assert.ok(!log.includes(wrong) && !text.includes(wrong), 'the password is not in the log');
        return true;
      },
    );
  });
});
