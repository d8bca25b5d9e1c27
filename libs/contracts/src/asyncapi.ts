// The topics as an AsyncAPI 3.0 document (issue 18.7): what an integrator's tools read — every topic,
// every message (one per event type and schema version), the Kafka key and headers — generated from
// the contracts themselves, so the document cannot drift from what producers validate. The event
// schemas are the same JSON Schemas as the published snapshots (`publishedVersions`); the headers
// and the example messages come from `toWireMessage`, the function the outbox relay sends with.
import { contractsByService } from './all.js';
import { CITY_AGENCY_ID } from './agencies/index.js';
import { jsonSchemaOf, publishedVersions, type JsonSchema } from './compatibility.js';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import { type EventContract } from './registry.js';
import { SERVICES, deadLetterTopic, eventsTopic, retryTopic, type ServiceName } from './topics.js';
import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_REPLAYS_HEADER,
  EVENT_HEADERS,
  RETRY_HEADERS,
  toWireMessage,
} from './wire.js';

export type AsyncApiDocument = {
  readonly asyncapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly defaultContentType: string;
  readonly channels: Record<string, JsonSchema>;
  readonly operations: Record<string, JsonSchema>;
  readonly components: {
    readonly messages: Record<string, JsonSchema>;
    readonly schemas: Record<string, JsonSchema>;
  };
};

/** The Kafka bindings version of the AsyncAPI bindings this document is written to. */
const KAFKA_BINDING_VERSION = '0.5.0';

/** Every header the relay writes, and what it means to a consumer (a new header must be described). */
const EVENT_HEADER_MEANINGS: Record<keyof typeof EVENT_HEADERS, string> = {
  eventId: 'The envelope `id` (UUID v7): deduplicate on it — the relay may send a message twice.',
  type: 'The envelope `type`, `<service>.<PastTenseFact>`: route without parsing the value.',
  schemaVersion: 'The envelope `schemaVersion`, as a decimal string.',
  correlationId: 'The envelope `correlationId`: the request that started the chain of events.',
  causationId: 'The envelope `causationId`: the command or event that caused this one.',
  agencyId: 'The envelope `agencyId`: the agency the case belongs to.',
};

const DEAD_LETTER_HEADER_MEANINGS: Record<keyof typeof DEAD_LETTER_HEADERS, string> = {
  originalTopic: 'The topic the message was read from.',
  originalPartition: 'Its partition there.',
  originalOffset: 'Its offset there.',
  originalKey: 'Its key (the stream id); absent when it had none.',
  consumerGroup: 'The consumer group that gave up on it.',
  errorName: 'The name of the last error.',
  errorMessage: 'The message of the last error (at most 4000 characters).',
  attempts: 'How many times the group tried.',
  failedAt: 'ISO-8601 instant of the last failed attempt.',
};

const RETRY_HEADER_MEANINGS: Record<keyof typeof RETRY_HEADERS, string> = {
  originalTopic: 'The topic the dead letter was first read from.',
  originalPartition: 'Its partition there.',
  originalOffset: 'Its offset there.',
  consumerGroup: 'The only group the replay is for: the one that dead-lettered it.',
  replayedAt: 'ISO-8601 instant of the replay.',
};

const REPLAYS_MEANING = 'How many times the letter has been replayed (absent before the first replay).';

/** Component names allow letters, digits, `.`, `-` and `_`: `applications.DisclosureRequestReceived.v2`. */
export const messageIdOf = (type: string, schemaVersion: number): string => `${type}.v${schemaVersion}`;

/** A JSON Schema embedded in another: the `$schema` of a snapshot belongs to a document's root only. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

const stringHeaders = (meanings: Record<string, string>, names: Record<string, string>): Record<string, JsonSchema> =>
  Object.fromEntries(
    Object.entries(names).map(([key, name]) => [name, { type: 'string', description: meanings[key] ?? '' }]),
  );

/** The headers of a message of `type` under `schemaVersion`: the relay's headers, two of them fixed. */
function eventHeadersSchema(type: string, schemaVersion: number): JsonSchema {
  const properties = stringHeaders(EVENT_HEADER_MEANINGS, EVENT_HEADERS);
  properties[EVENT_HEADERS.type] = { ...properties[EVENT_HEADERS.type], const: type };
  properties[EVENT_HEADERS.schemaVersion] = {
    ...properties[EVENT_HEADERS.schemaVersion],
    const: String(schemaVersion),
  };
  return { type: 'object', properties, required: Object.values(EVENT_HEADERS) };
}

