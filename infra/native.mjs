#!/usr/bin/env node
// The native infrastructure for machines without a Docker engine: a real Apache Kafka broker
// (KRaft, one node acting as broker and controller, resolved from Maven Central) and FerretDB
// (the MongoDB wire protocol, built from its Go module) on a private PostgreSQL cluster
// (infra/postgres.mjs, ADR 0012), or on SQLite where PostgreSQL is not installed
// (NATIVE_FERRETDB_BACKEND=postgresql|sqlite).
//
//   node infra/native.mjs up | status | down | clean
//
// Idempotent: `up` on a running stack only checks it answers; artifacts are cached outside the
// work tree (INFRA_CACHE_DIR) so a fresh clone on the same machine starts in seconds.
// Data, logs and pid files live under one git-ignored folder (INFRA_HOME, default .infra/).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  cpSync,
  chmodSync,
  chownSync,
  statSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PRINCIPAL, brokerCredentials, provisionBrokerAccessAt, saslFor } from './broker-access.mjs';
import * as pg from './postgres.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

export const KAFKA_VERSION = '4.1.1';
export const FERRETDB_VERSION = 'v1.24.2';
export const BACKENDS = ['postgresql', 'sqlite'];

/** Every path and port of the native stack, each overridable from the environment. */
export function nativeConfig(env = process.env) {
  const home = path.resolve(env.INFRA_HOME ?? path.join(repo, '.infra'));
  const cache = path.resolve(env.INFRA_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'land-bureau-infra'));
  const host = '127.0.0.1';
  const kafkaPort = Number(env.NATIVE_KAFKA_PORT ?? 19092);
  const controllerPort = Number(env.NATIVE_KAFKA_CONTROLLER_PORT ?? 19093);
  const ferretPort = Number(env.NATIVE_FERRETDB_PORT ?? 27018);
  const postgresBin = pg.findPostgresBin(env);
  // PostgreSQL when it is installed (or asked for: then a missing one is an error), else SQLite.
  const backend = env.NATIVE_FERRETDB_BACKEND?.trim() || (postgresBin ? 'postgresql' : 'sqlite');
  return {
    home,
    cache,
    host,
    kafkaPort,
    controllerPort,
    ferretPort,
    backend,
    backendChosen: Boolean(env.NATIVE_FERRETDB_BACKEND?.trim()),
    postgresPort: Number(env.NATIVE_POSTGRES_PORT ?? 55432),
    postgresBin,
    postgresOwner: pg.clusterOwner(env),
    kafkaHeapMb: Number(env.NATIVE_KAFKA_HEAP_MB ?? 512),
    kafkaLibs: path.join(cache, `kafka-${KAFKA_VERSION}`, 'libs'),
    ferretBin: path.join(cache, `ferretdb-${FERRETDB_VERSION}`, 'bin', 'ferretdb'),
    kafkaData: path.join(home, 'data', 'kafka'),
    ferretData: path.join(home, 'data', 'ferretdb'),
    postgresData: path.join(home, 'data', 'postgres'),
    // Owned by the cluster's OS user, mode 0700: whoever reaches the socket may act as superuser.
    postgresSocketDir: path.join(home, 'run', 'postgres'),
    // The password of FerretDB's PostgreSQL login, made on first `up`, owner-only.
    postgresCredentials: path.join(home, 'run', 'postgres-credentials.json'),
    logs: path.join(home, 'logs'),
    run: path.join(home, 'run'),
    // Every principal's SCRAM password (infra/broker-access.mjs), made on first `up`, owner-only.
    kafkaCredentials: path.join(home, 'run', 'kafka-credentials.json'),
    kafkaBrokers: `${host}:${kafkaPort}`,
    mongoUri: `mongodb://${host}:${ferretPort}/`,
  };
}

const log = (msg) => process.stderr.write(`[infra] ${msg}\n`);

class InfraError extends Error {}

function requireTool(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new InfraError(`'${cmd}' not found: install ${what} (the native Kafka/FerretDB stack needs it).`);
  }
}

/** `text` with every secret (a password passed on a command line) replaced by `***`. */
export function masked(text, secrets = []) {
  return secrets.filter((s) => s.length > 0).reduce((t, secret) => t.split(secret).join('***'), text);
}

