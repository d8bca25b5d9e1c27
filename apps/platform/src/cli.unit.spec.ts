import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO, listenError, parseArgs, UsageError } from './cli.js';
import { loadScenario, ScenarioFileError } from './scenario/load.js';

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

  it('tells a busy or forbidden port as a usage error naming --port, and leaves other failures alone', () => {
    const busy = listenError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), 3000);
    assert.ok(busy instanceof UsageError);
    assert.match(busy.message, /port 3000 is already in use.*--port <n>/);
    assert.match(listenError(Object.assign(new Error('x'), { code: 'EACCES' }), 80)!.message, /port 80.*--port <n>/);
    assert.equal(listenError(new Error('something else'), 3000), undefined);
  });

  it('says what is wrong with a scenario file that is missing, a folder, or not JSON', () => {
    const refused = (pattern: RegExp) => (e: unknown) => e instanceof ScenarioFileError && pattern.test(e.message);
    assert.throws(() => loadScenario('/no/such/scenario.json'), refused(/does not exist: .*--scenario <file>/));
    assert.throws(() => loadScenario(path.resolve('apps/platform/scenarios')), refused(/is a folder/));
    assert.throws(() => loadScenario(path.resolve('package-lock.json')), refused(/is not a valid scenario/));
  });
});
