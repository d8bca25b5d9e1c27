// Importing the kernel's core entry loads no infrastructure (ADR 0011): a domain file that imports
// DomainError must not drag mongoose, kafkajs or NestJS into its process. A fresh node process
// imports the built entry with a module hook that records every module it resolves; the test reads
// the record. The Nest entry, imported the same way, is the control that the hook sees them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '#testing';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'core-entry-'));
const INFRASTRUCTURE = /\/node_modules\/(mongoose|mongodb|kafkajs|express|@nestjs\/[^/]+)\//;

// Runs in node's module-hooks thread: appends each resolved URL to the file it is given.
const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(file, resolved.url + '\\n');
  return resolved;
}
`;

/** Every module URL a fresh process resolves while importing `entry` (a path under dist/). */
async function modulesLoadedBy(entry: string): Promise<string[]> {
  const name = entry.replace(/\W+/g, '-');
  const hooks = path.join(work, `${name}.hooks.mjs`);
  const record = path.join(work, `${name}.loaded.txt`);
  writeFileSync(hooks, HOOKS);
  writeFileSync(record, '');
  const main = [
    `import { register } from 'node:module';`,
    `register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { file: ${JSON.stringify(record)} } });`,
    `await import(${JSON.stringify(pathToFileURL(path.join(repoRoot(), 'dist', entry)).href)});`,
  ].join('\n');
  await run(process.execPath, ['--input-type=module', '-e', main], { cwd: repoRoot() });
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

const infrastructureIn = (urls: readonly string[]): string[] => [
  ...new Set(urls.map((u) => INFRASTRUCTURE.exec(u)?.[1]).filter((m): m is string => m !== undefined)),
];

describe('what importing a kernel entry loads', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('#event-sourcing (the core) loads no mongoose, mongodb, kafkajs, express or NestJS module', async () => {
    const loaded = await modulesLoadedBy('libs/event-sourcing/src/index.js');
    assert.ok(
      loaded.some((u) => u.endsWith('/libs/event-sourcing/src/domain-error.js')),
      'the hook saw the core load',
    );
    assert.deepEqual(infrastructureIn(loaded), []);
  });

  it('#event-sourcing/read-model loads none of them either', async () => {
    assert.deepEqual(infrastructureIn(await modulesLoadedBy('libs/event-sourcing/src/read-model/index.js')), []);
  });

  it('#event-sourcing/nest, the control, loads NestJS, mongoose and kafkajs', async () => {
    const found = infrastructureIn(await modulesLoadedBy('libs/event-sourcing/src/nest/index.js'));
    for (const expected of ['@nestjs/common', 'mongoose', 'kafkajs']) assert.ok(found.includes(expected), found.join());
  });
});
