import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brokerCredentialsFromEnv } from './broker-credentials.js';

describe('brokerCredentialsFromEnv (KAFKA_SASL_*, validated at boot)', () => {
  it('reads a service principal, scram-sha-512 unless told otherwise', () => {
    assert.deepEqual(brokerCredentialsFromEnv({ KAFKA_SASL_USERNAME: 'applications', KAFKA_SASL_PASSWORD: 's3cret' }), {
      mechanism: 'scram-sha-512',
      username: 'applications',
      password: 's3cret',
    });
    assert.equal(
      brokerCredentialsFromEnv({
        KAFKA_SASL_USERNAME: 'a',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      })?.mechanism,
      'scram-sha-256',
    );
  });

  it('refuses to run unauthenticated unless KAFKA_SASL_DISABLED=true says so', () => {
    assert.throws(() => brokerCredentialsFromEnv({}), /KAFKA_SASL_USERNAME: required in real mode/);
    assert.equal(brokerCredentialsFromEnv({ KAFKA_SASL_DISABLED: 'true' }), undefined);
    assert.throws(
      () => brokerCredentialsFromEnv({ KAFKA_SASL_DISABLED: 'true', KAFKA_SASL_USERNAME: 'a' }),
      /KAFKA_SASL_DISABLED=true: do not also set/,
    );
    assert.throws(
      () => brokerCredentialsFromEnv({ KAFKA_SASL_DISABLED: 'yes' }),
      /KAFKA_SASL_DISABLED: must be true or false/,
    );
  });

  it('names the variable and the rule, and never the password', () => {
    assert.throws(() => brokerCredentialsFromEnv({ KAFKA_SASL_USERNAME: 'a' }), /KAFKA_SASL_PASSWORD: required/);
    assert.throws(
      () => brokerCredentialsFromEnv({ KAFKA_SASL_USERNAME: 'a b', KAFKA_SASL_PASSWORD: 'hunter2' }),
      (err: Error) => /KAFKA_SASL_USERNAME: must be/.test(err.message) && !err.message.includes('hunter2'),
    );
    assert.throws(
      () =>
        brokerCredentialsFromEnv({
          KAFKA_SASL_USERNAME: 'a',
          KAFKA_SASL_PASSWORD: 'hunter2',
          KAFKA_SASL_MECHANISM: 'plain',
        }),
      (err: Error) =>
        /KAFKA_SASL_MECHANISM: must be one of scram-sha-256, scram-sha-512/.test(err.message) &&
        !err.message.includes('hunter2'),
    );
  });
});
