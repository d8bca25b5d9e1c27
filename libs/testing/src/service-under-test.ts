// Boots the service on a free loopback port for HTTP integration tests, in real mode against the
// run's Kafka and MongoDB-protocol store, with a database and a topic prefix of the test's own
// (removed at the end), authenticating like in production with a secret made for this process.
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import mongoose from 'mongoose';
import { embeddedAuth, type AuthSettings, type Role } from '#auth';
import { CITY_AGENCY_ID, deadLetterTopic, eventsTopic, SERVICES } from '#contracts';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { createServiceApp } from '#http';
import { KafkaTransport } from '#messaging';
import { type Infra, kafkaClient, realRuntime } from './infra.js';

/** The local issuer and the settings the service under test runs with. */
export const TEST_AUTH = embeddedAuth({});

/** The Authorization header of a user of `agencyId` with these roles. */
export function asUser(
  agencyId: string = CITY_AGENCY_ID,
  roles: readonly Role[] = ['clerk', 'supervisor'],
  sub = `clerk-${agencyId}`,
): Record<string, string> {
  return { authorization: `Bearer ${TEST_AUTH.issuer.mint({ sub, roles, agencyId })}` };
}

export interface ServiceUnderTest {
  readonly app: INestApplication;
  readonly url: string;
  readonly runtime: EventSourcingRuntime;
  readonly topicPrefix: string;
  /** `<prefix><service>.events`. */
  topic(service: (typeof SERVICES)[number]): string;
  close(): Promise<void>;
}

/** `mongodb://host:port/` + a database name. */
export function mongoUriWithDb(mongoUri: string, dbName: string): string {
  const url = new URL(mongoUri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export async function startService(
  module: (runtime: EventSourcingRuntime, options: { auth: AuthSettings; topicPrefix: string }) => DynamicModule,
  infra: Infra,
  name: string,
): Promise<ServiceUnderTest> {
  const runtime: EventSourcingRuntime = realRuntime(
    infra,
    mongoUriWithDb(infra.mongoUri, name.replaceAll(/[^A-Za-z0-9_]/g, '_')),
  );
  const topicPrefix = `${name}.`;
  const app = await createServiceApp(module(runtime, { auth: TEST_AUTH.settings, topicPrefix }), {
    title: 'test',
    logger: ['error', 'warn'],
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const topic = (service: (typeof SERVICES)[number]): string => `${topicPrefix}${eventsTopic(service)}`;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    runtime,
    topicPrefix,
    topic,
    close: async () => {
      await app.close();
      const conn = await mongoose.createConnection(runtime.mongoUri).asPromise();
      await conn.dropDatabase();
      await conn.close();
      const transport = new KafkaTransport({ ...kafkaClient(infra), logLevel: 'nothing' });
      try {
        const topics = SERVICES.map(topic);
        await transport.deleteTopicsAndGroups([...topics, ...topics.map(deadLetterTopic)], []);
      } finally {
        await transport.close();
      }
    },
  };
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * JSON over fetch as a clerk of `as` (an agency; default the city bureau; false: no token); a
 * string `body` is sent as is, with its content type in `headers`.
 */
export async function http<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; as?: string | false } = {},
): Promise<HttpAnswer<T>> {
  const raw = typeof init.body === 'string';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.as === false ? {} : asUser(init.as ?? CITY_AGENCY_ID)),
      ...(init.body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: raw ? (init.body as string) : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}
