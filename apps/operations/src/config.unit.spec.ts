// The operations service's boot configuration (issue 13 item 3, issue 14.4): in real mode the
// operations API must be told where every other service runs (SERVICE_URLS) — without it, it asked
// its own port for all of them and the monitoring page showed them not ready; WORKBENCH_URL (issue
// 18.4) is a path or an http(s) URL, never something a link would run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICES } from '#contracts';
import { loadConfig } from './config.js';

const REAL = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/operations',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  KAFKA_SASL_USERNAME: 'operations',
  KAFKA_SASL_PASSWORD: 'a-broker-password',
};
const everyOther = SERVICES.filter((s) => s !== 'operations')
  .map((s, i) => `${s}=http://127.0.0.1:${3001 + i}`)
  .join(',');

describe('operations configuration: SERVICE_URLS', () => {
  it('refuses to boot in real mode without SERVICE_URLS, naming the variable and each missing service', () => {
    assert.throws(
      () => loadConfig(REAL),
      /invalid configuration: SERVICE_URLS must name every other service.*missing: applications, publications, consultations, enforcement, appeals, reporting/,
    );
    assert.throws(
      () => loadConfig({ ...REAL, SERVICE_URLS: 'applications=http://127.0.0.1:3001' }),
      /SERVICE_URLS.*missing: publications, consultations, enforcement, appeals, reporting$/,
    );
  });

  it('refuses a name that is no service, and a URL that is not http(s)://host:port', () => {
    assert.throws(
      () => loadConfig({ ...REAL, SERVICE_URLS: `${everyOther},aplications=http://127.0.0.1:1` }),
      /SERVICE_URLS: aplications is not a service/,
    );
    assert.throws(() => loadConfig({ ...REAL, SERVICE_URLS: 'applications=file:///etc/passwd' }), /SERVICE_URLS/);
  });

  it('takes every other service in real mode (operations itself may be left out), and nothing in embedded mode', () => {
    const config = loadConfig({ ...REAL, SERVICE_URLS: everyOther });
    assert.equal(config.serviceUrls.appeals, 'http://127.0.0.1:3005');
    assert.equal(config.serviceUrls.reporting, 'http://127.0.0.1:3006');
    assert.equal(config.serviceUrls.operations, undefined);
    assert.deepEqual(loadConfig({}).serviceUrls, {});
  });
});

describe('operations configuration: WORKBENCH_URL', () => {
  it('defaults to /workbench/ and takes a path or an http(s) URL', () => {
    assert.equal(loadConfig({}).workbenchUrl, '/workbench/');
    assert.equal(loadConfig({ WORKBENCH_URL: '/office/workbench/' }).workbenchUrl, '/office/workbench/');
    assert.equal(
      loadConfig({ WORKBENCH_URL: 'https://office.example.gov.cn/workbench/' }).workbenchUrl,
      'https://office.example.gov.cn/workbench/',
    );
  });

  it('refuses at boot what a link must not be, naming the variable', () => {
    for (const bad of ['javascript:alert(1)', 'workbench/', '//evil.example/', '/workbench/#/x', 'ftp://host/']) {
      assert.throws(() => loadConfig({ WORKBENCH_URL: bad }), /invalid configuration: WORKBENCH_URL/, bad);
    }
  });
});