/**
 * Runs a command to its end; on failure, an InfraError with the command line and the end of its
 * output, the `secrets` it was given (the SCRAM passwords of a storage format) masked in both.
 */
export function run(cmd, args, opts = {}, secrets = []) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    const why = r.error?.message ?? `exit ${r.status}`;
    throw new InfraError(masked(`${cmd} ${args.join(' ')} failed (${why}):\n${out}`, secrets));
  }
  return r.stdout;
}

/** Resolves kafka_2.13 and its runtime dependencies with Maven into the cache (once). */
function ensureKafkaArtifacts(cfg) {
  const marker = path.join(cfg.kafkaLibs, '.complete');
  if (existsSync(marker)) return false;
  requireTool('java', ['-version'], 'a Java 17+ runtime (apt-get install openjdk-17-jre-headless)');
  requireTool('mvn', ['-v'], 'Apache Maven (apt-get install maven)');
  log(`resolving Apache Kafka ${KAFKA_VERSION} from Maven Central into ${cfg.kafkaLibs}`);
  rmSync(cfg.kafkaLibs, { recursive: true, force: true });
  mkdirSync(cfg.kafkaLibs, { recursive: true });
  run('mvn', [
    '-q',
    '-B',
    '-f',
    path.join(here, 'kafka', 'pom.xml'),
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${cfg.kafkaLibs}`,
  ]);
  writeFileSync(marker, `${KAFKA_VERSION}\n`);
  return true;
}

/**
 * Builds FerretDB from its Go module (once). A plain `go install ...@v1.24.2` builds a binary that
 * panics at start-up: the module zip ships an empty build/version/version.txt, which FerretDB
 * requires to hold its version when the main module is FerretDB itself. So the module source is
 * copied from the Go module cache into our cache, the version file written, and built there.
 */
function ensureFerretBinary(cfg) {
  if (existsSync(cfg.ferretBin)) return false;
  requireTool('go', ['version'], 'Go 1.22+ (apt-get install golang, or from go.dev)');
  log(`building FerretDB ${FERRETDB_VERSION} (SQLite backend) into ${path.dirname(cfg.ferretBin)}`);
  const mod = JSON.parse(run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`]));
  const src = path.join(cfg.cache, `ferretdb-${FERRETDB_VERSION}`, 'src');
  rmSync(src, { recursive: true, force: true });
  cpSync(mod.Dir, src, { recursive: true });
  chmodTree(src);
  writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  mkdirSync(path.dirname(cfg.ferretBin), { recursive: true });
  run('go', ['build', '-trimpath', '-o', cfg.ferretBin, './cmd/ferretdb'], {
    cwd: src,
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  rmSync(src, { recursive: true, force: true });
  return true;
}

// The Go module cache is read-only; the copy must be writable to add the version file.
function chmodTree(dir) {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
}

/**
 * Clients reach the broker only over SASL/SCRAM (SASL_PLAINTEXT on loopback: authentication without
 * TLS, as nothing leaves the machine); the StandardAuthorizer refuses whatever no ACL allows. The
 * controller listener authenticates the node to itself with SASL/PLAIN (KRaft cannot use SCRAM
 * there: its users live in the metadata the controller serves), so no port accepts an anonymous
 * client: an anonymous super user on the controller port could grant itself anything.
 * Also renders the testcontainers broker's file (libs/testing/src/infra.ts): there the client
 * listener listens on `listenHost` and is advertised as the mapped `advertisedKafka`.
 */
export function kafkaServerProperties(cfg, credentials) {
  const admin = credentials.users[ADMIN_PRINCIPAL];
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule';
  const plain = 'org.apache.kafka.common.security.plain.PlainLoginModule';
  const controllerPassword = credentials.controllerPassword;
  return [
    '# Rendered by infra/native.mjs: single-node KRaft, broker and controller in one process.',
    "# Holds the broker's own credentials: readable by its owner only.",
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${cfg.host}:${cfg.controllerPort}`,
    `listeners=SASL_PLAINTEXT://${cfg.listenHost ?? cfg.host}:${cfg.kafkaPort},CONTROLLER://${cfg.host}:${cfg.controllerPort}`,
    `advertised.listeners=SASL_PLAINTEXT://${cfg.advertisedKafka ?? `${cfg.host}:${cfg.kafkaPort}`}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'inter.broker.listener.name=SASL_PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${scram} required username="${ADMIN_PRINCIPAL}" password="${admin}";`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=${plain} required username="controller" password="${controllerPassword}" user_controller="${controllerPassword}";`,
    'sasl.mechanism.controller.protocol=PLAIN',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${ADMIN_PRINCIPAL};User:controller`,
    'allow.everyone.if.no.acl.found=false',
    `log.dirs=${cfg.kafkaData}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Tests join consumer groups often; the default 3 s delay would only slow them down.
    'group.initial.rebalance.delay.ms=0',
    // Event topics are created explicitly by the project (partitions, retention.ms=-1).
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const pidFile = (cfg, name) => path.join(cfg.run, `${name}.pid`);

function readPid(cfg, name) {
  try {
    const pid = Number(readFileSync(pidFile(cfg, name), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function startDetached(cfg, name, cmd, args, opts = {}) {
  const out = openSync(path.join(cfg.logs, `${name}.out.log`), 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], ...opts });
  child.unref();
  writeFileSync(pidFile(cfg, name), `${child.pid}\n`);
  return child.pid;
}

function portAnswers(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Kafka "really answers" when a client can read the cluster metadata and create/list topics. */
async function kafkaAnswers(cfg) {
  if (!(await portAnswers(cfg.host, cfg.kafkaPort))) return false;
  if (!existsSync(cfg.kafkaCredentials)) return false;
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const admin = new Kafka({
    clientId: 'infra-probe',
    brokers: [cfg.kafkaBrokers],
    sasl: saslFor(brokerCredentials(cfg.kafkaCredentials), ADMIN_PRINCIPAL),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** FerretDB "really answers" when a MongoDB client can ping it. */
async function ferretAnswers(cfg) {
  if (!(await portAnswers(cfg.host, cfg.ferretPort))) return false;
  const { default: mongoose } = await import('mongoose');
  const conn = mongoose.createConnection(cfg.mongoUri, { serverSelectionTimeoutMS: 1000 });
  try {
    await conn.asPromise();
    await conn.db.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => {});
  }
}

/** PostgreSQL answers when its socket accepts the superuser (pg_isready). */
function postgresAnswers(cfg) {
  const r = spawnSync(path.join(cfg.postgresBin, 'pg_isready'), [...superuserArgs(cfg), '-q'], { timeout: 5000 });
  return r.status === 0;
}

async function waitUntil(what, probe, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new InfraError(`${what} did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * KRaft keeps SCRAM users in its metadata log, so they are written when the storage is formatted
 * (`--add-scram`); a marker beside the data names them. Data formatted for fewer principals (a
 * service added since, as operations was) keeps its topics: the missing users are returned, to be
 * added once the broker answers (addScramUsers). Data without the marker, or without the admin
 * user that adding needs, was formatted before the broker required authentication: it must be
 * cleaned, not silently reused.
 */
function formatKafkaStorage(cfg, propsFile, credentials) {
  const marker = path.join(cfg.kafkaData, 'scram-users');
  const required = Object.keys(credentials.users).sort();
  if (existsSync(path.join(cfg.kafkaData, 'meta.properties'))) {
    const formatted = existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean) : [];
    if (formatted.includes(ADMIN_PRINCIPAL)) return missingPrincipals(required, formatted);
    throw new InfraError(
      `the Kafka data in ${cfg.kafkaData} was formatted without the SCRAM users the broker now requires: ` +
        `remove it with \`node infra/native.mjs clean\` (its topics are lost)`,
    );
  }
  mkdirSync(cfg.kafkaData, { recursive: true });
  // A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
  // The storage tool's argument parser takes an id starting with '-' for an option: draw again.
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  log(`formatting Kafka storage (cluster ${clusterId}) with SCRAM users ${required.join(', ')}`);
  const users = scramFormatArgs(credentials);
  run(
    'java',
    [...kafkaJvmArgs(cfg), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile, ...users],
    {},
    Object.values(credentials.users),
  );
  writeFileSync(marker, `${required.join('\n')}\n`);
  return [];
}

/** The principals a broker's data lacks (those it has and no longer needs are left alone). */
export function missingPrincipals(required, formatted) {
  return required.filter((name) => !formatted.includes(name));
}

/**
 * Runs Kafka's ConfigCommand (what `kafka-configs.sh` runs) against the running broker, logged in as
 * admin through a client file readable by its owner only. `secret` (a password in `args`) never
 * appears in the error.
 */
export function runConfigCommand(cfg, credentials, args, secret) {
  const clientProps = path.join(cfg.run, 'kafka-admin-client.properties');
  const admin = saslFor(credentials, ADMIN_PRINCIPAL);
  writeFileSync(
    clientProps,
    [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-512',
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin.username}" password="${admin.password}";`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  try {
    const common = ['--bootstrap-server', cfg.kafkaBrokers, '--command-config', clientProps];
    const r = spawnSync('java', [...kafkaJvmArgs(cfg), 'kafka.admin.ConfigCommand', ...common, ...args], {
      encoding: 'utf8',
    });
    if (r.error || r.status !== 0) {
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
      const shown = masked(out, secret ? [secret] : [])
        .split('\n')
        .slice(-10)
        .join('\n');
      throw new InfraError(`Kafka's ConfigCommand failed (${r.error?.message ?? `exit ${r.status}`}):\n${shown}`);
    }
  } finally {
    rmSync(clientProps, { force: true });
  }
}

/**
 * Adds SCRAM users to a running broker (`--alter --add-config SCRAM-SHA-512=[password=…]
 * --entity-type users`), then names them in the data's marker.
 */
function addScramUsers(cfg, credentials, names) {
  for (const name of names) {
    const password = saslFor(credentials, name).password;
    const alter = ['--alter', '--add-config', `SCRAM-SHA-512=[password=${password}]`];
    runConfigCommand(cfg, credentials, [...alter, '--entity-type', 'users', '--entity-name', name], password);
  }
  const marker = path.join(cfg.kafkaData, 'scram-users');
  const formatted = readFileSync(marker, 'utf8').split('\n').filter(Boolean);
  writeFileSync(marker, `${[...new Set([...formatted, ...names])].sort().join('\n')}\n`);
  log(`added the broker's SCRAM users ${names.join(', ')} (principals new since its data was formatted)`);
}

/** The storage tool's arguments that create every principal's SCRAM user. */
export function scramFormatArgs(credentials) {
  return Object.entries(credentials.users).flatMap(([name, password]) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${name},password=${password}]`,
  ]);
}

function kafkaJvmArgs(cfg) {
  return [
    `-Xms${Math.min(256, cfg.kafkaHeapMb)}m`,
    `-Xmx${cfg.kafkaHeapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(here, 'kafka', 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${cfg.logs}`,
    '-cp',
    `${cfg.kafkaLibs}/*`,
  ];
}

/** The ACLs of infra/broker-access.mjs for the unprefixed topic names (idempotent). */
const provisionAccess = (cfg) =>
  provisionBrokerAccessAt(
    { brokers: [cfg.kafkaBrokers], sasl: saslFor(brokerCredentials(cfg.kafkaCredentials), ADMIN_PRINCIPAL) },
    '',
  );

/** The spawn options that run a command as the cluster's OS user (when we are root). */
const asClusterOwner = (cfg) => (cfg.postgresOwner ? { uid: cfg.postgresOwner.uid, gid: cfg.postgresOwner.gid } : {});

/** psql/pg_isready arguments that reach the cluster as its superuser, through the private socket. */
const superuserArgs = (cfg) => ['-h', cfg.postgresSocketDir, '-p', String(cfg.postgresPort), '-U', pg.SUPERUSER];

function checkBackend(cfg) {
  if (!BACKENDS.includes(cfg.backend)) {
    throw new InfraError(`NATIVE_FERRETDB_BACKEND must be one of ${BACKENDS.join(', ')} (got '${cfg.backend}')`);
  }
  if (cfg.backend !== 'postgresql') return;
  if (!cfg.postgresBin || !existsSync(path.join(cfg.postgresBin, 'postgres'))) {
    throw new InfraError(
      'PostgreSQL for FerretDB not found: install it (apt-get install postgresql), point NATIVE_POSTGRES_BIN ' +
        'at its bin folder, or choose NATIVE_FERRETDB_BACKEND=sqlite',
    );
  }
  if (cfg.postgresOwner?.missing) {
    throw new InfraError(
      `PostgreSQL refuses to run as root and there is no OS user '${cfg.postgresOwner.name}' to run it as: ` +
        'create it, or name another in NATIVE_POSTGRES_OS_USER',
    );
  }
}

/**
 * A folder of the cluster's, mode 0700; when we are root, owned by the cluster's OS user and
 * reachable by it — the folders between it and INFRA_HOME get search permission (o+x) only.
 */
function clusterFolder(cfg, dir) {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  const owner = cfg.postgresOwner;
  if (!owner) return;
  chownSync(dir, owner.uid, owner.gid);
  for (let d = path.dirname(dir); d.startsWith(cfg.home); d = path.dirname(d)) {
    const mode = statSync(d).mode & 0o777;
    if (!(mode & 0o001)) chmodSync(d, mode | 0o001);
    if (d === cfg.home) break;
  }
  if (spawnSync('test', ['-w', dir], asClusterOwner(cfg)).status !== 0) {
    throw new InfraError(
      `PostgreSQL runs as the OS user ${owner.name}, who cannot reach ${dir}: every folder above ` +
        `INFRA_HOME (${cfg.home}) must be searchable by it (chmod o+x), or set INFRA_HOME elsewhere`,
    );
  }
}

/** FerretDB's PostgreSQL password: made on first `up`, kept owner-only beside the broker's. */
function postgresPassword(cfg) {
  if (!existsSync(cfg.postgresCredentials)) {
    const password = randomBytes(24).toString('base64url');
    writeFileSync(cfg.postgresCredentials, `${JSON.stringify({ role: pg.FERRETDB_ROLE, password })}\n`, {
      mode: 0o600,
    });
  }
  return JSON.parse(readFileSync(cfg.postgresCredentials, 'utf8')).password;
}

/** initdb once per data folder; the access rules are rewritten on every start. */
function initPostgres(cfg) {
  clusterFolder(cfg, cfg.postgresData);
  clusterFolder(cfg, cfg.postgresSocketDir);
  if (!existsSync(path.join(cfg.postgresData, 'PG_VERSION'))) {
    log(`initialising a PostgreSQL cluster in ${cfg.postgresData}`);
    run(path.join(cfg.postgresBin, 'initdb'), pg.initdbArgs(cfg), asClusterOwner(cfg));
  }
  const hba = path.join(cfg.postgresData, 'pg_hba.conf');
  writeFileSync(hba, pg.pgHbaConf(), { mode: 0o600 });
  if (cfg.postgresOwner) chownSync(hba, cfg.postgresOwner.uid, cfg.postgresOwner.gid);
}

/** FerretDB's login and database, the GIN twins' event triggers (idempotent). */
function provisionPostgres(cfg) {
  run(
    path.join(cfg.postgresBin, 'psql'),
    ['-X', '-q', '-o', '/dev/null', ...superuserArgs(cfg), '-d', 'postgres', '-f', '-'],
    { input: pg.provisionSql(postgresPassword(cfg)) },
  );
}

/** What the store is, for status lines and the description tests print. */
export function storeDescription(cfg = nativeConfig()) {
  if (cfg.backend !== 'postgresql') return `FerretDB ${FERRETDB_VERSION} (SQLite)`;
  return `FerretDB ${FERRETDB_VERSION} (PostgreSQL ${postgresVersion(cfg)} at ${cfg.host}:${cfg.postgresPort}, GIN twins)`;
}

function postgresVersion(cfg) {
  const r = spawnSync(path.join(cfg.postgresBin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /PostgreSQL\)\s+(\S+)/.exec(r.stdout ?? '')?.[1] ?? '?';
}

async function startPostgres(cfg) {
  if (readPid(cfg, 'postgres')) return;
  if (await portAnswers(cfg.host, cfg.postgresPort)) {
    throw new InfraError(`port ${cfg.postgresPort} is taken by another process; set NATIVE_POSTGRES_PORT`);
  }
  initPostgres(cfg);
  const pid = startDetached(
    cfg,
    'postgres',
    path.join(cfg.postgresBin, 'postgres'),
    pg.postgresServerArgs(cfg),
    asClusterOwner(cfg),
  );
  log(`PostgreSQL ${postgresVersion(cfg)} starting (pid ${pid}) on ${cfg.host}:${cfg.postgresPort}`);
  await waitUntil('PostgreSQL', async () => postgresAnswers(cfg), 60_000, path.join(cfg.logs, 'postgres.out.log'));
}

/** Which backend a running FerretDB was started with: switching needs a `down` first. */
const backendFile = (cfg) => path.join(cfg.run, 'ferretdb.backend');

/**
 * Starts what is not running and waits until every part answers. `kafka: false` brings up the
 * store alone (the provisioning test's private store).
 */
export async function up(cfg = nativeConfig(), { kafka = true } = {}) {
  const started = Date.now();
  checkBackend(cfg);
  for (const dir of [cfg.home, cfg.logs, cfg.run, cfg.ferretData]) mkdirSync(dir, { recursive: true });

  let usersToAdd = [];
  if (kafka && !readPid(cfg, 'kafka')) {
    if (await portAnswers(cfg.host, cfg.kafkaPort)) {
      throw new InfraError(`port ${cfg.kafkaPort} is taken by another process; set NATIVE_KAFKA_PORT`);
    }
    ensureKafkaArtifacts(cfg);
    const credentials = brokerCredentials(cfg.kafkaCredentials);
    const propsFile = path.join(cfg.run, 'kafka-server.properties');
    writeFileSync(propsFile, kafkaServerProperties(cfg, credentials), { mode: 0o600 });
    chmodSync(propsFile, 0o600);
    usersToAdd = formatKafkaStorage(cfg, propsFile, credentials);
    const pid = startDetached(cfg, 'kafka', 'java', [...kafkaJvmArgs(cfg), 'kafka.Kafka', propsFile]);
    log(`Kafka ${KAFKA_VERSION} starting (pid ${pid}) on ${cfg.kafkaBrokers}`);
  }
  if (cfg.backend === 'postgresql') {
    await startPostgres(cfg);
    provisionPostgres(cfg);
  }
  if (readPid(cfg, 'ferretdb')) {
    const running = existsSync(backendFile(cfg)) ? readFileSync(backendFile(cfg), 'utf8').trim() : 'sqlite';
    if (running !== cfg.backend) {
      throw new InfraError(
        `FerretDB runs on ${running}, not ${cfg.backend}: stop it first (node infra/native.mjs down)`,
      );
    }
  } else {
    if (await portAnswers(cfg.host, cfg.ferretPort)) {
      throw new InfraError(`port ${cfg.ferretPort} is taken by another process; set NATIVE_FERRETDB_PORT`);
    }
    ensureFerretBinary(cfg);
    const backend =
      cfg.backend === 'postgresql'
        ? ['--handler=postgresql']
        : ['--handler=sqlite', `--sqlite-url=file:${cfg.ferretData}/`];
    const env =
      cfg.backend === 'postgresql'
        ? { ...process.env, FERRETDB_POSTGRESQL_URL: pg.ferretdbPostgresUrl(cfg, postgresPassword(cfg)) }
        : process.env;
    const pid = startDetached(
      cfg,
      'ferretdb',
      cfg.ferretBin,
      [
        ...backend,
        `--listen-addr=${cfg.host}:${cfg.ferretPort}`,
        `--state-dir=${cfg.run}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=warn',
      ],
      { env },
    );
    writeFileSync(backendFile(cfg), `${cfg.backend}\n`);
    const why = cfg.backend === 'sqlite' && !cfg.backendChosen ? ' (no PostgreSQL installed)' : '';
    log(`${storeDescription(cfg)} starting (pid ${pid}) on ${cfg.mongoUri}${why}`);
  }
  if (kafka) {
    await waitUntil('Kafka', () => kafkaAnswers(cfg), 90_000, path.join(cfg.logs, 'kafka-server.log'));
    if (usersToAdd.length > 0) addScramUsers(cfg, brokerCredentials(cfg.kafkaCredentials), usersToAdd);
    await provisionAccess(cfg);
  }
  await waitUntil('FerretDB', () => ferretAnswers(cfg), 30_000, path.join(cfg.logs, 'ferretdb.out.log'));
  const broker = kafka ? `KAFKA_BROKERS=${cfg.kafkaBrokers} ` : '';
  const credentials = kafka ? ` KAFKA_CREDENTIALS_FILE=${cfg.kafkaCredentials}` : '';
  log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${broker}MONGODB_URI=${cfg.mongoUri}${credentials}`);
  return {
    kafkaBrokers: cfg.kafkaBrokers,
    mongoUri: cfg.mongoUri,
    kafkaCredentialsFile: cfg.kafkaCredentials,
    store: storeDescription(cfg),
  };
}

/** One row per part (PostgreSQL only on that backend): its pid when running, whether it answers. */
export async function status(cfg = nativeConfig(), { kafka = true } = {}) {
  const store = cfg.backend === 'postgresql' ? 'PostgreSQL' : 'SQLite';
  const parts = [
    ...(kafka
      ? [{ name: 'kafka', label: `Kafka ${KAFKA_VERSION}`, at: cfg.kafkaBrokers, answers: () => kafkaAnswers(cfg) }]
      : []),
    ...(cfg.backend === 'postgresql' && cfg.postgresBin
      ? [
          {
            name: 'postgres',
            label: `PostgreSQL ${postgresVersion(cfg)}`,
            at: `${cfg.host}:${cfg.postgresPort} (data ${cfg.postgresData})`,
            answers: async () => postgresAnswers(cfg),
          },
        ]
      : []),
    {
      name: 'ferretdb',
      label: `FerretDB ${FERRETDB_VERSION} (${store})`,
      at: cfg.mongoUri,
      answers: () => ferretAnswers(cfg),
    },
  ];
  const rows = [];
  for (const p of parts) {
    const pid = readPid(cfg, p.name);
    const ok = pid ? await p.answers() : false;
    rows.push({ ...p, pid, ok });
  }
  return rows;
}

/**
 * SIGTERM to the part's process group; PostgreSQL gets SIGINT, its fast shutdown (SIGTERM would
 * wait for every client to leave), to the server process alone.
 */
async function stopOne(cfg, name) {
  const pid = readPid(cfg, name);
  if (!pid) return false;
  if (name === 'postgres') process.kill(pid, 'SIGINT');
  else process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && readPid(cfg, name)) await new Promise((r) => setTimeout(r, 200));
  if (readPid(cfg, name)) process.kill(-pid, 'SIGKILL');
  rmSync(pidFile(cfg, name), { force: true });
  return true;
}

export async function down(cfg = nativeConfig()) {
  // Kafka first: a clean controlled shutdown needs no store, and the store has no clients left;
  // then FerretDB, then the PostgreSQL it runs on.
  for (const name of ['kafka', 'ferretdb', 'postgres']) {
    if (await stopOne(cfg, name)) log(`${name} stopped`);
  }
}

async function main() {
  const cmd = process.argv[2];
  const cfg = nativeConfig();
  try {
    if (cmd === 'up') {
      await up(cfg);
    } else if (cmd === 'status') {
      const rows = await status(cfg);
      for (const r of rows) {
        const state = r.ok ? 'answers' : r.pid ? 'running, not answering' : 'stopped';
        console.log(`${r.label.padEnd(30)} ${state.padEnd(24)} ${r.at}${r.pid ? `  pid ${r.pid}` : ''}`);
      }
      process.exitCode = rows.every((r) => r.ok) ? 0 : 3;
    } else if (cmd === 'down') {
      await down(cfg);
    } else if (cmd === 'clean') {
      await down(cfg);
      rmSync(path.join(cfg.home, 'data'), { recursive: true, force: true });
      log(`removed ${path.join(cfg.home, 'data')}`);
    } else {
      console.error('usage: node infra/native.mjs up|status|down|clean');
      process.exitCode = 2;
    }
  } catch (err) {
    if (err instanceof InfraError) {
      console.error(`[infra] ${err.message}`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
