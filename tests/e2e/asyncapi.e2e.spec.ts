// The topics' AsyncAPI document served beside /docs-json (issue 18.7): by a service running as its
// own process on the real broker and store (its own topics), and by the embedded platform (every
// service's). Public like /docs-json, and matched exactly: a path variant is a 404, never a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { embeddedAuth } from '#auth';
import { asyncApiDocument, eventsTopic } from '#contracts';
import { integrationInfra, startServiceStack, uniqueName, type ServiceStack } from '#testing';
import { createEmbeddedApp, loopbackUrl } from '../../apps/platform/src/embedded-app.js';

const real = await integrationInfra();

/** The same path as a lenient router would take it: case, a trailing slash, an encoded letter, a prefix. */
const VARIANTS = ['/ASYNCAPI.json', '/asyncapi.JSON', '/asyncapi.json/', '/%61syncapi.json', '/docs/asyncapi.json'];

async function servedDocument(baseUrl: string): Promise<unknown> {
  // No token: the document of the public topic contract is public, like /docs-json.
  const res = await fetch(`${baseUrl}/asyncapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return res.json();
}

async function assertVariantsAre404(baseUrl: string): Promise<void> {
  for (const variant of VARIANTS) {
    const res = await fetch(`${baseUrl}${variant}`);
    assert.equal(res.status, 404, variant);
  }
}

describe(
  `a service process serves its topics' AsyncAPI document (${real.infra?.description ?? 'skipped'})`,
  { skip: real.skip },
  () => {
    let stack: ServiceStack;
    before(async () => {
      stack = await startServiceStack({
        infra: real.infra!,
        dbPrefix: uniqueName('asyncapi'),
        services: ['applications'],
        env: { TOPIC_PREFIX: `${uniqueName('asyncapi')}.` },
      });
    });
    after(async () => {
      await stack?.stopAll();
    });

    it('answers /asyncapi.json with the applications document, and path variants with 404', async () => {
      const baseUrl = stack.services.applications.baseUrl;
      const doc = (await servedDocument(baseUrl)) as { channels: Record<string, unknown> };
      assert.deepEqual(doc, JSON.parse(JSON.stringify(asyncApiDocument('applications'))));
      assert.ok(eventsTopic('applications') in doc.channels);
      await assertVariantsAre404(baseUrl);
    });
  },
);

describe('the embedded platform serves the whole platform’s AsyncAPI document', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  before(async () => {
    app = await createEmbeddedApp(embeddedAuth({}).settings, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = await loopbackUrl(app);
  });
  after(async () => {
    await app?.close();
  });

  it('answers /asyncapi.json with every service’s topics, and path variants with 404', async () => {
    assert.deepEqual(await servedDocument(baseUrl), JSON.parse(JSON.stringify(asyncApiDocument())));
    await assertVariantsAre404(baseUrl);
    // Beside the OpenAPI document, as before.
    assert.equal((await fetch(`${baseUrl}/docs-json`)).status, 200);
  });
});
