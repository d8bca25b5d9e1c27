// The route-walking suite (issue 13.1): every operation of every service's OpenAPI document, called
// without a token, with a token holding only roles the operation does not name, and by path variants
// a lenient router would take for the same route (upper case, percent-encoded letters, a trailing
// slash). Run against the six services as separate processes on the real broker and store, and
// against the embedded platform (one app holding all six): the answer is 401, 403 or 404 — never a
// 2xx where the caller may not, never a 5xx. A second check makes sure the walk is not empty.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LocalIssuer, type Role } from '#auth';
import { CITY_AGENCY_ID, SERVICES } from '#contracts';
import { integrationInfra, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import { listeningPlatform, openApiDocumentOf, type ListeningPlatform } from '../support/embedded-platform.js';
import { probesOf, walk, type OpenApiDocument, type ProbeResult } from '../support/route-walk.js';

const real = await integrationInfra();

const tokens = (issuer: LocalIssuer) => (roles: readonly Role[]) =>
  issuer.mint({ sub: 'route-walker', roles, agencyId: CITY_AGENCY_ID });

const documentOf = (baseUrl: string) => openApiDocumentOf<OpenApiDocument>(baseUrl);

const describeWrong = (wrong: readonly ProbeResult[]): string =>
  wrong
    .slice(0, 40)
    .map((w) => `${w.method} ${w.path} (${w.variant}) → ${w.status}, expected ${w.expect.join('/')}`)
    .join('\n');

/** Operations whose document names each of the services: the walk covers all six. */
const servicesIn = (doc: OpenApiDocument): Set<string> =>
  new Set(Object.keys(doc.paths).map((p) => p.split('/')[1] ?? ''));

describe(
  `every route is denied unless public or the caller's role allows it — seven processes (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let stack: ServiceStack;

    before(async () => {
      // Rate limiting is not what is walked here: hundreds of probes from one client must all be answered.
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: uniqueName('routes'),
        env: { TOPIC_PREFIX: `${uniqueName('routes')}.`, RATE_LIMIT_DISABLED: 'true' },
      });
    });
    after(async () => {
      await stack?.stopAll();
    });

    for (const service of SERVICES) {
      it(`${service}: no token → 401, wrong role → 403, path variants → 404, never 2xx or 5xx`, async () => {
        const baseUrl = stack.services[service].baseUrl;
        const doc = await documentOf(baseUrl);
        // Applications also serves the disclosure office's workbench (/workbench/…).
        const own = service === 'applications' ? [service, 'workbench'] : [service];
        assert.deepEqual([...servicesIn(doc)].sort(), own, `${service} documents only its own routes`);
        const probes = probesOf(doc);
        assert.ok(probes.length >= 20, `${service}: only ${probes.length} probes — is the document empty?`);
        const wrong = await walk(baseUrl, probes, tokens(stack.issuer));
        assert.equal(
          wrong.length,
          0,
          `${wrong.length} of ${probes.length} probes answered wrongly:\n${describeWrong(wrong)}`,
        );
      });
    }
  },
);

describe('every route is denied unless public or the caller’s role allows it — embedded platform', () => {
  let platform: ListeningPlatform;

  before(async () => {
    // Rate limiting is not what is walked here: hundreds of probes from one client must all be answered.
    platform = await listeningPlatform({ rateLimit: false });
  });
  after(async () => {
    await platform?.close();
  });

  it('walks all seven services’ routes in the one app: 401/403/404, never 2xx or 5xx', async () => {
    const doc = await documentOf(platform.baseUrl);
    // The six services, the workbench (applications') and the platform's development sign-in.
    assert.deepEqual([...servicesIn(doc)].sort(), [...SERVICES, 'workbench', 'platform'].sort());
    const probes = probesOf(doc);
    const wrong = await walk(platform.baseUrl, probes, tokens(platform.issuer));
    assert.equal(
      wrong.length,
      0,
      `${wrong.length} of ${probes.length} probes answered wrongly:\n${describeWrong(wrong)}`,
    );
  });

  it('lets the right role through the same routes the walk refused (the 401s and 403s were the guard’s)', async () => {
    const token = tokens(platform.issuer)(['auditor']);
    for (const path of ['/reporting/projection', '/applications/disclosure-requests', '/enforcement/violation-cases']) {
      const res = await fetch(`${platform.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `${path} with an auditor token`);
    }
    const ops = tokens(platform.issuer)(['operations']);
    const metrics = await fetch(`${platform.baseUrl}/applications/metrics`, {
      headers: { authorization: `Bearer ${ops}` },
    });
    assert.equal(metrics.status, 200);
  });
});
