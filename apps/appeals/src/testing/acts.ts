// Publishes the events by which other services make acts exist, exactly as their relays would put
// them on their topics (contract-valid envelopes keyed by stream id), for tests of the appeals
// consumer without running those services.
import { v7 as uuidv7 } from 'uuid';
import { eventsTopic, toWireMessage, type EventEnvelope } from '#contracts';
import { disclosureRequestReceived } from '#contracts/applications';
import { violationDiscovered } from '#contracts/enforcement';
import { type MessageTransport } from '#messaging';

export function disclosureRequestReceivedEvent(requestId: string, agencyId: string): EventEnvelope {
  return envelope(requestId, disclosureRequestReceived.type, disclosureRequestReceived.schemaVersion, agencyId, {
    ...disclosureRequestReceived.example,
    agencyId,
  });
}

export function violationDiscoveredEvent(caseId: string, agencyId: string): EventEnvelope {
  return envelope(caseId, violationDiscovered.type, violationDiscovered.schemaVersion, agencyId, {
    ...violationDiscovered.example,
    agencyId,
    level: agencyId === 'zhuzhou-city' ? 'city' : 'county',
  });
}

function envelope(
  streamId: string,
  type: string,
  schemaVersion: number,
  agencyId: string,
  data: unknown,
): EventEnvelope {
  const id = uuidv7();
  return {
    id,
    type,
    schemaVersion,
    streamId,
    streamVersion: 1,
    agencyId,
    occurredAt: '2009-03-02T00:00:00+08:00',
    recordedAt: new Date().toISOString(),
    correlationId: id,
    causationId: id,
    actor: 'test:other-service',
    data,
  };
}

/** Publishes on `<topicPrefix><service>.events`, the topic the service under test reads. */
export async function publishAct(
  transport: MessageTransport,
  event: EventEnvelope,
  topicPrefix: string,
): Promise<void> {
  const service = event.type.slice(0, event.type.indexOf('.')) as 'applications' | 'enforcement';
  await transport.publish(`${topicPrefix}${eventsTopic(service)}`, [toWireMessage(event)]);
}
