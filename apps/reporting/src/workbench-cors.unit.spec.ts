import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workbenchCors, workbenchOriginFrom } from './workbench-cors.js';

describe('the one origin reporting allows across origins (the workbench’s)', () => {
  const urls = { applications: 'http://127.0.0.1:3001/', publications: 'http://127.0.0.1:3002' };

  it('is none in embedded mode: one origin, nothing to allow', () => {
    assert.equal(workbenchOriginFrom('embedded', 'https://wb.example', urls), undefined);
  });

  it('is WORKBENCH_ORIGIN, else the applications service that serves the workbench, else none', () => {
    assert.equal(workbenchOriginFrom('real', 'https://wb.example/path', urls), 'https://wb.example');
    assert.equal(workbenchOriginFrom('real', undefined, urls), 'http://127.0.0.1:3001');
    assert.equal(workbenchOriginFrom('real', '', {}), undefined);
  });

  it('refuses an origin that is not http(s)', () => {
    assert.throws(() => workbenchOriginFrom('real', 'javascript:alert(1)', urls), /WORKBENCH_ORIGIN must be/);
    assert.throws(() => workbenchOriginFrom('real', 'nonsense', urls), /WORKBENCH_ORIGIN must be/);
  });

  it('allows that origin alone, bearer tokens and the change headers, never credentials', () => {
    const cors = workbenchCors('https://wb.example');
    assert.deepEqual(cors.origin, ['https://wb.example']);
    assert.equal(cors.credentials, false);
    assert.deepEqual(cors.exposedHeaders, ['ETag', 'Location']);
    assert.ok((cors.allowedHeaders as string[]).includes('Authorization'));
  });
});
