// The API documents a newcomer can follow (issue 18 item 2): every operation of every service's
// /docs-json is sent with its documented example — body, query values — and a token of a role it
// names, in the order a clerk would work (create a case, then act on it with the id the create
// answered), and must get a success status the document promises. Run against the seven services as
// separate processes on the real broker and store, and against the embedded platform.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LocalIssuer, type Role } from '#auth';
import { CITY_AGENCY_ID, SERVICES, type ServiceName } from '#contracts';
import { integrationInfra, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import { listeningPlatform, openApiDocumentOf, type ListeningPlatform } from '../support/embedded-platform.js';
import {
  operationKeys,
  sendExamples,
  unknownFieldSteps,
  type ExampleDocument,
  type Step,
  type StepResult,
} from '../support/example-walk.js';

const real = await integrationInfra();

const tokens = (issuer: LocalIssuer) => (roles: readonly Role[]) =>
  issuer.mint({ sub: 'example-walker', roles, agencyId: CITY_AGENCY_ID });

/**
 * Path parameters documented without an example (the framework documents each of a route's
 * parameters, with or without an @ApiParam).
 */
const PATH_VALUES: Readonly<Record<string, string>> = {
  agencyId: CITY_AGENCY_ID,
  year: '2024',
  batchId: 'example-batch-2024-03',
  file: 'monitoring.js',
};

const step = (op: string, more: Omit<Step, 'op'> = {}): Step => ({ op, ...more });
const on = (saved: string) => ({ ids: { id: saved } });

/** Every event of the walk is valid, so no letter is dead: a letter's routes answer its documented 404. */
const NO_DEAD_LETTER = {
  expectError: { status: 404, rule: 'dead-letter.not-found', why: 'no consumer failed, so no letter is dead' },
} as const;

/**
 * The documented topic is the product's (`applications.events`); a test stack names its topics
 * with a prefix of its own, so the dead-letter routes are sent that topic.
 */
const onTopic = (topicPrefix: string) => ({ params: { topic: `${topicPrefix}applications.events` } });

/** Each service's operations in the order a newcomer would send them. */
const plans = (topicPrefix: string): Readonly<Record<ServiceName, readonly Step[]>> => ({
  applications: [
    step('POST /applications/disclosure-requests', { saveAs: 'request' }),
    step('GET /applications/disclosure-requests'),
    step('GET /applications/deadlines'),
    step('GET /applications/disclosure-requests/{id}', on('request')),
    step('POST /applications/disclosure-requests/{id}/clarification-request', on('request')),
    step('POST /applications/disclosure-requests/{id}/clarification', on('request')),
    step('POST /applications/disclosure-requests/{id}/consultations', on('request')),
    step('POST /applications/disclosure-requests/{id}/consultation-opinion', on('request')),
    step('POST /applications/disclosure-requests/{id}/extension', on('request')),
    step('POST /applications/disclosure-requests/{id}/fee-notice', on('request')),
    step('POST /applications/disclosure-requests/{id}/fee-payment', on('request')),
    step('POST /applications/disclosure-requests/{id}/reply', on('request')),
    step('GET /applications/disclosure-requests/{id}/history', on('request')),
    step('GET /applications/disclosure-requests/{id}/applicant', { ...on('request'), saveAs: 'applicant' }),
    step('GET /applications/applicants/{ref}', { ids: { ref: 'request.applicantRef' } }),
    // A second request whose fee notice lapses unpaid, a third the applicant withdraws.
    step('POST /applications/disclosure-requests', { saveAs: 'unpaid' }),
    step('POST /applications/disclosure-requests/{id}/fee-notice', on('unpaid')),
    step('POST /applications/disclosure-requests/{id}/fee-lapse', on('unpaid')),
    step('POST /applications/disclosure-requests', { saveAs: 'withdrawn' }),
    step('POST /applications/disclosure-requests/{id}/withdrawal', on('withdrawn')),
    step('DELETE /applications/applicants/{ref}/personal-data', { ids: { ref: 'request.applicantRef' } }),
    // The disclosure office's workbench, served by this service (issue 18.1).
    step('GET /workbench/index.html'),
    step('GET /workbench/assets/{asset}'),
    step('GET /workbench/config.json'),
  ],
  publications: [
    step('POST /publications/proactive-publications', { saveAs: 'publication' }),
    step('GET /publications/proactive-publications'),
    step('GET /publications/proactive-publications/counts'),
    step('GET /publications/proactive-publications/{id}', on('publication')),
    step('GET /publications/proactive-publications/{id}/history', on('publication')),
    step('POST /publications/proactive-publications/{id}/retraction', on('publication')),
    step('DELETE /publications/proactive-publications/{id}/texts', on('publication')),
    step('POST /publications/catalogue-entries', { saveAs: 'entry' }),
    step('GET /publications/catalogue-entries'),
    step('GET /publications/catalogue-entries/count'),
    step('GET /publications/catalogue-entries/{id}', on('entry')),
    step('GET /publications/catalogue-entries/{id}/history', on('entry')),
    step('POST /publications/catalogue-entries/{id}/delisting', on('entry')),
    step('DELETE /publications/catalogue-entries/{id}/texts', on('entry')),
    step('POST /publications/normative-documents', { saveAs: 'document' }),
    step('GET /publications/normative-documents'),
    step('GET /publications/normative-documents/counts'),
    step('GET /publications/normative-documents/{id}', on('document')),
    step('GET /publications/normative-documents/{id}/history', on('document')),
    step('POST /publications/normative-documents/{id}/repeal', on('document')),
    step('DELETE /publications/normative-documents/{id}/texts', on('document')),
    step('PUT /publications/licensing-decisions/{agencyId}/{period}'),
    step('PUT /publications/fees-collected/{agencyId}/{period}'),
    step('GET /publications/licensing-decisions/{agencyId}/{year}'),
    step('GET /publications/fees-collected/{agencyId}/{year}'),
    step('GET /publications/licensing-decisions/{agencyId}/{year}/history'),
    step('GET /publications/fees-collected/{agencyId}/{year}/history'),
    step('GET /publications/licensing-decisions'),
    step('GET /publications/fees-collected'),
    step('PUT /publications/penalty-decisions/{agencyId}/{period}'),
    step('PUT /publications/coercion-decisions/{agencyId}/{period}'),
    step('PUT /publications/licensing-decisions/{agencyId}/{year}/counted-from'),
    step('PUT /publications/penalty-decisions/{agencyId}/{year}/counted-from'),
    step('PUT /publications/coercion-decisions/{agencyId}/{year}/counted-from'),
    step('GET /publications/penalty-decisions/{agencyId}/{year}'),
    step('GET /publications/coercion-decisions/{agencyId}/{year}'),
    step('GET /publications/penalty-decisions/{agencyId}/{year}/history'),
    step('GET /publications/coercion-decisions/{agencyId}/{year}/history'),
    step('GET /publications/penalty-decisions'),
    step('GET /publications/coercion-decisions'),
    step('PUT /publications/normative-stock/{agencyId}/{kind}'),
    step('POST /publications/normative-stock/{agencyId}/{kind}/corrections'),
    step('GET /publications/normative-stock/{agencyId}/{kind}'),
    step('GET /publications/normative-stock/{agencyId}/{kind}/history'),
    step('DELETE /publications/normative-stock/{agencyId}/{kind}/texts'),
  ],
  consultations: [
    step('POST /consultations/consultations', { saveAs: 'consultation' }),
    step('GET /consultations/consultations'),
    step('GET /consultations/consultations/{id}', on('consultation')),
    step('POST /consultations/consultations/{id}/answer', on('consultation')),
    step('PUT /consultations/batches/{batchId}'),
    step('GET /consultations/batches/{batchId}'),
    step('GET /consultations/batches'),
    step('PUT /consultations/page-views/{agencyId}/{period}/{source}'),
    step('PUT /consultations/service-information/{agencyId}/{period}'),
    step('GET /consultations/page-views/{agencyId}/{year}'),
    step('GET /consultations/service-information/{agencyId}/{year}'),
    step('GET /consultations/tallies'),
  ],
  enforcement: [
    step('POST /enforcement/violation-cases', { saveAs: 'violation' }),
    step('GET /enforcement/violation-cases'),
    step('GET /enforcement/violation-cases/{id}', on('violation')),
    step('POST /enforcement/violation-cases/{id}/stop-on-site', on('violation')),
    step('POST /enforcement/violation-cases/{id}/filing', on('violation')),
    step('POST /enforcement/violation-cases/{id}/penalty-decisions', on('violation')),
    step('POST /enforcement/violation-cases/{id}/coercive-measures', on('violation')),
    step('POST /enforcement/violation-cases/{id}/closure', on('violation')),
    step('DELETE /enforcement/violation-cases/{id}/texts', on('violation')),
    step('POST /enforcement/idle-land-findings', { saveAs: 'finding' }),
    step('GET /enforcement/idle-land-findings'),
    step('GET /enforcement/idle-land-findings/{id}', on('finding')),
    step('DELETE /enforcement/idle-land-findings/{id}/texts', on('finding')),
    step('POST /enforcement/satellite-inspections', { saveAs: 'campaign' }),
    step('GET /enforcement/satellite-inspections'),
    step('GET /enforcement/satellite-inspections/{id}', on('campaign')),
    step('POST /enforcement/satellite-inspections/{id}/rounds', on('campaign')),
    step('POST /enforcement/demolitions', { saveAs: 'demolition' }),
    step('GET /enforcement/demolitions'),
    step('GET /enforcement/demolitions/{id}', on('demolition')),
    step('DELETE /enforcement/demolitions/{id}/texts', on('demolition')),
  ],
  appeals: [
    step('POST /appeals/reconsiderations', { saveAs: 'reconsideration' }),
    step('GET /appeals/appeals'),
    step('GET /appeals/appeals/{id}', on('reconsideration')),
    step('POST /appeals/appeals/{id}/act-reference', on('reconsideration')),
    // The request the applications plan received, once appeals has read it from applications.events.
    step('GET /appeals/known-acts/{ref}', { ids: { ref: 'request' }, eventually: true }),
    step('POST /appeals/appeals/{id}/deadline-extension', on('reconsideration')),
    step('POST /appeals/appeals/{id}/decision', on('reconsideration')),
    step('POST /appeals/lawsuits', { saveAs: 'lawsuit' }),
  ],
  reporting: [
    step('GET /reporting/annual-reports/{agencyId}/{scope}/{year}'),
    step('PUT /reporting/annual-reports/{agencyId}/{scope}/{year}/declared-facts'),
    step('PUT /reporting/annual-reports/{agencyId}/{scope}/{year}/narrative/{template}/{sectionId}'),
    step('GET /reporting/annual-reports/{agencyId}/{scope}/{year}/report'),
    step('GET /reporting/annual-reports/{agencyId}/{scope}/{year}/forecast'),
    step('POST /reporting/annual-reports/{agencyId}/{scope}/{year}/close'),
    step('POST /reporting/annual-reports/{agencyId}/{scope}/{year}/reopen'),
    step('POST /reporting/annual-reports/{agencyId}/{scope}/{year}/close'),
    step('POST /reporting/annual-reports/{agencyId}/{scope}/{year}/publish'),
    step('GET /reporting/published/{agencyId}/{year}'),
    step('GET /reporting/annual-reports/{agencyId}/{scope}/{year}/adjustments'),
    step('POST /reporting/annual-reports/{agencyId}/{scope}/{year}/reconciliations'),
    step('GET /reporting/projection'),
    step('GET /reporting/projection/lag'),
    step('POST /reporting/projection/rebuilds'),
    step('POST /reporting/projection/rebuilds/switch'),
    step('GET /reporting/trend'),
    // An agency registered in error: named, renamed, ended, then removed (it has no cases).
    step('POST /reporting/agencies'),
    step('GET /reporting/agencies'),
    step('POST /reporting/agencies/{agencyId}/names'),
    step('POST /reporting/agencies/{agencyId}/end'),
    step('DELETE /reporting/agencies/{agencyId}'),
  ],
  operations: [
    step('GET /operations'),
    step('GET /operations/assets/{file}'),
    step('GET /operations/api/pipeline'),
    step('GET /operations/api/lag'),
    step('GET /operations/api/caught-up'),
    step('GET /operations/api/dead-letters'),
    step('GET /operations/api/dead-letters/{topic}/actions', onTopic(topicPrefix)),
    step('GET /operations/api/dead-letters/{topic}/{partition}/{offset}', {
      ...NO_DEAD_LETTER,
      ...onTopic(topicPrefix),
    }),
    step('POST /operations/api/dead-letters/{topic}/{partition}/{offset}/replay', {
      ...NO_DEAD_LETTER,
      ...onTopic(topicPrefix),
    }),
    step('POST /operations/api/dead-letters/{topic}/{partition}/{offset}/discard', {
      ...NO_DEAD_LETTER,
      ...onTopic(topicPrefix),
    }),
    step('GET /operations/api/deadlines'),
    step('GET /operations/api/trend'),
  ],
});

/** The paths each service documents: its own, and for applications the workbench page it serves. */
const ownPaths = (service: ServiceName): readonly string[] =>
  service === 'applications' ? ['/applications/', '/workbench/'] : [`/${service}/`];

/** The embedded platform's own operations (no service of the real stack has them). */
const platformPlan: readonly Step[] = [step('GET /platform/dev-sign-in'), step('POST /platform/dev-sign-in')];

/** Every service's own probes and metrics, last: they need nothing before them. */
const probeSteps = (service: ServiceName): Step[] => [
  step(`GET /${service}/health/live`),
  step(`GET /${service}/health/ready`),
  step(`GET /${service}/metrics`),
];

const planOf = (service: ServiceName, topicPrefix = ''): Step[] => [
  ...plans(topicPrefix)[service],
  ...probeSteps(service),
];

/**
 * The plan, then each body example with a field too many: the error answer is the documented
 * ErrorBody (a 400 whose violation names the rule), sent with the ids the plan remembered.
 */
const withErrorSteps = (document: ExampleDocument, plan: readonly Step[]): Step[] => [
  ...plan,
  ...unknownFieldSteps(document, plan),
];

const describeWrong = (wrong: readonly StepResult[]): string =>
  wrong.map((w) => `${w.op} ${w.url} → ${w.status}, documented ${w.expected.join('/')}: ${w.body}`).join('\n');

/** The plan covers every documented operation of the service, and names none the document lacks. */
function assertPlanCovers(document: ExampleDocument, service: ServiceName): void {
  // The service's routes: under its own paths (see ownPaths), and `/<service>` itself (the operations
  // service's page).
  const documented = operationKeys(document).filter((k) => {
    const path = k.split(' ')[1] ?? '';
    return path === `/${service}` || ownPaths(service).some((p) => path.startsWith(p));
  });
  const planned = new Set(planOf(service).map((s) => s.op));
  assert.deepEqual(
    documented.filter((k) => !planned.has(k)),
    [],
    `${service}: documented operations the plan does not send`,
  );
  assert.deepEqual(
    [...planned].filter((k) => !documented.includes(k)),
    [],
    `${service}: planned operations the document lacks`,
  );
}

describe(
  `every documented example succeeds — seven processes (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let stack: ServiceStack;
    const topicPrefix = `${uniqueName('examples')}.`;
    // Ids one service's plan remembers for a later one's (appeals names a request of applications).
    const saved = new Map<string, unknown>();

    before(async () => {
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: uniqueName('examples'),
        env: { TOPIC_PREFIX: topicPrefix, RATE_LIMIT_DISABLED: 'true' },
      });
    });
    after(async () => {
      await stack?.stopAll();
    });

    for (const service of SERVICES) {
      it(`${service}: each operation's example, in order, gets its documented status`, async () => {
        const baseUrl = stack.services[service].baseUrl;
        const document = await openApiDocumentOf<ExampleDocument>(baseUrl);
        assertPlanCovers(document, service);
        const wrong = await sendExamples(
          baseUrl,
          document,
          planOf(service, topicPrefix),
          tokens(stack.issuer),
          PATH_VALUES,
          saved,
        );
        assert.equal(wrong.length, 0, `${wrong.length} examples were refused:\n${describeWrong(wrong)}`);
      });
    }
  },
);

