// The monitoring page's files over HTTP (embedded mode: in-memory store and transport): the known
// files are served, and a name an object literal inherits (`__proto__`, `constructor`, `toString`)
// is no file — a 404, never a 500 (issue 13 item 9).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resetEmbeddedTransport } from '#event-sourcing/nest';
import { errorBodySchema } from '#http';
import { startModule, type Running } from '#testing';
import { OperationsServiceModule } from '../../operations.module.js';
import { knownPageFile, PAGE_FILES } from './page-files.js';

describe('GET /operations/assets/<file>', () => {
  let running: Running;

  before(async () => {
    resetEmbeddedTransport();
    running = await startModule(OperationsServiceModule.register({ mode: 'embedded' }));
  });
  after(async () => {
    await running?.close();
  });

  it('serves each page file with its content type', async () => {
    for (const [name, { contentType }] of Object.entries(PAGE_FILES)) {
      const res = await fetch(`${running.baseUrl}/operations/assets/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), contentType);
      assert.ok((await res.text()).length > 0);
    }
  });

  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'no-such.js']) {
    it(`answers 404 for ${name}`, async () => {
      assert.equal(knownPageFile(name), undefined);
      const res = await fetch(`${running.baseUrl}/operations/assets/${name}`);
      const body = await res.text();
      assert.equal(res.status, 404, body);
      // The documented error answer (ErrorBody), not a bare text.
      assert.equal(errorBodySchema.parse(JSON.parse(body)).rule, 'page.unknown-file');
    });
  }
});
