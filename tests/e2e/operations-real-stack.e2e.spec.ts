// The operations API (the monitoring page's data) on the real stack: seven service processes on their
// own ports against the real broker and store (issue 13 item 3; issue 14.4: operations is a process of
// its own, reading reporting's lag and trend over HTTP). It once asked every service at its own port —
// all but one "not ready", the deadline lists 404 — because nothing told it where the others run;
// tests/e2e/monitoring-page.e2e.spec.ts covers the embedded platform, where all share one origin and
// the mistake could not show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { KafkaTransport } from '#messaging';
import { eventually, integrationInfra, kafkaClient, startServiceStack, uniqueName, type ServiceStack } from '#testing';

const real = await integrationInfra();

interface Health {
  service: string;
  baseUrl: string;
  ready: boolean;
  problem: string | null;
  outboxBacklog: number | null;
  consumerLag: number | null;
  deadLetters: number;
}
interface TopicLag {
  topic: string;
  events: number;
  cases: number;
  deadLetters: number;
  partitions: Array<{ partition: number; high: number; nextOffset: number; behind: number }>;
}
interface CaughtUp {
  caughtUp: boolean;
  checkedAt: string;
  samples: number;
  inFlight: { outboxes: Record<string, number>; consumers: Record<string, number>; projection: Record<string, number> };
  problems: string[];
}
const CAUGHT_UP = '/operations/api/caught-up';
/** Everything an answer says is in flight, added up. */
const inFlightTotal = (a: CaughtUp): number =>
  [a.inFlight.outboxes, a.inFlight.consumers, a.inFlight.projection]
    .flatMap((r) => Object.values(r))
    .reduce((n, v) => n + v, 0);
interface LetterGroup {
  topic: string;
  letters: Array<{
    id: string;
    key: string | null;
    /** Where the letter lies on the dead-letter topic (the API addresses it so). */
    at: { topic: string; partition: number; offset: string };
    payload: unknown;
  }>;
}
interface AgencyDeadlines {
  agencyId: string;
  requests:
    { overdue: number; open: number; overdueCases: Array<{ id: string; link: string | null }> } | { problem: string };
  appeals: { overdue: number; pending: number } | { problem: string };
}

