// ADR 0005 on real Kafka: appeals filed against disclosure requests whose events reach
// applications.events a moment later — or at the same moment — end confirmed; one against an act
// that never comes stays pending (never counted) and is flagged after the bound; one against an act
// of another agency is disputed. The confirmation comes from the topic: the sweeper is off in the
// race, so only the consumer and the re-check after filing can confirm.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, uniqueName } from '#testing';
import { AppealsServiceModule } from '../appeals.module.js';
import { disclosureRequestReceivedEvent, publishAct, violationDiscoveredEvent } from '../testing/acts.js';
import { http, startService, type ServiceUnderTest } from '../testing/service-under-test.js';

const real = await integrationInfra();

interface Appeal {
  id: string;
  version: number;
  actStatus: string;
  actOverdue: boolean;
  agencyId: string;
}

describe('appeals against acts that arrive on Kafka later (real Kafka + store)', { skip: real.skip }, () => {
  let svc: ServiceUnderTest;
  let transport: KafkaTransport;

  before(async () => {
    svc = await startService(
      (runtime, o) =>
        AppealsServiceModule.register(runtime, {
          ...o,
          actConfirmation: { sweepEveryMs: 0 },
          relay: { pollIntervalMs: 200 },
        }),
      real.infra!,
      uniqueName('appeals-race'),
    );
    transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
  });
  after(async () => {
    await transport?.close();
    await svc?.close();
  });

  const file = (ref: string, agencyId = 'zhuzhou-city', kind = 'disclosure-request') =>
    http<Appeal>(`${svc.url}/appeals/reconsiderations`, {
      method: 'POST',
      body: { agencyId, act: { kind, ref }, knownOn: '2009-05-04', filedOn: '2009-05-20' },
      as: agencyId,
    });
  const publish = (event: Parameters<typeof publishAct>[1]) => publishAct(transport, event, svc.topicPrefix);
  // A clerk of the city reads the roll-up of every agency's appeals.
  const get = async (id: string) => (await http<Appeal>(`${svc.url}/appeals/appeals/${id}`)).body;

  it('confirms every appeal whose request arrives after it, or at the same moment, exactly once', async (t) => {
    const filedFirst: Array<{ id: string; ref: string }> = [];
    // 1. The appeal is filed and answered before the request is on the topic: pending for sure.
    for (let i = 0; i < 5; i++) {
      const ref = uuidv7();
      const filed = await file(ref);
      assert.equal(filed.status, 201);
      assert.equal(filed.body.actStatus, 'pending');
      filedFirst.push({ id: filed.body.id, ref });
    }
    await Promise.all(filedFirst.map(({ ref }) => publish(disclosureRequestReceivedEvent(ref, 'zhuzhou-city'))));

    // 2. Publishing, and filing 0–1.6 s later: around the time the event takes to reach the consumer.
    const raced = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const ref = uuidv7();
        const published = publish(disclosureRequestReceivedEvent(ref, 'zhuzhou-city'));
        const [filed] = await Promise.all([(async () => (await sleep((i % 5) * 400), file(ref)))(), published]);
        assert.equal(filed.status, 201);
        return { id: filed.body.id, answer: filed.body };
      }),
    );

    // Three ways an appeal ends confirmed, each with exactly one confirmation in its stream:
    // the act was known at filing (version 1); it arrived while the filing was under way and the
    // re-check after the append confirmed it (the answer already says confirmed, version 2); or it
    // arrived afterwards and the consumer confirmed it (the answer said pending).
    const all = [
      ...filedFirst.map((f) => ({ id: f.id, path: 'consumer' as const })),
      ...raced.map((r) => ({
        id: r.id,
        path:
          r.answer.actStatus === 'pending'
            ? ('consumer' as const)
            : r.answer.version === 1
              ? ('known at filing' as const)
              : ('re-check after filing' as const),
      })),
    ];
    const final = await eventually(
      async () => {
        const appeals = await Promise.all(all.map((a) => get(a.id)));
        return appeals.every((a) => a.actStatus === 'confirmed') ? appeals : undefined;
      },
      { what: 'every appeal confirmed', timeoutMs: 60_000, intervalMs: 250 },
    );
    all.forEach((a, i) => assert.equal(final[i]!.version, a.path === 'known at filing' ? 1 : 2, `versions of ${a.id}`));
    const count = (path: string) => all.filter((a) => a.path === path).length;
    t.diagnostic(
      `${all.length} appeals confirmed: ${count('consumer')} by the consumer after filing, ` +
        `${count('re-check after filing')} by the re-check after the append, ${count('known at filing')} known at filing`,
    );
  });

  it('disputes an appeal whose act turns out to belong to another agency, and never confirms a missing act', async () => {
    const otherAgencys = uuidv7();
    const disputed = await file(otherAgencys, 'zhuzhou-city');
    const missing = await file(uuidv7());
    const caseRef = uuidv7();
    const againstCase = await file(caseRef, 'you-county', 'enforcement-case');
    await publish(disclosureRequestReceivedEvent(otherAgencys, 'you-county'));
    await publish(violationDiscoveredEvent(caseRef, 'you-county'));
    await eventually(async () => (await get(disputed.body.id)).actStatus === 'disputed', {
      what: 'the appeal disputed',
      timeoutMs: 60_000,
    });
    await eventually(async () => (await get(againstCase.body.id)).actStatus === 'confirmed', {
      what: 'the appeal against a violation case confirmed',
      timeoutMs: 60_000,
    });
    // Both acts published after it were applied, and still nothing confirms an act that never came.
    assert.equal((await get(missing.body.id)).actStatus, 'pending');
    const pending = await http<{ items: Appeal[] }>(`${svc.url}/appeals/appeals?actStatus=pending`);
    assert.deepEqual(
      pending.body.items.map((a) => a.id),
      [missing.body.id],
    );
  });
});

