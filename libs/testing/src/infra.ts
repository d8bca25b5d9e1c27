// Resolves the real Kafka broker and MongoDB-protocol store that integration and end-to-end tests
// talk to. Never a mock: in order of preference
//   1. KAFKA_BROKERS + MONGODB_URI from the environment (an existing cluster, or the one the test
//      runner resolved once for the whole run);
//   2. a Docker engine that answers → testcontainers (Kafka in KRaft mode, MongoDB single-node replica set);
//   3. the native stack of infra/native.mjs (Apache Kafka from Maven Central, FerretDB on a private
//      PostgreSQL cluster, or on SQLite where PostgreSQL is not installed).
// With CI=true nothing is ever skipped: if no provider works the run fails with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrokerCredentials, type ScramMechanism } from '#messaging';
import { pathToFileURL } from 'node:url';
import { provisionBrokerAccessFor } from './broker-access.js';
import { infraHome, repoRoot } from '#auth';
import { eventually } from './probe.js';

export type InfraProvider = 'environment' | 'testcontainers' | 'native';

export interface Infra {
  readonly provider: InfraProvider;
  /** A human-readable line naming the provider and addresses, printed in test output. */
  readonly description: string;
  readonly kafkaBrokers: string[];
  readonly mongoUri: string;
  /** The broker's SASL/SCRAM users, when it authenticates clients (every provider here does). */
  readonly kafkaAuth?: KafkaAuth;
}

/** The credentials file infra/broker-access.mjs writes: one password per principal. */
export interface KafkaAuth {
  readonly mechanism: ScramMechanism;
  /** `admin` (the super user tests use) and one principal per service. */
  readonly users: Readonly<Record<string, string>>;
  /** Where they are kept; handed to test files and tools as KAFKA_CREDENTIALS_FILE. */
  readonly file: string;
}

export function readKafkaAuth(file: string): KafkaAuth {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { mechanism: ScramMechanism; users: Record<string, string> };
  return { mechanism: parsed.mechanism, users: parsed.users, file };
}

/** The broker credentials of one principal (default `admin`, the super user); none on an open broker. */
export function kafkaSasl(infra: Infra, principal = 'admin'): BrokerCredentials | undefined {
  const auth = infra.kafkaAuth;
  if (!auth) return undefined;
  const password = auth.users[principal];
  if (password === undefined) throw new Error(`the broker has no user ${principal} (${auth.file})`);
  return { mechanism: auth.mechanism, username: principal, password };
}

/**
 * What a test's own Kafka client needs — `new Kafka({ clientId, ...kafkaClient(infra) })` or
 * `new KafkaTransport({ ...kafkaClient(infra), … })`: the brokers and, on a broker that
 * authenticates, the admin principal's credentials (tests set up and inspect every topic).
 */
export function kafkaClient(infra: Infra, principal = 'admin'): { brokers: string[]; sasl?: BrokerCredentials } {
  const sasl = kafkaSasl(infra, principal);
  return { brokers: [...infra.kafkaBrokers], ...(sasl ? { sasl } : {}) };
}

/** The real-mode runtime of a service built in a test process: the run's broker (as admin) and a store. */
export function realRuntime(
  infra: Infra,
  mongoUri: string,
): { mode: 'real'; mongoUri: string; kafkaBrokers: string[]; kafkaSasl?: BrokerCredentials } {
  const sasl = kafkaSasl(infra);
  return { mode: 'real', mongoUri, kafkaBrokers: [...infra.kafkaBrokers], ...(sasl ? { kafkaSasl: sasl } : {}) };
}

/**
 * KAFKA_CREDENTIALS_FILE names the broker's credentials; without it, those of the native stack of
 * this INFRA_HOME when they exist (a developer who started `npm run infra:up` and passes only
 * KAFKA_BROKERS and MONGODB_URI).
 */
function kafkaAuthFromEnvironment(env: NodeJS.ProcessEnv): KafkaAuth | undefined {
  const file = env.KAFKA_CREDENTIALS_FILE?.trim() || path.join(infraHome(env), 'run', 'kafka-credentials.json');
  if (env.KAFKA_CREDENTIALS_FILE?.trim() || existsSync(file)) return readKafkaAuth(file);
  return undefined;
}

export interface ProvisionedInfra extends Infra {
  /** Stops what this call started (containers, or the native stack if it was not running). */
  release(): Promise<void>;
}

