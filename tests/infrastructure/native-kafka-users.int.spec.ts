// The native broker's SCRAM users across an upgrade (infra/native.mjs): a principal added to the
// product since the broker's data was formatted (as `operations` was in issue 14.4) gets its user
// on the next `up`, and the data — topics included — is kept. Before, `up` refused such data and
// asked for `native.mjs clean`, and a developer's integration tests then skipped themselves.
// On a private broker and store of this file's own (a temporary INFRA_HOME, free ports).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, repoRoot } from '#testing';

interface NativeConfig {
  readonly kafkaLibs: string;
  readonly kafkaBrokers: string;
  readonly kafkaData: string;
  readonly kafkaCredentials: string;
}

interface Credentials {
  readonly mechanism: 'scram-sha-512';
  readonly users: Readonly<Record<string, string>>;
}

interface NativeModule {
  nativeConfig(env: Record<string, string | undefined>): NativeConfig;
  up(cfg: NativeConfig): Promise<unknown>;
  down(cfg: NativeConfig): Promise<void>;
  runConfigCommand(cfg: NativeConfig, credentials: Credentials, args: string[], secret?: string): void;
}

const native = (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href)) as NativeModule;
// Where the native broker has been resolved on this machine (always in CI, which runs the native stack).
const probe = native.nativeConfig(process.env);
const skip =
  !existsSync(path.join(probe.kafkaLibs, '.complete')) && process.env.CI !== 'true'
    ? 'the native Kafka is not resolved here (node infra/native.mjs up does it)'
    : false;

const credentialsOf = (cfg: NativeConfig): Credentials =>
  JSON.parse(readFileSync(cfg.kafkaCredentials, 'utf8')) as Credentials;

/** Whether `principal` can log in: an admin client connects and lists topics. */
async function topicsAs(cfg: NativeConfig, principal: string): Promise<string[] | Error> {
  const { mechanism, users } = credentialsOf(cfg);
  const kafka = new Kafka({
    clientId: `users-${principal}`,
    brokers: [cfg.kafkaBrokers],
    sasl: { mechanism, username: principal, password: users[principal]! },
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } catch (err) {
    return err as Error;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

describe('native broker: a principal new since the data was formatted gets its SCRAM user', { skip }, () => {
  let home: string;
  let cfg: NativeConfig;

  before(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'native-users-'));
    cfg = native.nativeConfig({
      ...process.env,
      INFRA_HOME: home,
      NATIVE_KAFKA_PORT: String(await freePort()),
      NATIVE_KAFKA_CONTROLLER_PORT: String(await freePort()),
      NATIVE_FERRETDB_PORT: String(await freePort()),
      NATIVE_POSTGRES_PORT: String(await freePort()),
    });
  });

  after(async () => {
    await native.down(cfg).catch(() => {});
    await rm(home, { recursive: true, force: true });
  });

  it('adds the missing user on the next up and keeps the topics', async () => {
    await native.up(cfg);
    const admin = new Kafka({
      clientId: 'users-setup',
      brokers: [cfg.kafkaBrokers],
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: credentialsOf(cfg).users.admin! },
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept.events', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    // The data as an older checkout formatted it: no `operations` user, and its marker says so.
    native.runConfigCommand(cfg, credentialsOf(cfg), [
      '--alter',
      '--delete-config',
      'SCRAM-SHA-512',
      '--entity-type',
      'users',
      '--entity-name',
      'operations',
    ]);
    const marker = path.join(cfg.kafkaData, 'scram-users');
    const formatted = readFileSync(marker, 'utf8').split('\n').filter(Boolean);
    writeFileSync(marker, `${formatted.filter((p) => p !== 'operations').join('\n')}\n`);
    assert.ok((await topicsAs(cfg, 'operations')) instanceof Error, 'operations cannot log in before the upgrade');
    await native.down(cfg);

    await native.up(cfg);
    const asOperations = await topicsAs(cfg, 'operations');
    assert.ok(!(asOperations instanceof Error), `operations logs in after up: ${String(asOperations)}`);
    const asAdmin = await topicsAs(cfg, 'admin');
    assert.ok(Array.isArray(asAdmin) && asAdmin.includes('kept.events'), 'the topics made before are kept');
    assert.ok(readFileSync(marker, 'utf8').split('\n').includes('operations'), 'the marker names the user');
  });
});
