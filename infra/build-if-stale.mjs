#!/usr/bin/env node
// Compiles the project only when its sources changed since the last successful build (issue 18 item
// 5): `npm start` and `npm run token` compiled every time, 8 s with nothing to do and 25–50 s from a
// clean checkout, before they even looked at their arguments.
//
//   node infra/build-if-stale.mjs      (exit code of tsc when it had to build, else 0)
//
// Stale means: a file or folder under apps/, libs/ or tests/, or tsconfig.json, package.json or
// package-lock.json, changed after the build that wrote dist/.build-stamp began. Folders count, so
// a deleted or renamed source is seen too. The stamp is written only when tsc succeeded, so output
// emitted despite type errors is never taken for a good build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(repo, 'dist', '.build-stamp');
const SOURCE_FOLDERS = ['apps', 'libs', 'tests'];
const SOURCE_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** The first path under `dir` (itself included) changed after `since` (ms), if any. */
function changedUnder(dir, since) {
  const stats = statSync(dir, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (stats.mtimeMs > since) return dir;
  if (!stats.isDirectory()) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const found = changedUnder(path.join(dir, entry.name), since);
    if (found) return found;
  }
  return undefined;
}

/** Why a build is needed (a sentence), or undefined when dist/ is current. */
export function staleness(root = repo) {
  const built = statSync(path.join(root, 'dist', '.build-stamp'), { throwIfNoEntry: false });
  if (!built) return 'no successful build yet';
  for (const name of [...SOURCE_FILES, ...SOURCE_FOLDERS]) {
    const changed = changedUnder(path.join(root, name), built.mtimeMs);
    if (changed) return `${path.relative(root, changed)} changed since the last build`;
  }
  return undefined;
}

/** Builds when stale; returns tsc's exit code (0 when nothing had to be done). */
export function buildIfStale() {
  const why = staleness();
  if (why === undefined) return 0;
  process.stderr.write(`[build] compiling (${why})…\n`);
  const began = new Date();
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: repo, stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code === 0) {
    if (!existsSync(stamp)) writeFileSync(stamp, 'written by infra/build-if-stale.mjs after a successful tsc\n');
    // The time the build began: a source saved while tsc ran is newer, so the next run builds again.
    utimesSync(stamp, began, began);
  }
  return code;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = buildIfStale();
