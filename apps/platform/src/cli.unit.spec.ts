import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO, parseArgs, USAGE, UsageError } from './cli.js';
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
});
