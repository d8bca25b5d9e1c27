// Who may do what on the broker (DESIGN §6: the broker authenticates each service and lets it write
// only its own topics). One principal per service, authenticated with SASL/SCRAM, plus `admin`, the
// super user that provisions users and ACLs and that tests and operator tools use. Everything not
// granted here is refused (the authorizer denies when no ACL matches).
//
// Used by infra/native.mjs (the native broker), the test harness (libs/testing: testcontainers, and a
// stack run under a TOPIC_PREFIX gets the same grants for its prefixed names) and docker-compose.yml's
// kafka-acls step (`node infra/broker-access.mjs provision`). Plain ESM so that it runs before any build.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The services, as in libs/contracts SERVICES (a unit test keeps the two lists equal). */
export const BROKER_SERVICES = [
  'applications',
  'publications',
  'consultations',
  'enforcement',
  'appeals',
  'reporting',
  'operations',
];

/** The super user: provisions users and ACLs; tests and operator tools (dead-letters CLI) use it. */
export const ADMIN_PRINCIPAL = 'admin';

export const SCRAM_MECHANISM = 'scram-sha-512';

/**
 * The service whose process serves the operations API (dead letters: inspect, replay, discard): its
 * own service since issue 14.4 (ADR 0010 addendum) — reporting, which hosted it before, no longer
 * reads other groups' dead letters nor writes their retry topics.
 */
export const OPERATIONS_HOST = 'operations';

/** The services whose `<service>.events` consumers may dead-letter: all but operations itself. */
const WATCHED_SERVICES = BROKER_SERVICES.filter((s) => s !== OPERATIONS_HOST);

/**
 * Whose `<service>.events` each service consumes: every service follows the agency registry's
 * changes reporting publishes (ADR 0014); appeals waits for the acts it contests (applications'
 * replies, enforcement's decisions); reporting projects every case service's topic (and follows its
 * own registry). Operations consumes only the registry; what it reads of the other topics — their
 * dead letters — and where it replays (the per-group retry topics) is granted apart (OPERATIONS_HOST).
 */
export const CONSUMES = {
  applications: ['reporting'],
  publications: ['reporting'],
  consultations: ['reporting'],
  enforcement: ['reporting'],
  appeals: ['applications', 'enforcement', 'reporting'],
  reporting: WATCHED_SERVICES,
  operations: ['reporting'],
};

const eventsTopic = (prefix, service) => `${prefix}${service}.events`;

const grant = (principal, resourceType, patternType, name, operations) =>
  operations.map((operation) => ({ principal: `User:${principal}`, resourceType, patternType, name, operation }));

/**
 * The ACL bindings for the topics and groups named with `prefix` (empty in production; a test
 * stack's TOPIC_PREFIX otherwise). Each service:
 *  - writes only `<prefix><service>.events`, and creates it and its `.dlq` at boot;
 *  - reads the topics it consumes (and may create them, as a consumer that starts before their
 *    owner does), writes their dead-letter topics `<topic>.dlq`, and the retry topics of its own
 *    groups only (`<topic>.<its group>.retry`); operations, host of the operations API, every dead-letter and retry topic;
 *  - joins, inspects and deletes only its own consumer groups: `<service>.…` and
 *    `<prefix><service>.…`, and the throw-away `reader.<prefix>…` groups a bounded read uses.
 * WRITE on a topic implies idempotent production (KIP-679): no cluster-level grant is needed.
 */
export function brokerAcls(prefix = '') {
  return BROKER_SERVICES.flatMap((service) => {
    const own = eventsTopic(prefix, service);
    const consumed = CONSUMES[service].map((s) => eventsTopic(prefix, s));
    const groups = [...new Set([`${service}.`, `${prefix}${service}.`])];
    return [
      ...grant(service, 'TOPIC', 'LITERAL', own, ['WRITE', 'DESCRIBE', 'CREATE']),
      ...grant(service, 'TOPIC', 'LITERAL', `${own}.dlq`, ['DESCRIBE', 'CREATE']),
      ...consumed.flatMap((topic) => [
        ...grant(service, 'TOPIC', 'LITERAL', topic, ['READ', 'DESCRIBE', 'CREATE']),
        ...grant(service, 'TOPIC', 'PREFIXED', `${topic}.dlq`, ['READ', 'WRITE', 'DESCRIBE', 'CREATE']),
        // The retry topics of its OWN groups only (`<topic>.<group>.retry`): a retry topic is read as
        // the topic itself, so another service writing there would forge events for that group.
        ...groups.flatMap((g) =>
          grant(service, 'TOPIC', 'PREFIXED', `${topic}.${g}`, ['READ', 'WRITE', 'DESCRIBE', 'CREATE']),
        ),
      ]),
      // The operations API reads every dead letter (`<topic>.dlq`) and replays a letter into the retry
      // topic of the group that failed it (`<topic>.<group>.retry`), whichever service's group that is
      // — below every watched events topic, never the events topic itself.
      ...(service === OPERATIONS_HOST
        ? WATCHED_SERVICES.flatMap((s) =>
            grant(service, 'TOPIC', 'PREFIXED', `${eventsTopic(prefix, s)}.`, ['READ', 'WRITE', 'DESCRIBE', 'CREATE']),
          )
        : []),
      ...groups.flatMap((g) => grant(service, 'GROUP', 'PREFIXED', g, ['READ', 'DESCRIBE', 'DELETE'])),
      ...grant(service, 'GROUP', 'PREFIXED', `reader.${prefix}`, ['READ', 'DESCRIBE', 'DELETE']),
    ];
  });
}