describe(
  'an appeal whose act does not come is flagged after the bound, and still confirmed later',
  { skip: real.skip },
  () => {
    let svc: ServiceUnderTest;
    let transport: KafkaTransport;

    before(async () => {
      svc = await startService(
        (runtime, o) =>
          AppealsServiceModule.register(runtime, {
            ...o,
            actConfirmation: { sweepEveryMs: 200, boundSeconds: 1 },
            relay: { pollIntervalMs: 200 },
          }),
        real.infra!,
        uniqueName('appeals-bound'),
      );
      transport = new KafkaTransport({ ...kafkaClient(real.infra!), logLevel: 'error' });
    });
    after(async () => {
      await transport?.close();
      await svc?.close();
    });

    it('flags it once, keeps it pending (not counted), and confirms it when the act arrives', async () => {
      const ref = uuidv7();
      const filed = await http<Appeal>(`${svc.url}/appeals/reconsiderations`, {
        method: 'POST',
        body: {
          agencyId: 'liling-city',
          act: { kind: 'disclosure-request', ref },
          knownOn: '2009-05-04',
          filedOn: '2009-05-20',
        },
        as: 'liling-city',
      });
      assert.equal(filed.body.actStatus, 'pending');
      const flagged = await eventually(
        async () => {
          const a = (await http<Appeal>(`${svc.url}/appeals/appeals/${filed.body.id}`)).body;
          return a.actOverdue ? a : undefined;
        },
        { what: 'the overdue flag', timeoutMs: 30_000 },
      );
      assert.equal(flagged.actStatus, 'pending');
      assert.equal(flagged.version, 2);
      // A case reads its stream; the list reads the views, which the sweeper's own command writes just
      // after its append (and the relay's listener too): a moment later, so the list is polled.
      const overdue = await eventually(
        async () => {
          const listed = await http<{ items: Appeal[] }>(`${svc.url}/appeals/appeals?actOverdue=true`);
          return listed.body.items.length > 0 ? listed.body.items : undefined;
        },
        { what: 'the overdue appeal listed', timeoutMs: 10_000 },
      );
      assert.deepEqual(
        overdue.map((a) => a.id),
        [filed.body.id],
      );

      await publishAct(transport, disclosureRequestReceivedEvent(ref, 'liling-city'), svc.topicPrefix);
      const confirmed = await eventually(
        async () => {
          const a = (await http<Appeal>(`${svc.url}/appeals/appeals/${filed.body.id}`)).body;
          return a.actStatus === 'confirmed' ? a : undefined;
        },
        { what: 'the late confirmation', timeoutMs: 60_000 },
      );
      assert.equal(confirmed.actOverdue, false);
      assert.equal(confirmed.version, 3, 'flagged once, confirmed once');
    });
  },
);