describe('every documented example succeeds — embedded platform', () => {
  let platform: ListeningPlatform;

  before(async () => {
    platform = await listeningPlatform({ rateLimit: false });
  });
  after(async () => {
    await platform?.close();
  });

  it('one document holds all seven services’ operations, and each example gets its documented status', async () => {
    const { baseUrl, issuer } = platform;
    const document = await openApiDocumentOf<ExampleDocument>(baseUrl);
    const wrong: StepResult[] = [];
    const saved = new Map<string, unknown>();
    const errorSteps = SERVICES.flatMap((service) => unknownFieldSteps(document, planOf(service)));
    assert.ok(errorSteps.length >= 40, `only ${errorSteps.length} bodies sent with a field too many`);
    for (const service of SERVICES) {
      assertPlanCovers(document, service);
      wrong.push(
        ...(await sendExamples(
          baseUrl,
          document,
          withErrorSteps(document, planOf(service)),
          tokens(issuer),
          PATH_VALUES,
          saved,
        )),
      );
    }
    // The platform's own: the workbench's development sign-in.
    assert.deepEqual(
      operationKeys(document).filter((k) => k.split(' ')[1]?.startsWith('/platform/')),
      platformPlan.map((s) => s.op),
    );
    wrong.push(
      ...(await sendExamples(
        baseUrl,
        document,
        withErrorSteps(document, platformPlan),
        tokens(issuer),
        PATH_VALUES,
        saved,
      )),
    );
    assert.equal(wrong.length, 0, `${wrong.length} examples were refused:\n${describeWrong(wrong)}`);
  });
});
