// Which secret `npm run token` signs with (issue 18 item 3): AUTH_JWT_SECRET when set; otherwise the
// running embedded platform's per-process secret, from its owner-only issuer file — and a clear
// refusal when the file is missing, readable by others, unreadable, or left by a platform that has gone.
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  embeddedIssuerFilePath,
  LOCAL_ISSUER_FILE_ACCESS,
  removeEmbeddedIssuerFile,
  resolveSigningSettings,
  writeEmbeddedIssuerFile,
  type EmbeddedIssuerRecord,
  type IssuerFileAccess,
} from './embedded-issuer-file.js';
import { authenticate, AuthConfigError, randomSecret } from './settings.js';
import { mintFromArgs } from './token-cli.js';

const FILE = '/somewhere/.infra/embedded-issuer.json';
const ENV_SECRET = 'the-environment-secret-0123456789abcdef';
const record: EmbeddedIssuerRecord = {
  pid: 4242,
  secret: randomSecret(),
  issuer: 'land-bureau',
  audience: 'land-bureau-api',
  baseUrl: 'http://127.0.0.1:3000',
};

/** A machine holding `text` at FILE with `mode`, where the processes `running` run. */
const machine = (text: string | undefined, mode = 0o100600, running: readonly number[] = [4242]): IssuerFileAccess => ({
  read: (file) => (file === FILE && text !== undefined ? { text, mode } : undefined),
  isRunning: (pid) => running.includes(pid),
});

const refused = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AuthConfigError, String(err));
  assert.match(err.message, pattern);
  return true;
};

describe('npm run token: which secret it signs with', () => {
  it('uses AUTH_JWT_SECRET when it is set, even with a platform running, and says so', () => {
    const choice = resolveSigningSettings({ AUTH_JWT_SECRET: ENV_SECRET }, FILE, machine(JSON.stringify(record)));
    assert.equal(choice.settings.secret, ENV_SECRET);
    assert.match(choice.source, /AUTH_JWT_SECRET/);
  });

  it('without AUTH_JWT_SECRET, signs for the running platform with its secret, issuer and audience', () => {
    const own = { ...record, issuer: 'bureau-dev', audience: 'bureau-dev-api' };
    const choice = resolveSigningSettings({}, FILE, machine(JSON.stringify(own)));
    assert.deepEqual(
      [choice.settings.secret, choice.settings.issuer, choice.settings.audience],
      [own.secret, 'bureau-dev', 'bureau-dev-api'],
    );
    assert.match(choice.source, /pid 4242 at http:\/\/127\.0\.0\.1:3000/);
    assert.ok(choice.source.includes(FILE));
    assert.ok(!choice.source.includes(own.secret), 'the secret is never said');
  });

  it('an empty AUTH_JWT_SECRET counts as unset', () => {
    assert.equal(
      resolveSigningSettings({ AUTH_JWT_SECRET: '' }, FILE, machine(JSON.stringify(record))).settings.secret,
      record.secret,
    );
  });

  it('refuses, saying what to do, when there is neither', () => {
    assert.throws(() => resolveSigningSettings({}, FILE, machine(undefined)), refused(/AUTH_JWT_SECRET.*npm start/));
  });

  it('refuses the file of a platform that is no longer running (killed before it could remove it)', () => {
    assert.throws(
      () => resolveSigningSettings({}, FILE, machine(JSON.stringify(record), 0o100600, [])),
      refused(/pid 4242\) is not running/),
    );
  });

  it('refuses a file that others may read, and one that is not an issuer file', () => {
    assert.throws(
      () => resolveSigningSettings({}, FILE, machine(JSON.stringify(record), 0o100644)),
      refused(/readable by others/),
    );
    assert.throws(
      () => resolveSigningSettings({}, FILE, machine('{"secret":"short"}')),
      refused(/not an embedded issuer file/),
    );
    assert.throws(() => resolveSigningSettings({}, FILE, machine('not json')), refused(/not an embedded issuer file/));
  });

  it('mints a token that the platform (its settings) accepts, and reports the source apart from the token', () => {
    const { token, source } = mintFromArgs(
      ['--sub', 'clerk-2', '--roles', 'clerk', '--agency', 'zhuzhou-city'],
      { EMBEDDED_ISSUER_FILE: FILE },
      machine(JSON.stringify(record)),
    );
    const settings = { mode: 'jwt', secret: record.secret, issuer: record.issuer, audience: record.audience } as const;
    const principal = authenticate(token, settings, new Date());
    assert.deepEqual([principal.sub, principal.roles, principal.agencyId], ['clerk-2', ['clerk'], 'zhuzhou-city']);
    assert.match(source, /embedded platform/);
  });

  it('finds the file at EMBEDDED_ISSUER_FILE, else .infra/embedded-issuer.json under the working folder', () => {
    assert.equal(embeddedIssuerFilePath({}, '/repo'), '/repo/.infra/embedded-issuer.json');
    assert.equal(embeddedIssuerFilePath({ EMBEDDED_ISSUER_FILE: 'x/y.json' }, '/repo'), '/repo/x/y.json');
  });
});

describe('the issuer file on disk', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('is written owner-only (0600) even under a permissive umask, read back, and removed only by its writer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'issuer-file-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'embedded-issuer.json');
    const previous = process.umask(0o000);
    try {
      writeEmbeddedIssuerFile(file, { ...record, pid: process.pid });
    } finally {
      process.umask(previous);
    }
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const choice = resolveSigningSettings({}, file, LOCAL_ISSUER_FILE_ACCESS);
    assert.equal(choice.settings.secret, record.secret);

    removeEmbeddedIssuerFile(file, process.pid + 1);
    assert.ok((await stat(file)).isFile(), "another process's exit leaves the file");
    removeEmbeddedIssuerFile(file, process.pid);
    await assert.rejects(stat(file), /ENOENT/);
    removeEmbeddedIssuerFile(file, process.pid); // gone already: no error
  });
});
