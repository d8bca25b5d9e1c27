// HOST, the address a service listens on (issue 13 item 4): loopback unless configured, validated
// at boot (an IP address; a name or garbage is refused naming the variable).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ZHUZHOU_AGENCIES } from '#contracts';
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

describe('service configuration: AGENCIES_FILE (ADR 0014)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agencies-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const at = path.join(dir, name);
    writeFileSync(at, content);
    return at;
  };

  it('is the 2009 scenario’s agencies when unset, the file’s when set', () => {
    assert.equal(loadServiceConfig({}, 3001).agencies, ZHUZHOU_AGENCIES);
    const mine = file('mine.json', JSON.stringify([{ id: 'mou-city', name: '某市自然资源和规划局' }]));
    assert.deepEqual(loadServiceConfig({ AGENCIES_FILE: mine }, 3001).agencies.ids(), ['mou-city']);
  });

  it('stops boot on a bad file, naming the variable, the file, the entry and the rule', () => {
    const bad = file(
      'bad.json',
      JSON.stringify([
        { id: 'mou-city', name: 'A' },
        { id: 'east', name: 'B', parentId: 'x' },
      ]),
    );
    assert.throws(
      () => loadServiceConfig({ AGENCIES_FILE: bad }, 3001),
      /invalid configuration: AGENCIES_FILE: agencies file .*bad\.json: agencies\[1\] \(east\) parentId: no agency x in the list \(agency\.parent-unknown\)/,
    );
    assert.throws(
      () => loadServiceConfig({ AGENCIES_FILE: file('broken.json', '[{') }, 3001),
      /AGENCIES_FILE: agencies file .*broken\.json: is not JSON/,
    );
    assert.throws(
      () => loadServiceConfig({ AGENCIES_FILE: path.join(dir, 'missing.json') }, 3001),
      /AGENCIES_FILE: agencies file .*missing\.json: cannot be read \(ENOENT\)/,
    );
  });
});
