// Runs a service module as a real HTTP server on a free loopback port for integration tests, and
// a tiny HTTP client for them. Real mode gets its own database and topic prefix, removed afterwards.
// Services under test authenticate like in production: `TEST_AUTH.settings` (a secret made for this
// test process) goes into `register(…, { auth })`, and the client sends tokens minted with it.
import 'reflect-metadata';
import { type AddressInfo } from 'node:net';
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import mongoose from 'mongoose';
import { embeddedAuth, type Role } from '#auth';
import { CITY_AGENCY_ID, deadLetterTopic } from '#contracts';
import { configureServiceApp } from '#http';
import { KafkaTransport } from '#messaging';

/** The local issuer and the settings services under test run with (one random secret per process). */
export const TEST_AUTH = embeddedAuth({});

/** A bearer token for a user of `agencyId` with these roles. */
export function tokenFor(sub: string, roles: readonly Role[], agencyId: string = CITY_AGENCY_ID): string {
  return TEST_AUTH.issuer.mint({ sub, roles, agencyId });
}

/** The headers of a request made as this user. */
export function asUser(sub: string, roles: readonly Role[], agencyId: string = CITY_AGENCY_ID): Record<string, string> {
  return { authorization: `Bearer ${tokenFor(sub, roles, agencyId)}` };
}

export interface Running {
  readonly app: INestApplication;
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startService(module: DynamicModule): Promise<Running> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureServiceApp(app, { title: 'under test', logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** The URI with its database set to `db` (query parameters kept). */
export function withDatabase(mongoUri: string, db: string): string {
  const url = new URL(mongoUri);
  url.pathname = `/${db}`;
  return url.toString();
}

export async function dropDatabase(mongoUri: string): Promise<void> {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}

export async function deleteTopics(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  const transport = new KafkaTransport({ brokers, clientId: 'test-cleanup', logLevel: 'nothing' });
  try {
    await transport.deleteTopicsAndGroups([...topics, ...topics.map(deadLetterTopic)], []);
  } finally {
    await transport.close();
  }
}

/** Response bodies in tests are read field by field; asserting them is the test's job. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface HttpAnswer<T = Json> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | null;
  readonly location: string | null;
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    /** Default: a clerk and supervisor of the city bureau. */
    private readonly defaults: Record<string, string> = asUser('clerk-test', ['clerk', 'supervisor']),
  ) {}

  async send<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | undefined> = {},
  ): Promise<HttpAnswer<T>> {
    const h: Record<string, string> = { ...this.defaults };
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: h,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      etag: res.headers.get('etag'),
      location: res.headers.get('location'),
    };
  }

  get<T = Json>(path: string): Promise<HttpAnswer<T>> {
    return this.send<T>('GET', path);
  }
  post<T = Json>(path: string, body: unknown, headers?: Record<string, string | undefined>): Promise<HttpAnswer<T>> {
    return this.send<T>('POST', path, body, headers);
  }
  put<T = Json>(path: string, body: unknown, headers?: Record<string, string | undefined>): Promise<HttpAnswer<T>> {
    return this.send<T>('PUT', path, body, headers);
  }
  delete<T = Json>(path: string): Promise<HttpAnswer<T>> {
    return this.send<T>('DELETE', path);
  }
}
