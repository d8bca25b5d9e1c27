// The personal-data canary: the six services as separate processes on the real broker and store.
// Canary values — a name, an 18-digit resident ID number, a mobile number, an e-mail address and a
// street address — are typed into every free-text field of every service's create and change
// commands (and into an applicant's personal data). Free text is personal data by default
// (DESIGN §4), so afterwards:
//   1. every topic of the run, and its dead-letter topic, read from offset 0, holds none of them;
//   2. the services still show the text where a clerk reads the case (else the test proves nothing);
//   3. after erasure (the applicant's personal data; each case's texts), no read API answers any;
//   4. no log line of any of the seven processes holds one, at any level down to debug.
// Fields that are not free text refuse a canary with a 400 naming the field (appeals name acts by
// id, consultations take a topic code). Reporting's own texts (a reopening's reason, a dead letter's
// discard reason) are written by the office about the report, not about a person, and are not fed
// canaries here: see the README's security section.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { KafkaTransport } from '#messaging';
import {
  dropDatabase,
  integrationInfra,
  kafkaClient,
  mongoUriWithDb,
  startServiceStack,
  uniqueName,
  type ServiceStack,
} from '#testing';
import { waitForCatchUp } from '../../apps/platform/src/catch-up.js';

const real = await integrationInfra();

const NAME = '张三丰测试';
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13912345678';
const EMAIL = 'canary@example.cn';
const ADDRESS = '北京市测试路1号';
const CANARIES = [NAME, ID_NUMBER, MOBILE, EMAIL, ADDRESS];
/** All five, for fields of 100 characters and more. */
const FULL = CANARIES.join(' ');
/** Fields of at most 60 characters (case and decision numbers, references) get one half or the other. */
const HALF_A = `${NAME} ${ID_NUMBER} ${MOBILE}`;
const HALF_B = `${EMAIL} ${ADDRESS}`;

/** Every canary found in `text`, with a little context for the failure message. */
function hitsIn(text: string, where: string): string[] {
  const hits: string[] = [];
  for (const canary of CANARIES) {
    for (let at = text.indexOf(canary); at >= 0; at = text.indexOf(canary, at + 1)) {
      hits.push(`${where}: …${text.slice(Math.max(0, at - 60), at + canary.length + 20).replace(/\s+/g, ' ')}…`);
      if (hits.length > 5) return hits;
    }
  }
  return hits;
}

