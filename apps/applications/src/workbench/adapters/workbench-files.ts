// The workbench's files (issue 18.1): plain HTML/JS/CSS under ../page (not compiled), looked up beside
// this module first (a build that copies them), else in the source tree the build came from — as the
// monitoring page's are.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const WORKBENCH_FILES: Readonly<Record<string, { readonly contentType: string }>> = {
  'workbench.html': { contentType: 'text/html; charset=utf-8' },
  'workbench.js': { contentType: 'text/javascript; charset=utf-8' },
  'workbench.css': { contentType: 'text/css; charset=utf-8' },
};

/** The file named `name`, if it is one: an own entry only (`__proto__`, `toString` are no file: a 404). */
export function knownWorkbenchFile(name: string): { readonly contentType: string } | undefined {
  return Object.hasOwn(WORKBENCH_FILES, name) ? WORKBENCH_FILES[name] : undefined;
}

/**
 * The page's own script and style only, and calls to its own origin and to the services it names
 * (the reporting service, when it runs on another origin): no inline script, nothing from elsewhere.
 */
export function workbenchContentSecurityPolicy(otherOrigins: readonly string[]): string {
  const connect = ["'self'", ...otherOrigins].join(' ');
  return (
    `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; img-src 'self'; ` +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  );
}

const here = path.dirname(fileURLToPath(import.meta.url));
const besideThisFile = path.join(here, '..', 'page');
const candidates = [
  besideThisFile,
  // dist/apps/applications/src/workbench/adapters → apps/applications/src/workbench/page
  path.join(here, '..', '..', '..', '..', '..', '..', 'apps', 'applications', 'src', 'workbench', 'page'),
];
const pageDir = candidates.find((dir) => existsSync(path.join(dir, 'workbench.html'))) ?? besideThisFile;

export const workbenchFile = (name: string): string => path.join(pageDir, name);