/** Apache Kafka 4.1, the version the native stack pins and docker-compose.yml runs. */
export const KAFKA_CONTAINER_IMAGE = 'apache/kafka:4.1.1';
export const MONGODB_CONTAINER_IMAGE = 'mongo:8.0';

export { repoRoot } from '#auth';

export function infraFromEnvironment(env: NodeJS.ProcessEnv = process.env): Infra | undefined {
  const brokers = env.KAFKA_BROKERS?.trim();
  const mongoUri = env.MONGODB_URI?.trim();
  if (!brokers || !mongoUri) return undefined;
  const provider = (env.INFRA_PROVIDER as InfraProvider | undefined) ?? 'environment';
  const kafkaBrokers = brokers.split(',').map((b) => b.trim());
  const kafkaAuth = kafkaAuthFromEnvironment(env);
  return {
    provider,
    kafkaBrokers,
    mongoUri,
    ...(kafkaAuth ? { kafkaAuth } : {}),
    description: env.INFRA_DESCRIPTION ?? `${provider}: Kafka ${brokers}, MongoDB ${mongoUri}`,
  };
}

export function dockerAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/** What startContainers takes from infra/native.mjs and infra/broker-access.mjs (one broker setup). */
interface BrokerSetupModules {
  native: {
    kafkaServerProperties(cfg: Record<string, unknown>, credentials: unknown): string;
    scramFormatArgs(credentials: unknown): string[];
  };
  access: { brokerCredentials(file: string): unknown };
}

const importInfra = async <T>(file: string): Promise<T> =>
  (await import(pathToFileURL(path.join(repoRoot(), 'infra', file)).href)) as T;

/** A shell word for sh -c: single-quoted, with embedded quotes closed and escaped. */
const shellWord = (s: string): string => `'${s.replaceAll("'", `'"'"'`)}'`;

/**
 * Kafka in a container with the native stack's broker settings (infra/native.mjs): SASL/SCRAM users
 * for every principal made at format time, the StandardAuthorizer, the ACLs of
 * infra/broker-access.mjs. The broker must advertise the port Docker maps, known only once the
 * container runs: so the container waits for its settings file, which is written then.
 */
