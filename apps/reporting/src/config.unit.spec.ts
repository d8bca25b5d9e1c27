// The reporting service's boot configuration (issue 13 item 3): in real mode the operations API must
// be told where every other service runs (SERVICE_URLS) — without it, it asked its own port for all
// six and the monitoring page showed five services not ready.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICES } from '#contracts';
import { loadConfig } from './config.js';

const REAL = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/reporting',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  KAFKA_SASL_USERNAME: 'reporting',
  KAFKA_SASL_PASSWORD: 'a-broker-password',
};
const everyOther = SERVICES.filter((s) => s !== 'reporting')
  .map((s, i) => `${s}=http://127.0.0.1:${3001 + i}`)
  .join(',');

describe('reporting configuration: SERVICE_URLS', () => {
  it('refuses to boot in real mode without SERVICE_URLS, naming the variable and each missing service', () => {
    assert.throws(
      () => loadConfig(REAL),
      /invalid configuration: SERVICE_URLS must name every other service.*missing: applications, publications, consultations, enforcement, appeals/,
    );
    assert.throws(
      () => loadConfig({ ...REAL, SERVICE_URLS: 'applications=http://127.0.0.1:3001' }),
      /SERVICE_URLS.*missing: publications, consultations, enforcement, appeals$/,
    );
  });

  it('refuses a name that is no service, and a URL that is not http(s)://host:port', () => {
    assert.throws(
      () => loadConfig({ ...REAL, SERVICE_URLS: `${everyOther},aplications=http://127.0.0.1:1` }),
      /SERVICE_URLS: aplications is not a service/,
    );
    assert.throws(() => loadConfig({ ...REAL, SERVICE_URLS: 'applications=file:///etc/passwd' }), /SERVICE_URLS/);
  });

  it('takes every other service in real mode (reporting itself may be left out), and nothing in embedded mode', () => {
    const config = loadConfig({ ...REAL, SERVICE_URLS: everyOther });
    assert.equal(config.serviceUrls.appeals, 'http://127.0.0.1:3005');
    assert.equal(config.serviceUrls.reporting, undefined);
    assert.deepEqual(loadConfig({}).serviceUrls, {});
  });
});
