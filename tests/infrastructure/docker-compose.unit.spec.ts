// docker-compose.yml cannot be started on machines without a Docker engine; this checks its
// structure so it does not rot: every service present, real images, health checks, and each
// service wired to Kafka and its own MongoDB database, on its own loopback port.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import path from 'node:path';
import { repoRoot } from '#testing';
import { serviceUrlsFor } from '../../apps/reporting/src/operations/domain/pipeline-metrics.js';

interface ComposeService {
  image?: string;
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
const services = ['applications', 'publications', 'consultations', 'enforcement', 'appeals', 'reporting'];

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
      assert.match(
        String(svc.environment?.MONGODB_URI),
        new RegExp(`^mongodb://mongo:27017/${name}\\?replicaSet=rs0$`),
      );
      assert.equal(svc.depends_on?.kafka?.condition, 'service_healthy');
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
      String(compose.services.reporting!.environment?.SERVICE_URLS),
      services,
      'reporting',
    );
    for (const name of services) {
      assert.equal(urls[name], `http://${name}:${compose.services[name]!.environment?.PORT}`);
    }
    // The shared health check asks each service's own prefixed readiness route.
    assert.match(JSON.stringify(compose.services.applications!.healthcheck), /\$\$\{SERVICE\}\/health\/ready/);
  });
});