async function startKafkaContainer(): Promise<{ brokers: string[]; kafkaAuth: KafkaAuth; stop(): Promise<void> }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const native = await importInfra<BrokerSetupModules['native']>('native.mjs');
  const access = await importInfra<BrokerSetupModules['access']>('broker-access.mjs');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-credentials-'));
  const file = path.join(dir, 'kafka-credentials.json');
  const credentials = access.brokerCredentials(file);
  const waiting = 'waiting for the broker settings';
  const container = await new GenericContainer(KAFKA_CONTAINER_IMAGE)
    .withExposedPorts(9092)
    .withEntrypoint(['sh', '-c'])
    .withCommand([
      `echo '${waiting}'; while [ ! -f /tmp/broker/ready ]; do sleep 0.1; done; exec sh /tmp/broker/start.sh`,
    ])
    .withWaitStrategy(Wait.forLogMessage(waiting))
    .withStartupTimeout(180_000)
    .start();
  const brokers = [`${container.getHost()}:${container.getMappedPort(9092)}`];
  const properties = native.kafkaServerProperties(
    {
      host: 'localhost',
      listenHost: '0.0.0.0',
      kafkaPort: 9092,
      controllerPort: 9093,
      kafkaData: '/tmp/kraft-data',
      advertisedKafka: brokers[0],
    },
    credentials,
  );
  const format = [
    '/opt/kafka/bin/kafka-storage.sh',
    'format',
    '-t',
    'bGFuZC1idXJlYXUtdGVzdA',
    '-c',
    '/tmp/broker/server.properties',
  ];
  const start = [
    `${[...format, ...native.scramFormatArgs(credentials)].map(shellWord).join(' ')} >/tmp/kraft-format.log 2>&1 || exit 1`,
    'exec /opt/kafka/bin/kafka-server-start.sh /tmp/broker/server.properties',
  ].join('\n');
  await container.copyContentToContainer([
    // Copied as root; the image runs Kafka as its own user, who must read them.
    { content: properties, target: '/tmp/broker/server.properties', mode: 0o644 },
    { content: `${start}\n`, target: '/tmp/broker/start.sh', mode: 0o755 },
  ]);
  await container.copyContentToContainer([{ content: 'go\n', target: '/tmp/broker/ready', mode: 0o644 }]);
  const kafkaAuth = readKafkaAuth(file);
  const admin = kafkaClient({
    provider: 'testcontainers',
    description: '',
    kafkaBrokers: brokers,
    mongoUri: '',
    kafkaAuth,
  });
  await eventually(() => provisionBrokerAccessFor(admin, '').then(() => true), {
    timeoutMs: 120_000,
    intervalMs: 1000,
    what: 'the Kafka container accepts the admin principal and its ACLs',
  });
  return {
    brokers,
    kafkaAuth,
    stop: async () => {
      await container.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startContainers(): Promise<ProvisionedInfra> {
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    startKafkaContainer(),
    new MongoDBContainer(MONGODB_CONTAINER_IMAGE).start(),
  ]);
  // directConnection: the replica set advertises its in-container host name.
  const mongoUri = `${mongo.getConnectionString()}?directConnection=true`;
  return {
    provider: 'testcontainers',
    kafkaBrokers: kafka.brokers,
    mongoUri,
    kafkaAuth: kafka.kafkaAuth,
    description: `testcontainers: ${KAFKA_CONTAINER_IMAGE} (KRaft, SASL/SCRAM + ACLs) at ${kafka.brokers[0]}, ${MONGODB_CONTAINER_IMAGE} replica set`,
    release: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

interface NativeModule {
  nativeConfig(): { kafkaBrokers: string; mongoUri: string };
  status(): Promise<Array<{ ok: boolean }>>;
  up(): Promise<{ kafkaBrokers: string; mongoUri: string; kafkaCredentialsFile: string; store: string }>;
  down(): Promise<void>;
  KAFKA_VERSION: string;
  FERRETDB_VERSION: string;
}

async function startNative(): Promise<ProvisionedInfra> {
  const url = pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href;
  const native = (await import(url)) as NativeModule;
  const wasRunning = (await native.status()).every((part) => part.ok);
  const { kafkaBrokers, mongoUri, kafkaCredentialsFile, store } = await native.up();
  return {
    provider: 'native',
    kafkaBrokers: [kafkaBrokers],
    mongoUri,
    kafkaAuth: readKafkaAuth(kafkaCredentialsFile),
    description:
      `native: Apache Kafka ${native.KAFKA_VERSION} (KRaft) at ${kafkaBrokers}, ` +
      `${store} at ${mongoUri}` +
      (wasRunning ? ' (already running, left running)' : ' (started for this run)'),
    // A stack someone else started (a developer's `npm run infra:up`) is theirs to stop.
    release: wasRunning ? async () => {} : () => native.down(),
  };
}

/**
 * Provisions infrastructure for a whole test run (called once by infra/run-tests.mjs, or by a
 * test file run on its own). Throws with every provider's reason when none works.
 */
export async function provisionInfra(): Promise<ProvisionedInfra> {
  const fromEnv = infraFromEnvironment();
  if (fromEnv) return { ...fromEnv, release: async () => {} };
  const reasons: string[] = [];
  if (dockerAnswers()) {
    try {
      return await startContainers();
    } catch (err) {
      reasons.push(`testcontainers: ${(err as Error).message}`);
    }
  } else {
    reasons.push('testcontainers: no Docker engine answers `docker info`');
  }
  try {
    return await startNative();
  } catch (err) {
    reasons.push(`native: ${(err as Error).message}`);
  }
  throw new Error(`no real Kafka/MongoDB provider works:\n  ${reasons.join('\n  ')}`);
}

export type InfraOrSkip = { infra: Infra; skip: false } | { infra: undefined; skip: string };

let resolved: Promise<InfraOrSkip> | undefined;

/**
 * For a test file: the run's infrastructure, or — outside CI only — a one-line reason to skip.
 * Use as `const real = await integrationInfra(); describe('…', { skip: real.skip }, …)`.
 */
export function integrationInfra(): Promise<InfraOrSkip> {
  resolved ??= (async (): Promise<InfraOrSkip> => {
    try {
      const infra = infraFromEnvironment() ?? (await provisionInfra());
      return { infra, skip: false };
    } catch (err) {
      if (process.env.CI === 'true') throw err;
      return { infra: undefined, skip: `no real infrastructure: ${(err as Error).message.split('\n')[0]}` };
    }
  })();
  return resolved;
}

/** A name no other test (or earlier run against the same broker/store) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
