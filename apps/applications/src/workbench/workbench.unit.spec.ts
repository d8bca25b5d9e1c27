// The workbench's configuration (issue 18.1): where it finds the reporting service, which files it
// serves, and the choices it offers — taken from the contracts, never typed into the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OUTCOME_TREE, outcomeSchema } from '#contracts/applications';
import { workbenchConfig } from './adapters/workbench.http.controller.js';
import { knownWorkbenchFile, workbenchContentSecurityPolicy } from './adapters/workbench-files.js';
import { workbenchSettingsFrom } from './workbench-settings.js';

describe('the workbench settings from SERVICE_URLS', () => {
  it('names no other origin in embedded mode (every service answers at the page’s own)', () => {
    assert.deepEqual(workbenchSettingsFrom('embedded', 'reporting=http://127.0.0.1:3006'), { serviceUrls: {} });
  });

  it('takes the reporting service’s origin on the real stack, and ignores services the page does not call', () => {
    assert.deepEqual(
      workbenchSettingsFrom('real', 'applications=http://127.0.0.1:3001, reporting=http://10.0.0.5:3006/x'),
      { serviceUrls: { reporting: 'http://10.0.0.5:3006' } },
    );
    assert.deepEqual(workbenchSettingsFrom('real', undefined), { serviceUrls: {} });
  });

  it('refuses a malformed entry, naming the variable', () => {
    assert.throws(() => workbenchSettingsFrom('real', 'reporting'), /SERVICE_URLS: "reporting" is not <service>=<url>/);
    assert.throws(() => workbenchSettingsFrom('real', 'reporting=not a url'), /SERVICE_URLS: reporting's URL/);
    assert.throws(() => workbenchSettingsFrom('real', 'reporting=ftp://x'), /must be http or https/);
  });
});

describe('the workbench page', () => {
  it('serves its own files only (an inherited name is no file)', () => {
    assert.ok(knownWorkbenchFile('workbench.js'));
    for (const name of ['__proto__', 'constructor', 'toString', '../config.ts']) {
      assert.equal(knownWorkbenchFile(name), undefined, name);
    }
  });

  it('may call its own origin and the services it names, nothing else', () => {
    const csp = workbenchContentSecurityPolicy(['http://10.0.0.5:3006']);
    assert.match(csp, /connect-src 'self' http:\/\/10\.0\.0\.5:3006;/);
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  });

  it('offers every outcome of the national tree, each choice one the contract accepts', () => {
    const { vocabulary } = workbenchConfig({ serviceUrls: {} });
    assert.deepEqual(
      vocabulary.outcomes.map((o) => [o.code, o.reasons.map((r) => r.code)]),
      Object.entries(OUTCOME_TREE).map(([c, reasons]) => [c, [...reasons]]),
    );
    for (const o of vocabulary.outcomes) {
      assert.ok(o.label.length > 0, o.code);
      const choices: Array<{ category: string; reason?: string }> = o.reasons.length
        ? o.reasons.map((r) => ({ category: o.code, reason: r.code }))
        : [{ category: o.code }];
      for (const choice of choices) {
        const extra =
          choice.reason === 'third-party-rights'
            ? { thirdPartyInterest: vocabulary.thirdPartyInterests[0] }
            : choice.reason === 'not-held'
              ? { notHeldBecause: vocabulary.notHeldBecause[0] }
              : {};
        assert.ok(outcomeSchema.safeParse({ ...choice, ...extra }).success, JSON.stringify(choice));
      }
    }
  });
});
