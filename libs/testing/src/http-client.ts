// A small HTTP client for integration tests of a service started with `startModule` (a Nest module
// on a free loopback port), and the cleanup such a test does: its database and its topics.
import 'reflect-metadata';
import { type AddressInfo } from 'node:net';
import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import mongoose from 'mongoose';
import { CITY_AGENCY_ID, deadLetterTopic } from '#contracts';
import { configureServiceApp, strictExpressAdapter } from '#http';
import { KafkaTransport } from '#messaging';
import { type Infra, kafkaClient } from './infra.js';
import { asUser } from './service-under-test.js';

export interface Running {
  readonly app: INestApplication;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves a module built by the test (its runtime, auth and options chosen there). */
export async function startModule(module: DynamicModule): Promise<Running> {
  const app = await NestFactory.create<NestExpressApplication>(module, strictExpressAdapter(), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureServiceApp(app, { title: 'under test', logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function dropDatabase(mongoUri: string): Promise<void> {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}

/** Deletes the topics and their dead-letter topics. */
export async function deleteTopics(infra: Infra, topics: readonly string[]): Promise<void> {
  const transport = new KafkaTransport({ ...kafkaClient(infra), clientId: 'test-cleanup', logLevel: 'nothing' });
  try {
    await transport.deleteTopicsAndGroups([...topics, ...topics.map(deadLetterTopic)], []);
  } finally {
    await transport.close();
  }
}

/** Response bodies in tests are read field by field; asserting them is the test's job. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ClientAnswer<T = Json> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | null;
  readonly location: string | null;
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    /** Default: a clerk and supervisor of the city bureau. */
    private readonly defaults: Record<string, string> = asUser(CITY_AGENCY_ID, ['clerk', 'supervisor'], 'clerk-test'),
  ) {}

  async send<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | undefined> = {},
  ): Promise<ClientAnswer<T>> {
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

  get<T = Json>(path: string): Promise<ClientAnswer<T>> {
    return this.send<T>('GET', path);
  }
  post<T = Json>(path: string, body: unknown, headers?: Record<string, string | undefined>): Promise<ClientAnswer<T>> {
    return this.send<T>('POST', path, body, headers);
  }
  put<T = Json>(path: string, body: unknown, headers?: Record<string, string | undefined>): Promise<ClientAnswer<T>> {
    return this.send<T>('PUT', path, body, headers);
  }
  delete<T = Json>(path: string): Promise<ClientAnswer<T>> {
    return this.send<T>('DELETE', path);
  }
}
