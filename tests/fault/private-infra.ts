// A broker and a store of the fault suite's own: a second native Kafka and FerretDB on free ports
// in a temporary INFRA_HOME, so restarting them cannot disturb the other test files, which share
// the run's broker and store.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, freePort, kafkaClient, readKafkaAuth, repoRoot, type Infra } from '#testing';

interface NativeConfig {
  readonly home: string;
  readonly run: string;
  readonly kafkaBrokers: string;
  readonly mongoUri: string;
}

interface NativeModule {
  nativeConfig(env: Record<string, string | undefined>): NativeConfig;
  up(
    cfg: NativeConfig,
  ): Promise<{ kafkaBrokers: string; mongoUri: string; kafkaCredentialsFile: string; store: string }>;
  down(cfg: NativeConfig): Promise<void>;
}

export type Part = 'kafka' | 'ferretdb';

export interface PrivateInfra {
  readonly infra: Infra;
  /** Stops one part (SIGTERM to its process group, as `infra:down` does) and starts it again. */
  restart(part: Part, onStopped?: () => Promise<void>): Promise<void>;
  /** Freezes one part (SIGSTOP to its process group): it keeps its connections and answers nothing. */
  freeze(part: Part): void;
  /** Lets a frozen part run again (SIGCONT). */
  thaw(part: Part): void;
  release(): Promise<void>;
}

const native = async (): Promise<NativeModule> =>
  (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href)) as NativeModule;

function pidOf(cfg: NativeConfig, part: Part): number | undefined {
  const file = path.join(cfg.run, `${part}.pid`);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * A fresh or restarted KRaft broker answers metadata before it accepts topics (the broker is still
 * fenced) and creates the consumer-offsets topic on first use: services booting in that window
 * fail to create their topics. So: wait until a topic can be created, written and read by a group.
 */
async function warmUp(infra: Infra): Promise<void> {
  const kafka = new Kafka({ clientId: 'fault-warm-up', ...kafkaClient(infra), logLevel: logLevel.NOTHING });
  const topic = `warm-up-${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await eventually(() => admin.connect().then(() => true), { timeoutMs: 60_000, what: 'admin connects' });
  try {
    // createTopics answers false when the topic exists — as it does after an attempt that created
    // it but timed out waiting for its leader: that is success too (the send below waits for it).
    await eventually(
      async () => {
        await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the broker accepts a topic' },
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'warm' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    let seen = false;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void (seen = true) });
    await eventually(() => seen, { timeoutMs: 60_000, what: 'a consumer group reads' });
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  } finally {
    await admin.disconnect();
  }
}

export async function startPrivateInfra(): Promise<PrivateInfra> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'fault-infra-'));
  const [kafkaPort, controllerPort, ferretPort, postgresPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const mod = await native();
  const cfg = mod.nativeConfig({
    ...process.env,
    INFRA_HOME: home,
    NATIVE_KAFKA_PORT: String(kafkaPort),
    NATIVE_KAFKA_CONTROLLER_PORT: String(controllerPort),
    NATIVE_FERRETDB_PORT: String(ferretPort),
    NATIVE_POSTGRES_PORT: String(postgresPort),
  });
  let infra: Infra;
  try {
    const { kafkaCredentialsFile, store } = await mod.up(cfg);
    infra = {
      provider: 'native',
      kafkaBrokers: [cfg.kafkaBrokers],
      mongoUri: cfg.mongoUri,
      kafkaAuth: readKafkaAuth(kafkaCredentialsFile),
      description: `private native Kafka at ${cfg.kafkaBrokers}, ${store} at ${cfg.mongoUri} (home ${home})`,
    };
    await warmUp(infra);
  } catch (err) {
    await mod.down(cfg).catch(() => {});
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
  return {
    infra,
    async restart(part, onStopped) {
      const pid = pidOf(cfg, part);
      if (pid === undefined) throw new Error(`${part} of the private stack is not running`);
      process.kill(-pid, 'SIGTERM');
      await eventually(() => pidOf(cfg, part) === undefined, { timeoutMs: 45_000, what: `${part} stopped` });
      rmSync(path.join(cfg.run, `${part}.pid`), { force: true });
      await onStopped?.();
      await mod.up(cfg);
      if (part === 'kafka') await warmUp(infra);
    },
    freeze(part) {
      const pid = pidOf(cfg, part);
      if (pid === undefined) throw new Error(`${part} of the private stack is not running`);
      process.kill(-pid, 'SIGSTOP');
    },
    thaw(part) {
      const pid = pidOf(cfg, part);
      if (pid === undefined) throw new Error(`${part} of the private stack is not running`);
      process.kill(-pid, 'SIGCONT');
    },
    async release() {
      await mod.down(cfg);
      await rm(home, { recursive: true, force: true });
    },
  };
}