describe(
  `free text is personal data: never on a topic or in a log, erasable (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let stack: ServiceStack;
    let admin: Admin;
    const prefix = uniqueName('canary').replace(/-/g, '_');
    const topicPrefix = `${prefix.replace(/_/g, '-')}.`;
    const CITY = CITY_AGENCY_ID;
    /** The reads that show a case's text, each with the fields that must hold it before erasure. */
    const reads: Array<{ path: string; shows?: string[]; roles?: Array<'operations'> }> = [];
    const erasures: string[] = [];
    let applicantRef = '';

    const token = (roles: Array<'clerk' | 'supervisor' | 'auditor' | 'operations'>): string =>
      stack.issuer.mint({ sub: 'canary-clerk', roles, agencyId: CITY });
    async function call(
      method: string,
      route: string,
      body?: unknown,
      roles: Array<'clerk' | 'supervisor' | 'auditor' | 'operations'> = ['clerk', 'supervisor'],
    ): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
      const res = await fetch(`${stack.urlFor(route)}${route}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token(roles)}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        // Not JSON (a document): kept as text.
      }
      return { status: res.status, text, json };
    }
    async function ok(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
      const answer = await call(method, route, body);
      assert.ok(
        answer.status >= 200 && answer.status < 300,
        `${method} ${route}: ${answer.status} ${answer.text.slice(0, 300)}`,
      );
      return answer.json;
    }

    before(async () => {
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: prefix,
        env: { TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'debug' },
      });
      const kafka = new Kafka({ clientId: 'canary', ...kafkaClient(real.infra!), logLevel: logLevel.NOTHING });
      admin = kafka.admin();
      await admin.connect();
    });

    after(async () => {
      await stack?.stopAll();
      const topics = (await admin?.listTopics().catch(() => [])) ?? [];
      await admin?.deleteTopics({ topics: topics.filter((t) => t.startsWith(topicPrefix)) }).catch(() => {});
      await admin?.disconnect().catch(() => {});
      for (const s of SERVICES) {
        await dropDatabase(mongoUriWithDb(real.infra!.mongoUri, `${prefix}_${s}`)).catch(() => {});
      }
    });

    it('takes canaries in every free-text field of every service, and shows them where a clerk reads the case', async () => {
      // applications: what is asked for, the applicant's personal data, an extension's reason.
      const requestBody = {
        agencyId: CITY,
        receiptDate: '2019-06-03',
        channel: 'online',
        applicantType: 'natural-person',
        informationRequested: FULL,
        applicant: { name: NAME, idNumber: ID_NUMBER, phone: MOBILE, email: EMAIL, address: ADDRESS },
      };
      const request = await ok('POST', '/applications/disclosure-requests', requestBody);
      const R = `/applications/disclosure-requests/${request.id as string}`;
      applicantRef = request.applicantRef as string;
      await ok('POST', `${R}/extension`, { extendedOn: '2019-06-10', reason: FULL });
      // The workbench's search (?q=): what a clerk types is as personal as what the applicant wrote.
      const searched = await ok(
        'GET',
        `/applications/disclosure-requests?q=${encodeURIComponent(`${NAME} ${MOBILE}`)}`,
      );
      assert.deepEqual(
        (searched.items as Array<{ id: string }>).map((i) => i.id),
        [request.id],
      );
      const tooLong = await call('GET', `/applications/disclosure-requests?q=${encodeURIComponent(FULL.repeat(5))}`);
      assert.equal(tooLong.status, 400);
      assert.deepEqual(hitsIn(tooLong.text, 'the refused search'), [], 'the error echoes no query');
      reads.push(
        { path: R, shows: ['informationRequested'] },
        { path: `${R}/history` },
        { path: `${R}/applicant` },
        { path: `/applications/applicants/${applicantRef}` },
        { path: `/applications/disclosure-requests?agencyId=${CITY}&pageSize=100` },
      );
      erasures.push(`/applications/applicants/${applicantRef}/personal-data`);

      // publications: titles, 文号, reasons.
      const P = '/publications/proactive-publications';
      const publication = await ok('POST', P, {
        agencyId: CITY,
        title: FULL,
        category: 'planning',
        fullTextElectronic: true,
        publishedOn: '2009-04-15',
      });
      await ok('POST', `${P}/${publication.id as string}/retraction`, { retractedOn: '2009-05-02', reason: FULL });
      const N = '/publications/normative-documents';
      const document = await ok('POST', N, {
        agencyId: CITY,
        kind: 'normative-document',
        title: FULL,
        documentNumber: FULL,
        issuedOn: '2009-06-01',
      });
      await ok('POST', `${N}/${document.id as string}/repeal`, { repealedOn: '2009-07-01', reason: FULL });
      const C = '/publications/catalogue-entries';
      const entry = await ok('POST', C, { agencyId: CITY, title: FULL, listedOn: '2009-02-01' });
      for (const [base, id, shows] of [
        [P, publication.id, ['title', 'retractionReason']],
        [N, document.id, ['title', 'documentNumber', 'repealReason']],
        [C, entry.id, ['title']],
      ] as const) {
        reads.push({ path: `${base}/${id as string}`, shows: [...shows] }, { path: `${base}/${id as string}/history` });
        erasures.push(`${base}/${id as string}/texts`);
      }
      reads.push({ path: `${P}?agencyId=${CITY}&pageSize=100` }, { path: `${N}?agencyId=${CITY}&pageSize=100` });
      reads.push({ path: `${C}?agencyId=${CITY}&pageSize=100` });

      // enforcement: case and decision numbers, references.
      const V = '/enforcement/violation-cases';
      const violation = await ok('POST', V, {
        agencyId: CITY,
        kind: 'land',
        source: 'report',
        discoveredOn: '2009-04-07',
        areaMu: 2.5,
      });
      const VC = `${V}/${violation.id as string}`;
      await ok('POST', `${VC}/filing`, { filedOn: '2009-04-20', caseNumber: HALF_A });
      await ok('POST', `${VC}/penalty-decisions`, {
        decidedOn: '2009-06-01',
        decisionNumber: HALF_B,
        penalties: ['warning'],
      });
      await ok('POST', `${VC}/coercive-measures`, {
        decidedOn: '2009-06-02',
        decisionNumber: HALF_A,
        measure: 'sealing',
      });
      const idle = await ok('POST', '/enforcement/idle-land-findings', {
        agencyId: CITY,
        determinedOn: '2009-11-02',
        parcels: 1,
        areaMu: 3,
        reference: HALF_B,
      });
      const demolition = await ok('POST', '/enforcement/demolitions', {
        agencyId: CITY,
        completedOn: '2009-12-31',
        buildings: 1,
        floorAreaM2: 20,
        reference: HALF_A,
      });
      reads.push(
        { path: VC, shows: ['caseNumber', 'decisionNumbers'] },
        { path: `/enforcement/idle-land-findings/${idle.id as string}`, shows: ['reference'] },
        { path: `/enforcement/demolitions/${demolition.id as string}`, shows: ['reference'] },
        { path: `${V}?agencyId=${CITY}&pageSize=100` },
        { path: `/enforcement/idle-land-findings?agencyId=${CITY}&pageSize=100` },
        { path: `/enforcement/demolitions?agencyId=${CITY}&pageSize=100` },
      );
      erasures.push(
        `${VC}/texts`,
        `/enforcement/idle-land-findings/${idle.id as string}/texts`,
        `/enforcement/demolitions/${demolition.id as string}/texts`,
      );

      // appeals: an act is named by its id; a name or number typed there is refused, naming the field.
      const refused = await call('POST', '/appeals/reconsiderations', {
        agencyId: CITY,
        act: { kind: 'disclosure-request', ref: HALF_A },
        knownOn: '2019-06-20',
        filedOn: '2019-06-21',
      });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /act\.ref/);
      const appeal = await ok('POST', '/appeals/reconsiderations', {
        agencyId: CITY,
        act: { kind: 'disclosure-request', ref: request.id },
        knownOn: '2019-06-20',
        filedOn: '2019-06-21',
      });
      reads.push({ path: `/appeals/appeals/${appeal.id as string}` }, { path: `/appeals/appeals?agencyId=${CITY}` });

      // consultations: the topic is a code, never free text.
      const topic = await call('POST', '/consultations/consultations', {
        agencyId: CITY,
        channel: 'phone',
        receivedOn: '2009-03-02',
        topic: FULL,
      });
      assert.equal(topic.status, 400, topic.text);
      assert.match(topic.text, /topic/);
      const consultation = await ok('POST', '/consultations/consultations', {
        agencyId: CITY,
        channel: 'phone',
        receivedOn: '2009-03-02',
        topic: 'land-registration',
      });
      reads.push({ path: `/consultations/consultations/${consultation.id as string}` });
      reads.push({ path: '/operations/api/dead-letters', roles: ['operations'] });

      // The clerk sees what was typed (so the zero hits below are not for want of text).
      for (const read of reads.filter((r) => r.shows)) {
        const view = await ok('GET', read.path);
        for (const field of read.shows!) {
          assert.ok(hitsIn(JSON.stringify(view[field]), field).length > 0, `${read.path} shows ${field}`);
        }
      }
    });

    it('publishes none of them: every topic of the run and its dead letters, read from offset 0', async () => {
      await waitForCatchUp({
        baseUrlFor: (route) => stack.urlFor(route),
        operationsToken: token(['operations']),
        timeoutMs: 120_000,
      });
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix)).sort();
      for (const service of ['applications', 'publications', 'enforcement', 'appeals', 'consultations']) {
        assert.ok(topics.includes(`${topicPrefix}${service}.events`), `${service}.events was written`);
      }
      const reader = new KafkaTransport({
        ...kafkaClient(real.infra!),
        clientId: 'canary-reader',
        logLevel: 'nothing',
      });
      const hits: string[] = [];
      let messages = 0;
      try {
        for (const topic of topics) {
          for (const m of await reader.read(topic)) {
            messages++;
            hits.push(...hitsIn(`${m.key ?? ''} ${String(m.value)} ${JSON.stringify(m.headers)}`, topic));
          }
        }
      } finally {
        await reader.close();
      }
      assert.deepEqual(hits, []);
      assert.ok(messages >= 15, `the commands reached the topics (${messages} messages)`);
    });

    it('answers none of them from any read API once the applicant and the cases are erased', async () => {
      const clerkOnly = await call('DELETE', erasures[1]!, undefined, ['clerk']);
      assert.equal(clerkOnly.status, 403, 'a supervisor erases');
      for (const route of erasures) {
        const answer = await call('DELETE', route);
        assert.equal(answer.status, 200, `${route}: ${answer.text.slice(0, 300)}`);
      }
      const hits: string[] = [];
      for (const read of reads) {
        const answer = await call('GET', read.path, undefined, read.roles);
        assert.equal(answer.status, 200, `${read.path}: ${answer.text.slice(0, 300)}`);
        hits.push(...hitsIn(answer.text, read.path));
      }
      assert.deepEqual(hits, []);
      const request = reads.find((r) => r.shows?.includes('informationRequested'))!;
      assert.equal((await ok('GET', request.path)).informationRequested, '[erased]');
    });

    it('logs none of them: every log file of the seven processes, at debug level', async () => {
      // Erasures are audited on the topics too: read them once more after the erasures.
      await waitForCatchUp({
        baseUrlFor: (route) => stack.urlFor(route),
        operationsToken: token(['operations']),
        timeoutMs: 120_000,
      });
      await stack.stopAll();
      const files = (await readdir(stack.logDir)).filter((f) => f.endsWith('.log'));
      assert.equal(files.length, SERVICES.length, `a log per service in ${stack.logDir}`);
      const hits: string[] = [];
      let lines = 0;
      for (const file of files) {
        const text = await readFile(path.join(stack.logDir, file), 'utf8');
        lines += text.split('\n').length;
        hits.push(...hitsIn(text, file));
      }
      assert.ok(lines > SERVICES.length, 'the services logged');
      assert.deepEqual(hits, []);
    });
  },
);
