// HOST, the address a service listens on (issue 13 item 4): loopback unless configured, validated
// at boot (an IP address; a name or garbage is refused naming the variable).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HOST, loadServiceConfig } from './service-config.js';

describe('service configuration: HOST', () => {
  it('defaults to loopback, also when HOST is empty', () => {
    assert.equal(DEFAULT_HOST, '127.0.0.1');
    assert.equal(loadServiceConfig({}, 3001).host, '127.0.0.1');
    assert.equal(loadServiceConfig({ HOST: '' }, 3001).host, '127.0.0.1');
  });

  it('takes an IPv4 or IPv6 address', () => {
    for (const host of ['0.0.0.0', '127.0.0.1', '10.1.2.3', '::', '::1']) {
      assert.equal(loadServiceConfig({ HOST: host }, 3001).host, host);
    }
  });

  it('refuses anything else, naming HOST and the rule', () => {
    for (const host of ['my-laptop', 'localhost', '127.0.0.1:3001', '256.1.1.1', '0.0.0.0 ', 'http://0.0.0.0']) {
      assert.throws(
        () => loadServiceConfig({ HOST: host }, 3001),
        /invalid configuration: HOST: must be an IP address to listen on/,
        host,
      );
    }
  });
});
