// Raw kafkajs clients for the baselines (tests/bench is the one place outside libs/messaging that
// talks kafkajs directly: a baseline must not go through the product's code).
import { type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { type Infra, kafkaClient } from '#testing';

/** A client of the run's broker, as its admin principal when the broker authenticates. */
export function rawKafka(infra: Infra, clientId = 'bench'): Kafka {
  return new Kafka({ clientId, ...kafkaClient(infra), logLevel: logLevel.WARN });
}

/** The product's producer settings (libs/messaging): idempotent, acks = all, one request in flight. */
export async function batchingProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return producer;
}

/** A consumer reading its topic from offset 0 in a group of its own. */
export async function freshConsumer(kafka: Kafka, groupId: string, topic: string): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 60_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  return consumer;
}

/** Sum over partitions of the high watermark: how many messages the topic holds (from offset 0). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
