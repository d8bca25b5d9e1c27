// The broker authenticates each service and lets it write only its own topics (DESIGN §6; issue 13
// item 8: a well-formed DisclosureRequestReceived produced straight to Kafka moved the annual
// report). Against the run's real broker, with the ACLs of infra/broker-access.mjs granted for a
// prefix of this file's own (as every test stack's TOPIC_PREFIX gets them):
//   - a client without credentials, or with a wrong password, is refused;
//   - `publications` producing to applications.events is refused (TOPIC_AUTHORIZATION_FAILED) and
//     nothing reaches the topic;
//   - each service writes its own topic through the product's own client (KafkaTransport);
//   - `reporting` reads every case service's topic; a service that does not consume a topic cannot;
//   - the operations service's own principal replays into any group's retry topic; reporting, which
//     hosted the operations API before issue 14.4, no longer can (ADR 0010 addendum).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { SERVICES, eventsTopic, retryTopic, type ServiceName } from '#contracts';
import { KafkaTransport } from '#messaging';
import {
  brokerAccess,
  integrationInfra,
  kafkaClient,
  kafkaSasl,
  provisionBrokerAccessFor,
  uniqueName,
  type Infra,
} from '#testing';

const real = await integrationInfra();

/** The Kafka error code somewhere in a kafkajs error's chain (it wraps protocol errors in retries). */
function kafkaErrorTypes(err: unknown): string[] {
  const types: string[] = [];
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string') types.push(e.type);
    e = (e.originalError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return types;
}

describe(`the broker's authentication and ACLs (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  const prefix = `${uniqueName('acl')}.`;
  const topicOf = (service: ServiceName): string => `${prefix}${eventsTopic(service)}`;
  let infra: Infra;
  let admin: KafkaTransport;
  const transports: KafkaTransport[] = [];

  /** The product's own client, logged in as `principal`. */
  const clientAs = (principal: ServiceName): KafkaTransport => {
    const t = new KafkaTransport({
      ...kafkaClient(infra, principal),
      clientId: `acl-${principal}`,
      logLevel: 'nothing',
    });
    transports.push(t);
    return t;
  };

  /** A raw kafkajs producer, as the finding's attacker used (idempotent, like the product's). */
  async function produceRaw(
    client: { brokers: string[]; sasl?: ReturnType<typeof kafkaSasl> },
    topic: string,
  ): Promise<unknown> {
    const kafka = new Kafka({
      clientId: 'acl-intruder',
      brokers: client.brokers,
      ...(client.sasl ? { sasl: client.sasl } : {}),
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100 },
      connectionTimeout: 3000,
      authenticationTimeout: 3000,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
    try {
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'forged-case', value: '{"type":"forged"}' }] });
      return undefined;
    } catch (err) {
      return err;
    } finally {
      await producer.disconnect().catch(() => {});
    }
  }

  const messagesIn = async (topic: string): Promise<number> =>
    (await admin.topicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);

  before(async () => {
    infra = real.infra!;
    assert.ok(infra.kafkaAuth, 'the broker of this run authenticates clients (SASL/SCRAM users provisioned)');
    await provisionBrokerAccessFor(kafkaClient(infra), prefix);
    admin = new KafkaTransport({ ...kafkaClient(infra), clientId: 'acl-admin', logLevel: 'nothing' });
    await admin.ensureTopics(SERVICES.map((s) => ({ topic: topicOf(s), partitions: 1, retentionMs: -1 })));
  });

  after(async () => {
    await Promise.all(transports.map((t) => t.close()));
    if (admin) {
      await admin.deleteTopicsAndGroups(SERVICES.map(topicOf), []).catch(() => {});
      await admin.close();
    }
  });

  it('refuses a producer without credentials, and one with a wrong password', async () => {
    const open = await produceRaw({ brokers: [...infra.kafkaBrokers] }, topicOf('applications'));
    assert.ok(open instanceof Error, 'an anonymous producer was accepted');
    const sasl = kafkaSasl(infra, 'applications')!;
    const wrong = await produceRaw(
      { brokers: [...infra.kafkaBrokers], sasl: { ...sasl, password: `${sasl.password}x` } },
      topicOf('applications'),
    );
    assert.ok(wrong instanceof Error, 'a wrong password was accepted');
    assert.match(String((wrong as Error).message), /authentication failed/i);
    assert.equal(await messagesIn(topicOf('applications')), 0);
  });

  it("refuses another service's principal on applications.events (TOPIC_AUTHORIZATION_FAILED)", async () => {
    const err = await produceRaw(kafkaClient(infra, 'publications'), topicOf('applications'));
    assert.ok(err instanceof Error, 'publications wrote to applications.events');
    assert.ok(
      kafkaErrorTypes(err).includes('TOPIC_AUTHORIZATION_FAILED'),
      `expected TOPIC_AUTHORIZATION_FAILED, got ${kafkaErrorTypes(err).join(', ')}: ${(err as Error).message}`,
    );
    // Nor can it through the product's client, nor can the reader of everything write what it reads.
    for (const intruder of ['publications', 'reporting', 'appeals'] as const) {
      await assert.rejects(
        clientAs(intruder).publish(topicOf('applications'), [{ key: 'forged-case', value: '{}', headers: {} }]),
        `${intruder} published to applications.events`,
      );
    }
    assert.equal(await messagesIn(topicOf('applications')), 0, 'nothing forged reached the topic');
  });

  it("refuses a service on another service's group retry topic; the operations host may replay there", async () => {
    // A retry topic is read by its group as the topic itself: writing to reporting's would forge its events.
    const reportingRetry = retryTopic(topicOf('applications'), `${prefix}reporting.statistics.g1`);
    const ownRetry = retryTopic(topicOf('applications'), 'appeals.acts');
    await admin.ensureTopics([reportingRetry, ownRetry].map((topic) => ({ topic, partitions: 1, retentionMs: -1 })));
    const err = await produceRaw(kafkaClient(infra, 'appeals'), reportingRetry);
    assert.ok(err instanceof Error, "appeals wrote to reporting's retry topic");
    assert.ok(kafkaErrorTypes(err).includes('TOPIC_AUTHORIZATION_FAILED'), (err as Error).message);
    assert.equal(await messagesIn(reportingRetry), 0);
    assert.equal(
      await produceRaw(kafkaClient(infra, 'appeals'), ownRetry),
      undefined,
      'appeals writes its own retry topic',
    );
    assert.equal(await produceRaw(kafkaClient(infra, 'operations'), ownRetry), undefined, 'operations replays into it');
    const formerHost = await produceRaw(kafkaClient(infra, 'reporting'), ownRetry);
    assert.ok(formerHost instanceof Error, "reporting wrote to appeals' retry topic");
    assert.ok(kafkaErrorTypes(formerHost).includes('TOPIC_AUTHORIZATION_FAILED'), (formerHost as Error).message);
    await admin.deleteTopicsAndGroups([reportingRetry, ownRetry], []).catch(() => {});
  });

  it('lets each service write its own topic, and reporting read every case service topic', async () => {
    for (const service of SERVICES) {
      await clientAs(service).publish(topicOf(service), [
        { key: `case-${service}`, value: JSON.stringify({ from: service }), headers: {} },
      ]);
    }
    const reporting = clientAs('reporting');
    for (const service of SERVICES.filter((s) => s !== 'operations')) {
      const read = await reporting.read(topicOf(service));
      assert.deepEqual(
        read.map((m) => [m.key, m.value]),
        [[`case-${service}`, JSON.stringify({ from: service })]],
        `reporting reads ${topicOf(service)}`,
      );
    }
  });

  it('keeps a service that does not consume a topic from reading it', async () => {
    const { CONSUMES } = await brokerAccess();
    assert.ok(!CONSUMES.publications?.includes('applications'), 'publications consumes no applications events');
    await assert.rejects(clientAs('publications').read(topicOf('applications')));
  });
});