/** The envelope (DESIGN §4) with `type` and `schemaVersion` fixed and `data` the event's own schema. */
function envelopePayloadSchema(type: string, schemaVersion: number, data: JsonSchema): JsonSchema {
  const envelope = embedded(jsonSchemaOf(envelopeSchema));
  const properties = { ...(envelope.properties as Record<string, JsonSchema>) };
  properties.type = { ...properties.type, const: type };
  properties.schemaVersion = { ...properties.schemaVersion, const: schemaVersion };
  properties.data = embedded(data);
  return { ...envelope, properties };
}

/** An envelope around the contract's example, as a relay would write it. Ids and times are samples. */
function exampleEnvelope(contract: EventContract): EventEnvelope {
  const data = contract.example as { agencyId?: unknown };
  return {
    id: '0190b1a0-7c00-7000-8000-000000000001',
    type: contract.type,
    schemaVersion: contract.schemaVersion,
    streamId: '0190b1a0-7c00-7000-8000-0000000000aa',
    streamVersion: 1,
    agencyId: typeof data.agencyId === 'string' ? data.agencyId : CITY_AGENCY_ID,
    occurredAt: '2009-04-10T00:00:00.000+08:00',
    recordedAt: '2009-04-10T09:30:00.000+08:00',
    correlationId: '0190b1a0-7c00-7000-8000-0000000000cc',
    causationId: '0190b1a0-7c00-7000-8000-0000000000cc',
    actor: 'clerk-0001',
    data: contract.example,
  };
}

const KEY_SCHEMA: JsonSchema = {
  type: 'string',
  description: 'The stream id (the case): every event of one case is on one partition, in order.',
};

const messageBindings = { kafka: { key: KEY_SCHEMA, bindingVersion: KAFKA_BINDING_VERSION } };

/** The messages of one contract: every version it has published, the current one with an example. */
function messagesOf(contract: EventContract): Array<[string, JsonSchema, JsonSchema]> {
  return publishedVersions(contract).map((v) => {
    const id = messageIdOf(v.type, v.schemaVersion);
    const current = v.schemaVersion === contract.schemaVersion;
    const payload = envelopePayloadSchema(v.type, v.schemaVersion, v.schema);
    const wire = current ? toWireMessage(exampleEnvelope(contract)) : undefined;
    const message: JsonSchema = {
      name: v.type,
      title: `${v.type} v${v.schemaVersion}`,
      summary: contract.description.split(/(?<=[.。])\s/)[0] ?? contract.description,
      description: current
        ? contract.description
        : `${contract.description}\n\nAn older version (current: v${contract.schemaVersion}); it stays on the ` +
          'topic forever. Readers built from the contracts upcast it on read.',
      contentType: 'application/json',
      headers: eventHeadersSchema(v.type, v.schemaVersion),
      payload: { $ref: `#/components/schemas/${id}` },
      correlationId: {
        description: 'The request that started the chain of events.',
        location: `$message.header#/${EVENT_HEADERS.correlationId}`,
      },
      bindings: messageBindings,
      ...(wire
        ? {
            examples: [
              {
                name: 'example',
                summary: 'as the relay sends it',
                headers: wire.headers,
                payload: JSON.parse(wire.value),
              },
            ],
          }
        : {}),
    };
    return [id, message, payload];
  });
}

const channelBindings = {
  kafka: {
    // Topics keep every message forever (DESIGN §3): a projection can be rebuilt from offset 0.
    topicConfiguration: { 'retention.ms': -1, 'cleanup.policy': ['delete'] },
    bindingVersion: KAFKA_BINDING_VERSION,
  },
};

const refs = (ids: readonly string[], to: 'messages' | 'schemas'): Record<string, JsonSchema> =>
  Object.fromEntries(ids.map((id) => [id, { $ref: `#/components/${to}/${id}` }]));

/** What may be in a dead letter or a replay: normally one of the topic's events, but the value is kept as it came. */
function anyEventOf(ids: readonly string[], topic: string): JsonSchema {
  return {
    description:
      `The original value, byte for byte: normally one of the events of ${topic}, but a value no consumer ` +
      'could read is dead-lettered too.',
    anyOf: [...ids.map((id) => ({ $ref: `#/components/schemas/${id}` })), {}],
  };
}

