import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Parser } from '@asyncapi/parser';
import { allContracts, contractsByService, createContractRegistry } from './all.js';
import { asyncApiDocument, messageIdOf, type AsyncApiDocument } from './asyncapi.js';
import { incompatibilities, publishedVersions, snapshotPath } from './compatibility.js';
import { SERVICES, deadLetterTopic, eventsTopic } from './topics.js';
import { EVENT_HEADERS, toWireMessage } from './wire.js';

const publishedDir = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../../libs/contracts/published',
);

/** The snapshot integrators were promised, read from disk, as it sits inside another schema. */
function snapshot(type: string, schemaVersion: number): Record<string, unknown> {
  const file = path.join(publishedDir, snapshotPath(type, schemaVersion));
  const { $schema: _dialect, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return schema;
}

/** Error-severity diagnostics of the AsyncAPI parser (severity 0 = error, 1 = warning). */
async function parserErrors(doc: AsyncApiDocument): Promise<string[]> {
  const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
  const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} ${d.path.join('/')}: ${d.message}`);
  if (!document && errors.length === 0) errors.push('the parser returned no document');
  return errors;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `expected an object, got ${JSON.stringify(v)}`);
  return v as Obj;
};
const refTarget = (doc: AsyncApiDocument, ref: unknown): Obj => {
  assert.equal(typeof ref, 'string');
  const [, to, id] = /^#\/components\/(messages|schemas)\/(.+)$/.exec(ref as string) ?? [];
  assert.ok(to && id, `not a component ref: ${String(ref)}`);
  return obj(doc.components[to as 'messages' | 'schemas'][id]);
};

describe('the AsyncAPI document of the topics', () => {
  const whole = asyncApiDocument();

  it('is a valid AsyncAPI 3.0 document for the whole platform and for each service', async () => {
    assert.equal(whole.asyncapi, '3.0.0');
    assert.deepEqual(await parserErrors(whole), []);
    for (const service of SERVICES) assert.deepEqual(await parserErrors(asyncApiDocument(service)), [], service);
  });

  it('has, on each service’s events topic, one message per event type and schema version with its schema as data, keeping the published snapshot', () => {
    let checked = 0;
    for (const contract of allContracts) {
      const service = SERVICES.find((s) => contractsByService[s].includes(contract));
      assert.ok(service, contract.type);
      const channel = obj(whole.channels[eventsTopic(service)]);
      assert.equal(channel.address, eventsTopic(service));
      for (const v of publishedVersions(contract)) {
        const id = messageIdOf(v.type, v.schemaVersion);
        const message = refTarget(whole, obj(obj(channel.messages)[id]).$ref);
        assert.equal(message.name, contract.type);
        const payload = refTarget(whole, obj(message.payload).$ref);
        const properties = obj(payload.properties);
        // The schema this version's producers write, which keeps the promise of its snapshot on disk.
        const { $schema: _dialect, ...schema } = v.schema;
        assert.deepEqual(properties.data, schema, `${id}: data is the version's schema`);
        assert.deepEqual(incompatibilities(snapshot(v.type, v.schemaVersion), properties.data), [], id);
        assert.equal(obj(properties.type).const, v.type);
        assert.equal(obj(properties.schemaVersion).const, v.schemaVersion);
        for (const field of ['id', 'streamId', 'streamVersion', 'agencyId', 'occurredAt', 'correlationId', 'actor'])
          assert.ok(field in properties && (payload.required as string[]).includes(field), `${id}: ${field}`);
        // The Kafka key is the stream id.
        assert.match(String(obj(obj(obj(message.bindings).kafka).key).description), /stream id/);
        checked++;
      }
    }
    const messagesOnEventTopics = SERVICES.flatMap((s) =>
      Object.keys(obj(obj(whole.channels[eventsTopic(s)]).messages)),
    );
    assert.equal(messagesOnEventTopics.length, checked, 'no message that is not a contract version');
    assert.ok(checked > allContracts.length, 'older versions are documented too');
  });

  it('declares every header the relay writes, with the type and version fixed per message', () => {
    for (const contract of allContracts) {
      const message = obj(whole.components.messages[messageIdOf(contract.type, contract.schemaVersion)]);
      const headers = obj(message.headers);
      const sent = toWireMessage({
        id: '0190b1a0-7c00-7000-8000-000000000009',
        type: contract.type,
        schemaVersion: contract.schemaVersion,
        streamId: 's-1',
        streamVersion: 3,
        agencyId: 'zhuzhou-city',
        occurredAt: '2009-01-05T00:00:00+08:00',
        recordedAt: '2009-01-05T08:00:00+08:00',
        correlationId: 'c-1',
        causationId: 'c-0',
        actor: 'u-1',
        data: contract.example,
      }).headers;
      assert.deepEqual(Object.keys(obj(headers.properties)).sort(), Object.keys(sent).sort(), contract.type);
      assert.deepEqual([...(headers.required as string[])].sort(), Object.keys(sent).sort());
      assert.equal(obj(obj(headers.properties)[EVENT_HEADERS.type]).const, sent[EVENT_HEADERS.type]);
      assert.equal(obj(obj(headers.properties)[EVENT_HEADERS.schemaVersion]).const, sent[EVENT_HEADERS.schemaVersion]);
    }
  });

  it('gives each current version an example a consumer built from the contracts accepts', () => {
    const registry = createContractRegistry();
    for (const contract of allContracts) {
      const message = obj(whole.components.messages[messageIdOf(contract.type, contract.schemaVersion)]);
      const [example] = message.examples as Array<{ headers: Record<string, string>; payload: unknown }>;
      assert.ok(example, contract.type);
      const read = registry.read(example.payload);
      assert.equal(read.type, contract.type);
      assert.equal(example.headers[EVENT_HEADERS.eventId], read.id);
      assert.equal(example.headers[EVENT_HEADERS.agencyId], read.agencyId);
    }
  });

  it('documents each events topic’s dead letters and replays, and a service’s document holds only its own topics', () => {
    for (const service of SERVICES) {
      const own = asyncApiDocument(service);
      const topic = eventsTopic(service);
      assert.deepEqual(Object.keys(own.channels).sort(), [topic, deadLetterTopic(topic), `${topic}.retry`].sort());
      const dlq = obj(own.channels[deadLetterTopic(topic)]);
      const letter = refTarget(own, Object.values(obj(dlq.messages)).map((m) => obj(m).$ref)[0]);
      assert.ok('dlq-error-message' in obj(obj(letter.headers).properties), service);
      assert.match(String(obj(own.channels[`${topic}.retry`]).address), /\{consumerGroup\}\.retry$/);
      const types = Object.values(own.components.messages).map((m) => String(m.name));
      for (const c of contractsByService[service]) assert.ok(types.includes(c.type), c.type);
      assert.ok(
        Object.keys(own.components.messages).every((id) => id.startsWith(`${service}.`)),
        `${service}: only its own messages`,
      );
    }
  });
});
