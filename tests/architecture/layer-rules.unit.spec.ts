// The dependency rules themselves (.dependency-cruiser.cjs, ADR 0011): each rule must fire on a
// deliberate violation, and the real tree must pass. The violations are written into a temporary
// folder that mirrors the repository's layout (apps/<svc>/src/<case>/{domain,application,adapters},
// and a copy of libs/ so that #event-sourcing and its entries resolve as they do here); the project's
// own config and dependency-cruiser's own CLI judge it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '#testing';

const run = promisify(execFile);
const root = repoRoot();
const depcruiseBin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Cruises `paths` under `cwd` with the project's config; the violations it reports. */
async function cruise(cwd: string, paths: readonly string[]): Promise<Violation[]> {
  const args = [
    depcruiseBin,
    ...paths,
    '--config',
    path.join(root, '.dependency-cruiser.cjs'),
    '--output-type',
    'json',
  ];
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  const out = await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string }) => {
      if (typeof err.stdout !== 'string' || err.stdout.length === 0) throw err;
      return { stdout: err.stdout };
    },
  );
  const report = JSON.parse(out.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

/** The files of the probe tree: one deliberate violation each, and some allowed imports. */
const probeFiles: Readonly<Record<string, string>> = {
  // A helper outside the domain that uses mongoose: a domain file reaching it breaks purity two steps away.
  'libs/probe/src/index.ts': `import mongoose from 'mongoose';\nexport const connect = (): unknown => mongoose;\n`,
  'apps/svc/src/alpha/domain/through-a-lib.ts': `import { connect } from '../../../../../libs/probe/src/index.js';\nexport const c = connect;\n`,
  // Allowed: the pure kernel core.
  'apps/svc/src/alpha/domain/alpha.decider.ts': `import { DomainError, unreachable } from '#event-sourcing';\nexport const e = [DomainError, unreachable];\n`,
  'apps/svc/src/alpha/domain/uses-nest-entry.ts': `import { CommandRunner } from '#event-sourcing/nest';\nexport const r = CommandRunner;\n`,
  'apps/svc/src/alpha/domain/uses-read-model.ts': `import { showTexts } from '#event-sourcing/read-model';\nexport const s = showTexts;\n`,
  'apps/svc/src/alpha/adapters/alpha.http.controller.ts': `export const controller = 'alpha';\n`,
  'apps/svc/src/alpha/application/alpha.service.ts': `import { controller } from '../adapters/alpha.http.controller.js';\nexport const service = controller;\n`,
  'apps/svc/src/alpha/index.ts': `export { service } from './application/alpha.service.js';\n`,
  // Another slice: through alpha's index is allowed, into its internals is not.
  'apps/svc/src/beta/application/beta.service.ts': `import { service } from '../../alpha/index.js';\nimport { controller } from '../../alpha/adapters/alpha.http.controller.js';\nexport const b = [service, controller];\n`,
  'apps/svc/src/main.ts': `import { eventually } from '#testing';\nexport const m = eventually;\n`,
  // A core file of the kernel that pulls in the outbox relay, and with it #messaging and kafkajs.
  'libs/event-sourcing/src/probe-leak.ts': `import { OutboxRelay } from './outbox/index.js';\nexport const leak = OutboxRelay;\n`,
};

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  let probe = '';
  let violations: Violation[] = [];

  before(async () => {
    probe = mkdtempSync(path.join(tmpdir(), 'layer-rules-'));
    for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(root, file), path.join(probe, file));
    cpSync(path.join(root, 'libs'), path.join(probe, 'libs'), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(probe, 'node_modules'));
    for (const [file, text] of Object.entries(probeFiles)) {
      mkdirSync(path.dirname(path.join(probe, file)), { recursive: true });
      writeFileSync(path.join(probe, file), text);
    }
    violations = await cruise(probe, ['apps', 'libs/event-sourcing/src/probe-leak.ts']);
  });
  after(() => rmSync(probe, { recursive: true, force: true }));

  const fired = (rule: string, from: string, to?: RegExp): boolean =>
    violations.some((v) => v.rule.name === rule && v.from === from && (!to || to.test(v.to)));
  const firedFrom = (from: string): string[] => violations.filter((v) => v.from === from).map((v) => v.rule.name);

  it('domain-is-pure: a domain file may not reach mongoose through another file', () => {
    assert.ok(
      fired('domain-is-pure', 'apps/svc/src/alpha/domain/through-a-lib.ts', /node_modules\/mongoose\//),
      JSON.stringify(violations, null, 1),
    );
  });

  it('domain-is-pure: a domain file may not import the kernel Nest entry (which reaches @nestjs and kafkajs)', () => {
    assert.ok(fired('domain-is-pure', 'apps/svc/src/alpha/domain/uses-nest-entry.ts', /node_modules\/@nestjs\//));
    assert.ok(fired('domain-is-pure', 'apps/svc/src/alpha/domain/uses-nest-entry.ts', /node_modules\/kafkajs\//));
  });

  it('domain-uses-the-kernel-core-only: not even the infrastructure-free read-model entry', () => {
    assert.deepEqual(firedFrom('apps/svc/src/alpha/domain/uses-read-model.ts'), ['domain-uses-the-kernel-core-only']);
  });

  it('a domain file importing the kernel core breaks no rule: the core reaches no infrastructure', () => {
    assert.deepEqual(firedFrom('apps/svc/src/alpha/domain/alpha.decider.ts'), []);
  });

  it('kernel-core-is-pure: a core file may not reach the outbox, #messaging or kafkajs', () => {
    assert.ok(fired('kernel-core-is-pure', 'libs/event-sourcing/src/probe-leak.ts', /^libs\/messaging\//));
    assert.ok(fired('kernel-core-is-pure', 'libs/event-sourcing/src/probe-leak.ts', /node_modules\/kafkajs\//));
  });

  it('application-does-not-import-adapters', () => {
    assert.deepEqual(firedFrom('apps/svc/src/alpha/application/alpha.service.ts'), [
      'application-does-not-import-adapters',
    ]);
  });

  it('production-code-does-not-import-testing', () => {
    assert.ok(fired('production-code-does-not-import-testing', 'apps/svc/src/main.ts', /^libs\/testing\//));
  });

  it("a slice may import another slice's index.ts, not its internals", () => {
    const slice = 'a-slice-imports-another-slice-through-its-public-files';
    assert.ok(
      fired(slice, 'apps/svc/src/beta/application/beta.service.ts', /alpha\/adapters\/alpha\.http\.controller\.ts$/),
    );
    assert.ok(!fired(slice, 'apps/svc/src/beta/application/beta.service.ts', /alpha\/index\.ts$/));
  });

  it('the real tree breaks none of them', async () => {
    assert.deepEqual(await cruise(root, ['apps', 'libs', 'tests']), []);
  });
});