/** Creates the bindings of `brokerAcls(prefix)` with a connected kafkajs admin client (idempotent). */
export async function provisionBrokerAccess(admin, prefix = '') {
  const kafkajs = (await import('kafkajs')).default;
  const acl = brokerAcls(prefix).map((b) => ({
    principal: b.principal,
    host: '*',
    resourceType: kafkajs.AclResourceTypes[b.resourceType],
    resourceName: b.name,
    resourcePatternType: kafkajs.ResourcePatternTypes[b.patternType],
    operation: kafkajs.AclOperationTypes[b.operation],
    permissionType: kafkajs.AclPermissionTypes.ALLOW,
  }));
  await admin.createAcls({ acl });
}

/** Connects to `brokers` as `sasl` (a super user), provisions `brokerAcls(prefix)` and disconnects. */
export async function provisionBrokerAccessAt({ brokers, sasl }, prefix = '') {
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const admin = new Kafka({ clientId: 'broker-access', brokers, sasl, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await provisionBrokerAccess(admin, prefix);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * The SCRAM passwords of every principal, made once per INFRA_HOME and kept in a git-ignored file
 * readable by its owner only (`file`). `controllerPassword` is the broker's own credential on its
 * controller listener (SASL/PLAIN, never handed to a client).
 */
export function brokerCredentials(file) {
  const draw = () => randomBytes(24).toString('base64url');
  const principals = [ADMIN_PRINCIPAL, ...BROKER_SERVICES];
  if (!existsSync(file)) {
    const users = Object.fromEntries(principals.map((p) => [p, draw()]));
    mkdirSync(path.dirname(file), { recursive: true });
    const content = { mechanism: SCRAM_MECHANISM, users, controllerPassword: draw() };
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  }
  const content = JSON.parse(readFileSync(file, 'utf8'));
  // A principal added since the file was made (operations, issue 14.4) gets its password now; the
  // native broker then adds its SCRAM user to the data formatted with the former users (native.mjs).
  const missing = principals.filter((p) => content.users[p] === undefined);
  if (missing.length === 0) return content;
  const extended = { ...content, users: { ...content.users, ...Object.fromEntries(missing.map((p) => [p, draw()])) } };
  writeFileSync(file, `${JSON.stringify(extended, null, 2)}\n`, { mode: 0o600 });
  return extended;
}

/** The client settings (kafkajs `sasl`) of one principal. */
export function saslFor(credentials, principal) {
  const password = credentials.users[principal];
  if (password === undefined) throw new Error(`no broker credentials for ${principal}`);
  return { mechanism: credentials.mechanism, username: principal, password };
}

/**
 * `node infra/broker-access.mjs provision`: grants the ACLs for TOPIC_PREFIX (default none) on the
 * broker of KAFKA_BROKERS, logged in as KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD (a super user) —
 * docker-compose's provisioning step, or an operator's. Waits up to two minutes for the broker.
 */
async function main() {
  const env = process.env;
  if (process.argv[2] !== 'provision' || !env.KAFKA_BROKERS || !env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD) {
    console.error(
      'usage: KAFKA_BROKERS=… KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD=… node infra/broker-access.mjs provision',
    );
    return 2;
  }
  const client = {
    brokers: env.KAFKA_BROKERS.split(','),
    sasl: {
      mechanism: (env.KAFKA_SASL_MECHANISM || SCRAM_MECHANISM).toLowerCase(),
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    },
  };
  const prefix = env.TOPIC_PREFIX ?? '';
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await provisionBrokerAccessAt(client, prefix);
      console.log(`[broker-access] ${brokerAcls(prefix).length} ACLs granted for prefix '${prefix}'`);
      return 0;
    } catch (err) {
      if (Date.now() > deadline) {
        console.error(`[broker-access] could not grant the ACLs: ${err.message}`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
