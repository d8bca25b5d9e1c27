// Store round trips per command (issue 15, item 2: a hot path that reads what it must, and otherwise
// inserts). The driver itself tells what a command costs: every MongoDB command the service sends
// while one disclosure request is received, and while one follow-on command changes it, is listed by
// command name and collection, and held to a budget. A change that adds a round trip back fails here
// with the list of what was sent.
//
// Measured before the cuts (FerretDB 1.24 on PostgreSQL, session 8), each listed by the driver:
// receive 11 — 4 finds (the commit bucket of the id the key had before issue 13, the key lookup, the
// stream load, the applicant), 6 inserts, and the applicant's update that missed; follow-on 11 — 7
// finds (the key lookup walked the stream, the load walked it again: 2 + 2; the view's version; the
// texts counted, then read) and 4 writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Connection } from 'mongoose';
import { MONGO_CONNECTION } from '#event-sourcing/nest';
import { OutboxRelay } from '#event-sourcing/outbox';
import { asUser, HttpClient, integrationInfra, startService, type ServiceUnderTest, uniqueName } from '#testing';
import { ApplicationsServiceModule } from './applications.module.js';

const real = await integrationInfra();
const BASE = '/applications/disclosure-requests';

/** One command the driver sent: its name and the collection it named (if any). */
interface Sent {
  readonly command: string;
  readonly collection: string;
}

/** Commands that read from the store (the rest write). */
const READS = new Set(['find', 'aggregate', 'count', 'distinct', 'getMore']);

/**
 * What one command may cost, in round trips: reads and writes. The receive of a new request:
 * one lookup answers "new stream, key unused" (the id the key had before keys were scoped, issue
 * 13, is looked up only in a store begun before that: this one is new); writes are inserts only — the intent marker, the commit, the marker
 * vouching for it (ADR 0015), the text typed, the applicant, the view. A follow-on on a stream this
 * process has seen: "no commit after the ones remembered" (one lookup, however long the stream), the
 * view's stored version (a guarded update on FerretDB reads first, ADR 0006), the case's texts for
 * the answer; the three inserts of the append and the view's update.
 */
const BUDGET = {
  receive: { reads: 1, writes: 6 },
  change: { reads: 3, writes: 4 },
} as const;

describe(`Store round trips per command (${real.infra?.description ?? 'skipped'})`, { skip: real.skip }, () => {
  let svc: ServiceUnderTest;
  let sent: Sent[] | undefined;
  const clerk = (): HttpClient => new HttpClient(svc.url, asUser('liling-city'));

  /** The commands `act` made the service send, with the relay (which polls on its own) stopped. */
  async function sentDuring(act: () => Promise<void>): Promise<Sent[]> {
    sent = [];
    try {
      await act();
      return sent;
    } finally {
      sent = undefined;
    }
  }

  const receive = (key: string) =>
    clerk().post(
      BASE,
      {
        agencyId: 'liling-city',
        receiptDate: '2019-06-03',
        channel: 'email',
        applicantType: 'natural-person',
        informationRequested: '2018年度土地出让合同',
        applicant: { name: '王五', phone: '13800000000' },
      },
      { 'idempotency-key': key },
    );
  const askClarification = (id: string, etag: string | null, key: string) =>
    clerk().post(
      `${BASE}/${id}/clarification-request`,
      { requestedOn: '2019-06-04', dueOn: '2019-06-18' },
      { 'if-match': etag ?? undefined, 'idempotency-key': key },
    );

  before(async () => {
    // The driver reports commands only when asked to when the client is made.
    const monitored = new URL(real.infra!.mongoUri);
    monitored.searchParams.set('monitorCommands', 'true');
    svc = await startService(
      (runtime, o) => ApplicationsServiceModule.register(runtime, o),
      { ...real.infra!, mongoUri: monitored.toString() },
      uniqueName('apps-trips'),
    );
    // The relay reads the outbox on its own timer and after each append: not the command's cost.
    await svc.app.get(OutboxRelay, { strict: false }).stop();
    const conn = svc.app.get<Connection>(MONGO_CONNECTION, { strict: false });
    conn.getClient().on('commandStarted', (e) => {
      const named = e.command[e.commandName] as unknown;
      sent?.push({ command: e.commandName, collection: typeof named === 'string' ? named : '' });
    });
  });
  after(async () => {
    await svc?.close();
  });

  it('receives a request and changes it within the budget of store round trips', async (t) => {
    // A first pair makes every collection and index the commands touch (once per process).
    const warm = await receive(uniqueName('warm'));
    assert.equal(warm.status, 201, JSON.stringify(warm.body));
    assert.equal((await askClarification(warm.body.id as string, warm.etag, uniqueName('warm-change'))).status, 200);

    let id = '';
    let etag: string | null = null;
    const created = await sentDuring(async () => {
      const answer = await receive(uniqueName('trips'));
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.informationRequested, '2018年度土地出让合同', 'the answer shows the text typed');
      id = answer.body.id as string;
      etag = answer.etag;
    });
    const changed = await sentDuring(async () => {
      const answer = await askClarification(id, etag, uniqueName('trips-change'));
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.version, 2);
    });

    for (const [name, list] of [
      ['receive', created],
      ['change', changed],
    ] as const) {
      const listed = list.map((s) => `${s.command} ${s.collection}`).join('\n');
      t.diagnostic(`${name}: ${list.length} round trips\n${listed}`);
      const reads = list.filter((s) => READS.has(s.command)).length;
      assert.ok(reads <= BUDGET[name].reads, `${name}: ${reads} reads > ${BUDGET[name].reads}:\n${listed}`);
      const writes = list.length - reads;
      assert.ok(writes <= BUDGET[name].writes, `${name}: ${writes} writes > ${BUDGET[name].writes}:\n${listed}`);
    }
  });
});
