// A consumer process for the crash scenario on Kafka: started by kafka-transport.int.spec.ts, it
// prints BLOCKED when it hangs mid-batch and is then killed with SIGKILL — a real crash, no
// graceful anything. Configuration comes as JSON in DOOMED_CONSUMER.
import mongoose from 'mongoose';
import { MongoProcessedEvents } from '../dedup.js';
import { type BrokerCredentials } from '../broker-credentials.js';
import { KafkaTransport } from '../kafka-transport.js';
import { type DoomedConsumerScenario, startDoomedConsumer } from './doomed-consumer.js';
import { MongoAppliedLog } from './mongo-applied-log.js';

export interface DoomedConsumerProcessConfig {
  readonly brokers: string[];
  readonly sasl?: BrokerCredentials;
  readonly sessionTimeoutMs: number;
  readonly mongoUri: string;
  readonly dbName: string;
  readonly processedCollection: string;
  readonly logCollection: string;
  readonly scenario: DoomedConsumerScenario;
}

export const BLOCKED_LINE = 'BLOCKED';

const raw = process.env.DOOMED_CONSUMER;
if (raw) {
  const config = JSON.parse(raw) as DoomedConsumerProcessConfig;
  const connection = await mongoose.createConnection(config.mongoUri, { dbName: config.dbName }).asPromise();
  const transport = new KafkaTransport({
    brokers: config.brokers,
    ...(config.sasl ? { sasl: config.sasl } : {}),
    clientId: 'doomed-consumer',
    sessionTimeoutMs: config.sessionTimeoutMs,
  });
  await startDoomedConsumer(
    transport,
    new MongoProcessedEvents(connection, config.processedCollection),
    new MongoAppliedLog(connection, config.logCollection),
    config.scenario,
    () => process.stdout.write(`${BLOCKED_LINE}\n`),
  );
}