function channelsOf(service: ServiceName, messageIds: readonly string[]) {
  const topic = eventsTopic(service);
  const dlq = deadLetterTopic(topic);
  const deadLetterId = `${service}.DeadLetter`;
  const replayId = `${service}.Replay`;
  const relayHeaders = stringHeaders(EVENT_HEADER_MEANINGS, EVENT_HEADERS);
  const deadLetter: JsonSchema = {
    name: 'DeadLetter',
    title: `Dead letter of ${topic}`,
    summary: `A message of ${topic} a consumer group gave up on after its retries.`,
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        ...relayHeaders,
        ...stringHeaders(DEAD_LETTER_HEADER_MEANINGS, DEAD_LETTER_HEADERS),
        [DEAD_LETTER_REPLAYS_HEADER]: { type: 'string', description: REPLAYS_MEANING },
      },
      required: Object.values(DEAD_LETTER_HEADERS).filter((h) => h !== DEAD_LETTER_HEADERS.originalKey),
    },
    payload: anyEventOf(messageIds, topic),
    bindings: messageBindings,
  };
  const replay: JsonSchema = {
    name: 'Replay',
    title: `Replay of a dead letter of ${topic}`,
    summary: 'A dead letter sent back to the one consumer group that failed on it (ADR 0007).',
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        ...relayHeaders,
        ...stringHeaders(RETRY_HEADER_MEANINGS, RETRY_HEADERS),
        [DEAD_LETTER_REPLAYS_HEADER]: { type: 'string', description: REPLAYS_MEANING },
      },
      required: [...Object.values(RETRY_HEADERS), DEAD_LETTER_REPLAYS_HEADER],
    },
    payload: anyEventOf(messageIds, topic),
    bindings: messageBindings,
  };
  const channels: Record<string, JsonSchema> = {
    [topic]: {
      address: topic,
      title: topic,
      summary: `Every committed event of the ${service} service, keyed by stream id.`,
      description:
        'Published by the service’s outbox relay after the event is committed (never as a second write). ' +
        'Delivery is at least once: deduplicate on the `event-id` header or the envelope `id`.',
      messages: refs(messageIds, 'messages'),
      bindings: { kafka: { ...channelBindings.kafka, topic } },
    },
    [dlq]: {
      address: dlq,
      title: dlq,
      summary: `Dead letters of ${topic}: what a consumer group could not process, with the error in headers.`,
      messages: refs([deadLetterId], 'messages'),
      bindings: { kafka: { ...channelBindings.kafka, topic: dlq } },
    },
    [`${topic}.retry`]: {
      address: retryTopic(topic, '{consumerGroup}'),
      title: `${topic} replays per consumer group`,
      summary: 'Replays of dead letters, one topic per consumer group: only that group reads it (ADR 0007).',
      parameters: { consumerGroup: { description: 'The consumer group the replays are for.' } },
      messages: refs([replayId], 'messages'),
    },
  };
  const operations: Record<string, JsonSchema> = {
    [`${service}.publishEvents`]: {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      summary: `The ${service} outbox relay publishes each committed event.`,
    },
    [`${service}.deadLetter`]: {
      action: 'send',
      channel: { $ref: `#/channels/${dlq}` },
      summary: `A consumer group of ${topic} dead-letters a message it could not process.`,
    },
    [`${service}.replay`]: {
      action: 'send',
      channel: { $ref: `#/channels/${topic}.retry` },
      summary: 'The operations team replays a dead letter to the group that failed on it.',
    },
  };
  return { channels, operations, messages: { [deadLetterId]: deadLetter, [replayId]: replay } };
}

/**
 * The AsyncAPI 3.0 document of one service's topics, or of every service's (the whole platform):
 * `<service>.events` with one message per event type and schema version, its `.dlq` and its
 * per-group retry topics. Pure: the same contracts give the same document.
 */
export function asyncApiDocument(service?: ServiceName): AsyncApiDocument {
  const services = service ? [service] : [...SERVICES];
  const document: AsyncApiDocument = {
    asyncapi: '3.0.0',
    info: {
      title: service ? `${service} — event topics` : 'Land bureau platform — event topics',
      version: '1',
      description:
        'The Kafka topics of the land bureau’s case-workflow services, a public contract. Each message value is an ' +
        'event envelope (JSON) whose `data` follows the JSON Schema of its type and schema version (the snapshots in ' +
        'libs/contracts/published); the key is the stream id; headers repeat what a consumer needs to route and ' +
        'trace without parsing. Personal data and free text never appear on a topic: events carry references.',
    },
    defaultContentType: 'application/json',
    channels: {},
    operations: {},
    components: { messages: {}, schemas: {} },
  };
  for (const s of services) {
    const ids: string[] = [];
    for (const contract of contractsByService[s]) {
      for (const [id, message, payload] of messagesOf(contract)) {
        ids.push(id);
        document.components.messages[id] = message;
        document.components.schemas[id] = payload;
      }
    }
    const parts = channelsOf(s, ids);
    Object.assign(document.channels, parts.channels);
    Object.assign(document.operations, parts.operations);
    Object.assign(document.components.messages, parts.messages);
  }
  return document;
}
