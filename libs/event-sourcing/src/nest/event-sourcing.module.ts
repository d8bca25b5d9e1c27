// What a service module imports to get its event store, outbox relay, document collections, the
// messaging transport (DESIGN §3, §6). No command or query bus: a controller calls its use case's
// service, which runs the command through CommandRunner — one handler per use case without a bus
// (@nestjs/cqrs was wired here and never used; taken out, issue 14):
//
//   EventSourcingModule.forService({ service: 'applications', runtime })
//
// Real mode: one mongoose connection for the service (the database named in the URI, else the
// service name), a Kafka transport, `<service>.events` (3 partitions, kept forever) and its
// `.dlq` provisioned at start, and a relay that publishes only while it holds the service's lease.
// Embedded mode: an in-memory store and document collections of the service's own, and the one
// in-memory transport every service of the process shares.
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';
import {
  ContractRegistry,
  allContracts,
  deadLetterTopic,
  eventsTopic,
  type EventContract,
  type ServiceName,
} from '#contracts';
import {
  type BrokerCredentials,
  InMemoryProcessedEvents,
  KafkaTransport,
  MongoProcessedEvents,
  type KafkaTransportOptions,
  type MessageTransport,
  type TopicSpec,
} from '#messaging';
import { InMemoryDocumentCollections } from '../read-model/in-memory-document-collection.js';
import { MongoDocumentCollections } from '../mongo/mongo-document-collection.js';
import { type EventStore } from '../event-store.js';
import { InMemoryEventStore } from '../in-memory-event-store.js';
import { type LeaseStore } from '../lease.js';
import { type ClientWatchdog, watchClient } from '../mongo/client-watchdog.js';
import { MongoEventStore } from '../mongo/mongo-event-store.js';
import { MongoLeaseStore } from '../mongo/mongo-lease-store.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { CommandRunner } from './command-runner.js';
import { CaseKinds } from './stream-views.provider.js';
import { embeddedTransport } from './embedded.js';
import { EventSubscriptions } from './event-subscriptions.js';
import { AgencyRegistryFollower } from './agency-registry-follower.js';
import { KernelMetrics } from './kernel-metrics.js';
import { databaseInUri } from './mongo-uri.js';
import {
  DOCUMENTS,
  EVENT_SOURCING_OPTIONS,
  EVENT_SOURCING_SERVICE,
  EVENT_STORE,
  LEASE_STORE,
  MESSAGE_TRANSPORT,
  MONGO_CONNECTION,
  MONGO_WATCHDOG,
  PROCESSED_EVENTS,
} from './tokens.js';

export type EventSourcingRuntime =
  | { readonly mode: 'embedded' }
  | {
      readonly mode: 'real';
      readonly mongoUri: string;
      readonly kafkaBrokers: readonly string[];
      /** The service's own broker principal (SASL/SCRAM); absent only when the broker takes anonymous clients. */
      readonly kafkaSasl?: BrokerCredentials;
    };

export interface RelaySettings {
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  readonly maxMessagesPerPublish?: number;
  /**
   * Real mode: how long a dead relay blocks its standby. Default 10 000: a renewal slower than the
   * lease loses it and nothing is published until it is won back — with 3 s, a store busy under
   * sustained load left the relay without its lease for minutes (docs/benchmarks.md).
   */
  readonly leaseTtlMs?: number;
  /** Real mode: how often the lease is renewed (or tried by a standby). Default 2000. */
  readonly leaseRenewEveryMs?: number;
}

export interface EventSourcingOptions {
  readonly service: ServiceName;
  /** The contracts this service writes and reads. Default: every published contract. */
  readonly contracts?: readonly EventContract[];
  readonly runtime: EventSourcingRuntime;
  readonly relay?: RelaySettings;
  /** Real mode: extra Kafka client settings (session timeout, log level…). */
  readonly kafka?: Omit<KafkaTransportOptions, 'brokers'>;
  /** Partitions of `<service>.events`. Default 3. */
  readonly partitions?: number;
  /**
   * Prefixed to every topic this module publishes to or consumes — for tests sharing one broker,
   * whose topics keep their messages forever. Default none.
   */
  readonly topicPrefix?: string;
}

/** `<service>.events` and other services' event topics: kept forever, projections rebuild from 0. */
const eventTopicSpec = (topic: string, partitions: number): TopicSpec => ({ topic, partitions, retentionMs: -1 });

