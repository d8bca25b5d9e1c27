// The known-acts projection under at-least-once delivery: every event twice, streams interleaved,
// an older event of a case after a newer one — the acts known, and their agencies, come out the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EventEnvelope } from '#contracts';
import { InMemoryDocumentCollections } from '#event-sourcing/read-model';
import { deliveries } from '#testing';
import { KnownActs } from '../application/known-acts.js';
import { actKindOf, recordAct } from './acts.consumer.js';

let n = 0;
function event(type: string, streamId: string, streamVersion: number, agencyId: string): EventEnvelope {
  n++;
  return {
    id: `0190f5c2-7b1e-7cc0-8a41-${String(n).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId,
    streamVersion,
    agencyId,
    occurredAt: '2009-03-02T00:00:00+08:00',
    recordedAt: '2009-03-02T08:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
    actor: 'clerk-1',
    data: {},
  };
}

const events: EventEnvelope[] = [
  event('applications.DisclosureRequestReceived', 'req-1', 1, 'zhuzhou-city'),
  event('applications.ClarificationRequested', 'req-1', 2, 'zhuzhou-city'),
  event('applications.DisclosureRequestReceived', 'req-2', 1, 'you-county'),
  event('enforcement.ViolationDiscovered', 'case-1', 1, 'liling-city'),
  event('enforcement.CaseFiled', 'case-1', 2, 'liling-city'),
  event('enforcement.PenaltyDecided', 'case-1', 3, 'liling-city'),
  // Not acts an appeal can contest here: an idle-land finding, a consultation.
  event('enforcement.IdleLandDetermined', 'idle-1', 1, 'zhuzhou-city'),
  event('consultations.ConsultationReceived', 'con-1', 1, 'zhuzhou-city'),
];
const refs = ['req-1', 'req-2', 'case-1', 'idle-1', 'con-1', 'never'];

async function project(delivered: readonly EventEnvelope[]): Promise<Record<string, unknown>> {
  const acts = new KnownActs(new InMemoryDocumentCollections());
  for (const e of delivered) await recordAct(acts, e);
  const known: Record<string, unknown> = {};
  for (const ref of refs) known[ref] = (await acts.lookup(ref)) ?? null;
  return known;
}

describe('known acts (what appeals may contest)', () => {
  it('knows requests from their receipt and cases from any of their events, with their agency', async () => {
    assert.deepEqual(await project(events), {
      'req-1': { kind: 'disclosure-request', agencyId: 'zhuzhou-city' },
      'req-2': { kind: 'disclosure-request', agencyId: 'you-county' },
      'case-1': { kind: 'enforcement-case', agencyId: 'liling-city' },
      'idle-1': null,
      'con-1': null,
      never: null,
    });
    assert.equal(actKindOf({ type: 'applications.ClarificationRequested' }), undefined);
  });

  for (const delivery of deliveries(events)) {
    it(`gives the same acts when delivered ${delivery.name}`, async () => {
      assert.deepEqual(await project(delivery.events), await project(events));
    });
  }
});
