// docker-compose.yml cannot be started on machines without a Docker engine; this checks its
// structure so it does not rot: every service present, real images, health checks, and each
// service wired to Kafka and its own MongoDB database, on its own loopback port; the broker
// authenticating everyone (SASL/SCRAM, a user per principal, ACLs granted before any service starts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import path from 'node:path';
import { brokerAccess, repoRoot } from '#testing';
import { serviceUrlsFor } from '../../apps/operations/src/monitoring/domain/pipeline-metrics.js';

interface ComposeService {
  image?: string;
  entrypoint?: string[];
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(path.join(repoRoot(), 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = ['applications', 'publications', 'consultations', 'enforcement', 'appeals', 'reporting', 'operations'];

describe('docker-compose.yml', () => {
  it('runs Apache Kafka 4.1 in KRaft mode and MongoDB 8 as a replica set, each with a health check', () => {
    const kafka = compose.services.kafka!;
    assert.match(kafka.image!, /^apache\/kafka:4\.1\.\d+$/);
    assert.equal(kafka.environment?.KAFKA_PROCESS_ROLES, 'broker,controller');
    assert.ok(kafka.healthcheck, 'kafka health check');
    const mongo = compose.services.mongo!;
    assert.match(mongo.image!, /^mongo:8/);
    assert.ok(mongo.command?.includes('--replSet'));
    assert.match(JSON.stringify(mongo.healthcheck?.test), /rs\.initiate/);
  });

  it('has one entry per service, wired to Kafka and its own database, on distinct ports', () => {
    const ports = new Set<string>();
    for (const name of services) {
      const svc = compose.services[name];
      assert.ok(svc, `service ${name}`);
      assert.ok(svc.build, `${name} builds the project image`);
      assert.deepEqual(svc.command?.slice(-1), [`dist/apps/${name}/src/main.js`]);
      assert.equal(svc.environment?.KAFKA_BROKERS, 'kafka:9092');
      assert.equal(svc.environment?.KAFKA_SASL_USERNAME, name, `${name} logs in to the broker as itself`);
      assert.equal(
        svc.environment?.KAFKA_SASL_PASSWORD,
        `\${KAFKA_${name.toUpperCase()}_PASSWORD:?set KAFKA_${name.toUpperCase()}_PASSWORD}`,
        `${name} takes its broker password from the environment`,
      );
      assert.equal(svc.environment?.KAFKA_SASL_DISABLED, undefined);
      assert.match(
        String(svc.environment?.MONGODB_URI),
        new RegExp(`^mongodb://mongo:27017/${name}\\?replicaSet=rs0$`),
      );
      assert.equal(svc.depends_on?.['kafka-acls']?.condition, 'service_completed_successfully');
      assert.equal(svc.depends_on?.mongo?.condition, 'service_healthy');
      assert.ok(svc.healthcheck, `${name} health check`);
      assert.equal(svc.environment?.SERVICE, name, `${name}'s health check asks /${name}/health/ready`);
      assert.match(
        String(svc.environment?.AUTH_JWT_SECRET),
        /^\$\{AUTH_JWT_SECRET:\?/,
        `${name} takes its token secret from the environment`,
      );
      const port = String(svc.environment?.PORT);
      assert.ok(svc.ports?.includes(`127.0.0.1:${port}:${port}`), `${name} publishes its port on loopback`);
      ports.add(port);
    }
    assert.equal(ports.size, services.length);
    for (const name of services) {
      // In its container a service listens on every interface (only loopback by default).
      assert.equal(compose.services[name]!.environment?.HOST, '0.0.0.0', `${name} listens on 0.0.0.0`);
    }
    // The monitoring page asks each service where compose runs it, by name and port (issue 13 item 3).
    const urls = serviceUrlsFor(
      'real',
      String(compose.services.operations!.environment?.SERVICE_URLS),
      services,
      'operations',
    );
    for (const name of services) {
      assert.equal(urls[name], `http://${name}:${compose.services[name]!.environment?.PORT}`);
    }
    // The shared health check asks each service's own prefixed readiness route.
    assert.match(JSON.stringify(compose.services.applications!.healthcheck), /\$\$\{SERVICE\}\/health\/ready/);
  });

  it('runs the broker with SASL/SCRAM on every listener, the StandardAuthorizer and no anonymous access', () => {
    const env = compose.services.kafka!.environment!;
    const protocols = String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP)
      .split(',')
      .map((entry) => entry.split(':')[1]);
    assert.ok(protocols.length >= 2 && protocols.every((p) => p === 'SASL_PLAINTEXT'), String(protocols));
    assert.equal(env.KAFKA_SASL_ENABLED_MECHANISMS, 'SCRAM-SHA-512');
    assert.equal(env.KAFKA_AUTHORIZER_CLASS_NAME, 'org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    assert.equal(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND, 'false');
    assert.equal(env.KAFKA_SUPER_USERS, 'User:admin;User:controller');
    // apache/kafka's env mapping: '-' → '___' (scram-sha-512), one JAAS entry per SASL listener.
    for (const listener of ['BROKER', 'HOST']) {
      assert.match(
        String(env[`KAFKA_LISTENER_NAME_${listener}_SCRAM___SHA___512_SASL_JAAS_CONFIG`]),
        /ScramLoginModule required/,
      );
    }
    assert.equal(compose.services.kafka!.depends_on?.['kafka-format']?.condition, 'service_completed_successfully');
  });

  it('formats the storage with a SCRAM user per principal, and grants the ACLs before the services start', async () => {
    const { BROKER_SERVICES } = await brokerAccess();
    const format = compose.services['kafka-format']!;
    const script = (format.command ?? []).join('\n');
    for (const principal of ['admin', ...BROKER_SERVICES]) {
      const variable = `KAFKA_${principal.toUpperCase()}_PASSWORD`;
      assert.ok(script.includes(`[name=${principal},password=$$${variable}]`), `SCRAM user ${principal}`);
      assert.equal(format.environment?.[variable], `\${${variable}:?set ${variable}}`);
    }
    const acls = compose.services['kafka-acls']!;
    assert.deepEqual(acls.command, ['node', 'infra/broker-access.mjs', 'provision']);
    assert.equal(acls.environment?.KAFKA_SASL_USERNAME, 'admin');
    assert.equal(acls.depends_on?.kafka?.condition, 'service_healthy');
  });
});