/** Starts the relay and the subscriptions once the app is up; stops them, then closes, on shutdown. */
@Injectable()
export class EventSourcingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;

  constructor(
    @Inject(EVENT_SOURCING_OPTIONS) private readonly options: EventSourcingOptions,
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventSubscriptions) private readonly subscriptions: EventSubscriptions,
    @Inject(MONGO_CONNECTION) private readonly connection: Connection | null,
    @Inject(MONGO_WATCHDOG) private readonly watchdog: ClientWatchdog | null,
  ) {
    this.logger = new Logger(`EventSourcing:${options.service}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    const own = `${this.options.topicPrefix ?? ''}${eventsTopic(this.options.service)}`;
    const partitions = this.options.partitions ?? 3;
    // Other services' topics too: a consumer may start before their owner has provisioned them.
    const consumed = this.subscriptions.topics().filter((t) => t !== own);
    await this.transport.ensureTopics([
      eventTopicSpec(own, partitions),
      eventTopicSpec(deadLetterTopic(own), partitions),
      ...consumed.map((t) => eventTopicSpec(t, 3)),
    ]);
    this.relay.start();
    await this.subscriptions.start();
    this.logger.log(`${this.options.runtime.mode} mode: relay to ${own} started`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriptions.stop();
    await this.relay.stop();
    // The embedded transport belongs to the whole process; only a service's own Kafka client closes.
    if (this.options.runtime.mode === 'real') await this.transport.close();
    this.watchdog?.stop();
    await this.connection?.close();
  }
}

@Module({})
export class EventSourcingModule {
  static forService(options: EventSourcingOptions): DynamicModule {
    const { service, runtime } = options;
    const real = runtime.mode === 'real' ? runtime : undefined;
    const relaySettings = options.relay ?? {};

    // Factories close over `options` instead of holding it as a value: Nest hashes the module's
    // metadata to tell modules apart, and the contracts (zod schemas) are large. The service name
    // and mode below are what makes two services' modules distinct.
    const providers: Provider[] = [
      { provide: EVENT_SOURCING_SERVICE, useValue: `${service}:${runtime.mode}` },
      { provide: EVENT_SOURCING_OPTIONS, useFactory: () => options },
      { provide: ContractRegistry, useFactory: () => new ContractRegistry(options.contracts ?? allContracts) },
      {
        provide: MONGO_CONNECTION,
        useFactory: async (): Promise<Connection | null> =>
          real
            ? mongoose
                .createConnection(real.mongoUri, {
                  dbName: databaseInUri(real.mongoUri) ?? service,
                  // When the store restarts, an operation on a dead socket must fail (and be retried by
                  // the client with its Idempotency-Key) rather than hang and hold its stream's lock.
                  serverSelectionTimeoutMS: 10_000,
                  socketTimeoutMS: 30_000,
                  heartbeatFrequencyMS: 2_000,
                })
                .asPromise()
            : null,
      },
      {
        provide: MONGO_WATCHDOG,
        inject: [MONGO_CONNECTION],
        useFactory: (conn: Connection | null): ClientWatchdog | null => {
          if (!conn || !real) return null;
          const logger = new Logger(`StoreWatchdog:${service}`);
          return watchClient(conn.getClient(), {
            uri: real.mongoUri,
            log: (level, message) => (level === 'warn' ? logger.warn(message) : logger.error(message)),
          });
        },
      },
      {
        provide: EVENT_STORE,
        inject: [MONGO_CONNECTION],
        useFactory: async (conn: Connection | null): Promise<EventStore> =>
          conn ? MongoEventStore.open(conn) : new InMemoryEventStore(),
      },
      {
        provide: DOCUMENTS,
        inject: [MONGO_CONNECTION],
        useFactory: (conn: Connection | null) =>
          conn ? new MongoDocumentCollections(conn) : new InMemoryDocumentCollections(),
      },
      {
        provide: PROCESSED_EVENTS,
        inject: [MONGO_CONNECTION],
        useFactory: (conn: Connection | null) =>
          conn ? new MongoProcessedEvents(conn) : new InMemoryProcessedEvents(),
      },
      {
        provide: LEASE_STORE,
        inject: [MONGO_CONNECTION],
        useFactory: async (conn: Connection | null): Promise<LeaseStore | null> =>
          conn ? MongoLeaseStore.open(conn) : null,
      },
      {
        provide: MESSAGE_TRANSPORT,
        useFactory: (): MessageTransport =>
          real
            ? new KafkaTransport({
                clientId: service,
                ...options.kafka,
                brokers: real.kafkaBrokers,
                ...(real.kafkaSasl ? { sasl: real.kafkaSasl } : {}),
              })
            : embeddedTransport(),
      },
      KernelMetrics,
      // Real mode: follow the agency registry's changes reporting publishes (ADR 0014); reporting owns
      // them, and in embedded mode every service shares the one process's registry.
      ...(real && service !== 'reporting' ? [AgencyRegistryFollower] : []),
      {
        provide: OutboxRelay,
        inject: [EVENT_STORE, MESSAGE_TRANSPORT, LEASE_STORE, KernelMetrics],
        useFactory: (
          store: EventStore,
          transport: MessageTransport,
          leases: LeaseStore | null,
          metrics: KernelMetrics,
        ) => {
          const logger = new Logger(`OutboxRelay:${service}`);
          return new OutboxRelay({
            service,
            topic: `${options.topicPrefix ?? ''}${eventsTopic(service)}`,
            store,
            transport,
            ...(leases
              ? {
                  lease: {
                    store: leases,
                    ttlMs: relaySettings.leaseTtlMs ?? 10_000,
                    renewEveryMs: relaySettings.leaseRenewEveryMs ?? 2000,
                  },
                }
              : {}),
            ...(relaySettings.pollIntervalMs !== undefined ? { pollIntervalMs: relaySettings.pollIntervalMs } : {}),
            ...(relaySettings.batchSize !== undefined ? { batchSize: relaySettings.batchSize } : {}),
            ...(relaySettings.maxMessagesPerPublish !== undefined
              ? { maxMessagesPerPublish: relaySettings.maxMessagesPerPublish }
              : {}),
            onError: (err) => logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err)),
            onPublished: (topic, messages, seconds) => metrics.observePublish(topic, messages, seconds),
          });
        },
      },
      CommandRunner,
      CaseKinds,
      EventSubscriptions,
      EventSourcingLifecycle,
    ];

    return {
      module: EventSourcingModule,
      providers,
      exports: [
        EVENT_STORE,
        ContractRegistry,
        CommandRunner,
        CaseKinds,
        DOCUMENTS,
        OutboxRelay,
        MESSAGE_TRANSPORT,
        PROCESSED_EVENTS,
        MONGO_CONNECTION,
        EventSubscriptions,
        KernelMetrics,
      ],
    };
  }
}
