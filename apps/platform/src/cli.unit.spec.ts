import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO, parseArgs, UsageError } from './cli.js';

describe('npm start options', () => {
  it('defaults to the 2009 scenario, every template, port 3000, serving', () => {
    const o = parseArgs([]);
    assert.equal(o.scenarioFile, path.resolve(DEFAULT_SCENARIO));
    assert.equal(o.template, 'all');
    assert.equal(o.port, 3000);
    assert.equal(o.exit, false);
  });

  it('reads every option', () => {
    const o = parseArgs([
      '--exit',
      '--agency',
      'you-county',
      '--year',
      '2010',
      '--template',
      'national-2021',
      '--out',
      'x',
      '--port',
      '0',
    ]);
    assert.deepEqual(
      [o.exit, o.agencyId, o.year, o.template, o.outDir, o.port],
      [true, 'you-county', 2010, 'national-2021', 'x', 0],
    );
  });

  it('refuses unknown options and bad values with the option named', () => {
    assert.throws(
      () => parseArgs(['--colour']),
      (e: unknown) => e instanceof UsageError && /--colour/.test(e.message),
    );
    assert.throws(() => parseArgs(['--year', '1999']), /--year/);
    assert.throws(() => parseArgs(['--template', 'pdf']), /--template/);
    assert.throws(() => parseArgs(['--port']), /--port needs a value/);
  });
});
