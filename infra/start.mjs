#!/usr/bin/env node
// `npm start`: the embedded platform (apps/platform/src/main.ts), compiled first only when the sources
// changed (build-if-stale.mjs). `--help`/`-h` is answered at once, without compiling: the usage text
// is read from apps/platform/src/cli.ts itself (transpiled in memory, no type check), so it is always
// the text of the sources at hand, built or not.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/**
 * The platform's option parser: the compiled one when it is at least as new as its source, else the
 * source transpiled here (it imports nothing but node:path; loading TypeScript costs a second or two).
 */
async function cliFromSource() {
  const sourceFile = path.join(repo, 'apps', 'platform', 'src', 'cli.ts');
  const compiled = path.join(repo, 'dist', 'apps', 'platform', 'src', 'cli.js');
  const compiledAt = statSync(compiled, { throwIfNoEntry: false })?.mtimeMs;
  if (compiledAt !== undefined && compiledAt >= statSync(sourceFile).mtimeMs)
    return import(pathToFileURL(compiled).href);
  const { default: ts } = await import('typescript');
  const source = readFileSync(sourceFile, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return import(`data:text/javascript,${encodeURIComponent(outputText)}`);
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