describe(
  `the operations API on the seven-process stack (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    const name = uniqueName('ops');
    const topicPrefix = `${name}.`;
    let stack: ServiceStack;
    let transport: KafkaTransport;
    let operations: string;
    let clerk: string;

    const call = async <T>(
      route: string,
      token: string,
      init: RequestInit = {},
    ): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${stack.urlFor(route)}${route}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    const get = async <T>(route: string, token = operations): Promise<T> => {
      const answer = await call<T>(route, token);
      assert.equal(answer.status, 200, `${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };

    before(async () => {
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: name.replace(/-/g, '_'),
        env: { TOPIC_PREFIX: topicPrefix },
      });
      transport = new KafkaTransport({
        ...kafkaClient(real.infra!),
        clientId: 'operations-e2e',
        logLevel: 'nothing',
      });
      operations = stack.issuer.mint({ sub: 'ops-e2e', roles: ['operations', 'auditor'], agencyId: CITY_AGENCY_ID });
      clerk = stack.issuer.mint({ sub: 'clerk-e2e', roles: ['clerk'], agencyId: CITY_AGENCY_ID });
    });

    after(async () => {
      await transport?.close();
      await stack?.release();
    });

    it('finds every service at its own process: all seven ready, with their outbox figures', async () => {
      const health = await eventually(
        async () => {
          const rows = await get<Health[]>('/operations/api/pipeline');
          return rows.every((r) => r.ready && r.problem === null) ? rows : undefined;
        },
        { timeoutMs: 60_000, what: 'every service ready in the pipeline view' },
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(await get('/operations/api/pipeline'))}`);
      });
      assert.deepEqual(health.map((h) => h.service).sort(), [...SERVICES].sort());
      for (const h of health) {
        assert.equal(h.baseUrl, stack.services[h.service as keyof typeof stack.services].baseUrl, h.service);
        assert.equal(typeof h.outboxBacklog, 'number', `${h.service}: outbox backlog read from its metrics`);
      }
    });

    it('lists a real overdue request per agency, as the applications service counts it (200, not 404)', async () => {
      const received = await call<{ id: string }>('/applications/disclosure-requests', clerk, {
        method: 'POST',
        headers: { 'idempotency-key': `${name}-overdue` },
        body: JSON.stringify({
          agencyId: CITY_AGENCY_ID,
          receiptDate: '2019-06-03',
          channel: 'email',
          applicantType: 'natural-person',
          informationRequested: '2018年度土地出让合同',
          applicant: { name: '王五', phone: '13800000000' },
        }),
      });
      assert.equal(received.status, 201, JSON.stringify(received.body));
      const asOf = '2019-12-31';
      const { agencies: rows } = await get<{ agencies: AgencyDeadlines[] }>(`/operations/api/deadlines?asOf=${asOf}`);
      assert.equal(rows.length, 6, 'every agency the city operations token reads');
      const city = rows.find((r) => r.agencyId === CITY_AGENCY_ID);
      assert.ok(city && 'overdue' in city.requests, `the city's requests are listed: ${JSON.stringify(city)}`);
      const overdue = city.requests.overdueCases.find((c) => c.id === received.body.id);
      assert.ok(overdue, 'the request received in June and never answered is overdue at the year end');
      // Linked to the workbench's page of the case (WORKBENCH_URL, default /workbench/; issue 18.4).
      assert.equal(overdue.link, `/workbench/#/requests/${received.body.id}`);
      const own = await get<{ overdue: number }>(
        `/applications/deadlines?agencyId=${CITY_AGENCY_ID}&asOf=${asOf}&dueSoonWorkingDays=5`,
      );
      assert.equal(city.requests.overdue, own.overdue);
      for (const row of rows) {
        assert.ok(
          'pending' in row.appeals,
          `${row.agencyId}: appeals read from the appeals service: ${JSON.stringify(row.appeals)}`,
        );
      }
    });

    it("shows the projection's lag per source topic, caught up on the request just received", async () => {
      const topic = `${topicPrefix}applications.events`;
      const lag = await eventually(
        async () => {
          const report = await get<{ topics: TopicLag[] }>('/operations/api/lag');
          const applications = report.topics.find((t) => t.topic === topic);
          const written = applications?.partitions.reduce((n, p) => n + p.high, 0) ?? 0;
          return applications && written > 0 && applications.events === 0 ? report : undefined;
        },
        { timeoutMs: 60_000, what: 'the projection caught up on applications.events' },
      );
      assert.deepEqual(
        lag.topics.map((t) => t.topic).sort(),
        SERVICES.filter((s) => s !== 'reporting' && s !== 'operations')
          .map((s) => `${topicPrefix}${s}.events`)
          .sort(),
      );
      for (const t of lag.topics) {
        for (const field of ['events', 'cases', 'deadLetters'] as const) assert.equal(typeof t[field], 'number');
        assert.ok(t.partitions.length > 0, `${t.topic}: its partitions`);
        for (const p of t.partitions) assert.equal(p.behind, Math.max(0, p.high - p.nextOffset));
      }
    });

    it('says not caught up while cases are being written, naming where they wait, and caught up once the projection has them', async (t) => {
      const caughtUp = (what: string) =>
        eventually(
          async () => {
            const answer = await get<CaughtUp>(CAUGHT_UP);
            return answer.caughtUp ? answer : undefined;
          },
          { timeoutMs: 120_000, what },
        );
      await caughtUp('caught up on what the tests before wrote');
      const topic = `${topicPrefix}applications.events`;
      const written = async (): Promise<number> => {
        const lag = await get<{ topics: TopicLag[] }>('/operations/api/lag');
        return lag.topics.find((t) => t.topic === topic)?.partitions.reduce((n, p) => n + p.high, 0) ?? 0;
      };
      const before = await written();

      // Requests written one after another while the route is asked, again and again: some of their
      // events are then always in the applications outbox, on the topic not yet read by appeals or
      // reporting, or not yet applied by the projection — somewhere the route must see. (Asked only
      // once after a batch, a quick pipeline had drained it before the route's second sample.)
      const requests = 30;
      let writing = true;
      const writes = (async () => {
        try {
          for (let i = 0; i < requests; i++) {
            const r = await call<{ id: string }>('/applications/disclosure-requests', clerk, {
              method: 'POST',
              headers: { 'idempotency-key': `${name}-in-flight-${i}` },
              body: JSON.stringify({
                agencyId: CITY_AGENCY_ID,
                receiptDate: '2019-07-01',
                channel: 'online',
                applicantType: 'natural-person',
                informationRequested: '2019年度建设用地审批信息',
                applicant: { name: '赵六' },
              }),
            });
            assert.equal(r.status, 201, JSON.stringify(r.body));
          }
        } finally {
          writing = false;
        }
      })();
      const duringWrites: CaughtUp[] = [];
      while (writing) duringWrites.push(await get<CaughtUp>(CAUGHT_UP));
      await writes;
      const inFlight = duringWrites.find((a) => !a.caughtUp && inFlightTotal(a) > 0);
      t.diagnostic(
        `${duringWrites.length} answers while writing; one not caught up: ${JSON.stringify(inFlight?.inFlight)}`,
      );
      assert.ok(inFlight, `not caught up while requests were written: ${JSON.stringify(duringWrites)}`);
      assert.deepEqual(inFlight.problems, []);

      const settled = await caughtUp('caught up on the written requests');
      assert.equal(settled.samples, 2, 'two samples confirmed it');
      assert.equal(inFlightTotal(settled), 0);
      assert.deepEqual(Object.keys(settled.inFlight.outboxes).sort(), [...SERVICES].sort(), 'every outbox was read');
      assert.ok(
        Object.keys(settled.inFlight.consumers).some((k) => k.endsWith(`/${topic}`)),
        `the consumers of ${topic} were read: ${JSON.stringify(settled.inFlight.consumers)}`,
      );
      // Every consumer group of the stack carries its prefix (`<group>/<topic>`): stacks sharing a
      // broker must not share a group — appeals' `appeals.acts` once did, and froze both stacks' acts.
      for (const consumer of Object.keys(settled.inFlight.consumers)) {
        assert.ok(consumer.startsWith(topicPrefix), `${consumer}: its group does not start with ${topicPrefix}`);
      }
      // Caught up means the projection has them: every request's event is on the topic and applied.
      const lag = await get<{ topics: TopicLag[] }>('/operations/api/lag');
      const applications = lag.topics.find((t) => t.topic === topic);
      assert.ok(applications, topic);
      assert.ok((await written()) >= before + requests, 'each request was published');
      assert.equal(applications.events, 0, `the projection applied them: ${JSON.stringify(applications)}`);
    });

    it('lists a dead letter the projection could not read, shows it redacted, and records its discard', async () => {
      const topic = `${topicPrefix}applications.events`;
      // Not an event at all: the projection's consumer cannot read it and gives up on it at once.
      await transport.publish(topic, [
        { key: 'broken-by-test', value: '{"not": "an event envelope", "phone": "13812345678"}', headers: {} },
      ]);
      const letter = await eventually(
        async () => {
          const groups = await get<LetterGroup[]>('/operations/api/dead-letters');
          return groups.find((g) => g.topic === topic)?.letters.find((l) => l.key === 'broken-by-test');
        },
        { timeoutMs: 60_000, what: 'the dead letter listed by the operations API' },
      );
      assert.doesNotMatch(JSON.stringify(letter.payload), /13812345678/, 'personal data is redacted');
      const where = `/operations/api/dead-letters/${topic}/${letter.at.partition}/${letter.at.offset}`;
      assert.equal((await get<{ key: string }>(where)).key, 'broken-by-test');

      const discarded = await call(`${where}/discard`, operations, {
        method: 'POST',
        body: JSON.stringify({ reason: 'a hand-made test message, not an event' }),
      });
      assert.equal(discarded.status, 200, JSON.stringify(discarded.body));
      // Appeals consumes applications.events too and may dead-letter the same message in its own group:
      // only the discarded letter must be gone.
      const groups = await get<LetterGroup[]>('/operations/api/dead-letters');
      const still = groups
        .find((g) => g.topic === topic)
        ?.letters.filter((l) => l.at.partition === letter.at.partition && l.at.offset === letter.at.offset);
      assert.deepEqual(still ?? [], [], 'the discarded letter is no longer listed');
      const actions = await get<Array<{ type: string; actor: string; reason: string }>>(
        `/operations/api/dead-letters/${topic}/actions`,
      );
      assert.deepEqual(
        actions.map((a) => [a.type, a.actor, a.reason]),
        [['operations.DeadLetterDiscarded', 'ops-e2e', 'a hand-made test message, not an event']],
      );
    });

    it('answers 404 for page assets named after what an object inherits', async () => {
      for (const file of ['__proto__', 'constructor', 'toString']) {
        const res = await fetch(`${stack.urlFor('/reporting/')}/operations/assets/${file}`);
        assert.equal(res.status, 404, file);
      }
    });

    it('says not caught up while a service does not answer, naming it, and caught up once it is back', async () => {
      const consultations = stack.services.consultations;
      await consultations.stop();
      const down = await get<CaughtUp>(CAUGHT_UP);
      assert.equal(down.caughtUp, false);
      assert.ok(
        down.problems.some((p) => p.startsWith('consultations: ')),
        `the problems name consultations: ${JSON.stringify(down.problems)}`,
      );
      // Only an operations user asks it: a clerk is refused.
      assert.equal((await call(CAUGHT_UP, clerk)).status, 403);
      await consultations.restart();
      await eventually(async () => (await get<CaughtUp>(CAUGHT_UP)).caughtUp, {
        timeoutMs: 120_000,
        what: 'caught up with consultations back',
      });
    });
  },
);
