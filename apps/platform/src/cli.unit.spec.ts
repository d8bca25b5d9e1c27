import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO, listenError, parseArgs, USAGE, UsageError } from './cli.js';
import { loadScenario, ScenarioFileError } from './scenario/load.js';
import { DEPRECATED_TEMPLATE_NAMES, TEMPLATE_IDS, templatesOf } from './templates.js';

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

  it('takes the template names of the reporting API (?template=), one vocabulary', () => {
    for (const id of TEMPLATE_IDS) {
      const o = parseArgs(['--template', id]);
      assert.equal(o.template, id);
      assert.deepEqual(o.notes, []);
      assert.deepEqual(templatesOf(o.template), [id]);
      assert.ok(USAGE.includes(id), `--help names ${id}`);
    }
    assert.deepEqual(templatesOf(parseArgs([]).template), [...TEMPLATE_IDS]);
  });

  it('accepts the old command-line names as aliases, with a note saying what to write instead', () => {
    for (const [old, id] of Object.entries(DEPRECATED_TEMPLATE_NAMES)) {
      const o = parseArgs(['--template', old]);
      assert.equal(o.template, id);
      assert.equal(o.notes.length, 1);
      assert.match(o.notes[0]!, new RegExp(`${old}.*deprecated.*--template ${id}`));
    }
  });

  it('refuses a template no name stands for, naming the ones there are', () => {
    for (const bad of ['appendix-2021', '__proto__', 'toString', 'National-2021', '']) {
      assert.throws(
        () => parseArgs(['--template', bad]),
        (e: unknown) => e instanceof UsageError && e.message.includes(TEMPLATE_IDS.join(', ')),
        bad,
      );
    }
  });

  it('--empty feeds nothing: it takes --agency, --year and --port, and refuses what only a fed report uses', () => {
    assert.equal(parseArgs([]).empty, false);
    const o = parseArgs(['--empty', '--agency', 'you-county', '--year', '2024', '--port', '0']);
    assert.deepEqual([o.empty, o.agencyId, o.year, o.port], [true, 'you-county', 2024, 0]);
    for (const option of [['--exit'], ['--scenario', 'x.json'], ['--template', '2008'], ['--out', 'x']]) {
      assert.throws(
        () => parseArgs(['--empty', ...option]),
        (e: unknown) =>
          e instanceof UsageError && e.message === `--empty feeds nothing and writes no report: leave out ${option[0]}`,
        option.join(' '),
      );
    }
    assert.match(USAGE, /--empty/);
  });

  it('--agencies names the agencies file (ADR 0014), with --empty too', () => {
    assert.equal(parseArgs([]).agenciesFile, undefined);
    const o = parseArgs(['--empty', '--agencies', 'mine.json', '--agency', 'mou-city']);
    assert.deepEqual([o.empty, o.agenciesFile, o.agencyId], [true, path.resolve('mine.json'), 'mou-city']);
    assert.throws(() => parseArgs(['--agencies']), /--agencies needs a value/);
    assert.match(USAGE, /--agencies <file>/);
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
