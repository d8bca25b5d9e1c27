#!/usr/bin/env node
// `npm start`: the embedded platform (apps/platform/src/main.ts), compiled first only when the sources
// changed (build-if-stale.mjs). `--help`/`-h` is answered at once, without compiling: the usage text
// is read from apps/platform/src/cli.ts itself (transpiled in memory, no type check), so it is always
// the text of the sources at hand, built or not.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/**
 * The platform's option parser: the compiled one when it is at least as new as its source, else the
 * source transpiled here (loading TypeScript costs a second or two) with the modules it imports
 * relatively (cli.ts imports templates.ts), written as .mjs files to a temporary folder.
 */
async function cliFromSource() {
  const sourceFile = path.join(repo, 'apps', 'platform', 'src', 'cli.ts');
  const compiled = path.join(repo, 'dist', 'apps', 'platform', 'src', 'cli.js');
  const compiledAt = statSync(compiled, { throwIfNoEntry: false })?.mtimeMs;
  if (compiledAt !== undefined && compiledAt >= statSync(sourceFile).mtimeMs)
    return import(pathToFileURL(compiled).href);
  const { default: ts } = await import('typescript');
  const out = mkdtempSync(path.join(os.tmpdir(), 'npm-start-help-'));
  const target = (file) => path.join(out, path.relative(repo, file).replace(/\.ts$/, '.mjs'));
  try {
    const pending = [sourceFile];
    const done = new Set();
    while (pending.length > 0) {
      const file = pending.pop();
      if (done.has(file)) continue;
      done.add(file);
      const source = readFileSync(file, 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      for (const m of source.matchAll(/from '(\.\.?\/[^']+)\.js'/g)) {
        pending.push(path.resolve(path.dirname(file), `${m[1]}.ts`));
      }
      mkdirSync(path.dirname(target(file)), { recursive: true });
      writeFileSync(target(file), outputText.replace(/from '(\.\.?\/[^']+)\.js'/g, "from '$1.mjs'"));
    }
    return await import(pathToFileURL(target(sourceFile)).href);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write((await cliFromSource()).USAGE);
} else {
  const code = buildIfStale();
  if (code !== 0) {
    process.exitCode = code;
  } else {
    // The same process runs the platform: Ctrl-C and SIGTERM reach it directly.
    await import(pathToFileURL(path.join(repo, 'dist', 'apps', 'platform', 'src', 'main.js')).href);
  }
}
