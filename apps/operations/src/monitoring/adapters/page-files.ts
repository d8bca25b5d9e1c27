// The monitoring page's files. They are plain HTML/JS/CSS under ../page (not compiled): looked up
// beside this module first (a build that copies them), else in the source tree the build came from.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PAGE_FILES: Readonly<Record<string, { readonly contentType: string }>> = {
  'monitoring.html': { contentType: 'text/html; charset=utf-8' },
  'monitoring.js': { contentType: 'text/javascript; charset=utf-8' },
  'monitoring.css': { contentType: 'text/css; charset=utf-8' },
};

/**
 * The page file named `name`, if it is one: an own entry only, so a name such as `__proto__`,
 * `constructor` or `toString` (which an object literal inherits) is no file (a 404, not a 500).
 */
export function knownPageFile(name: string): { readonly contentType: string } | undefined {
  return Object.hasOwn(PAGE_FILES, name) ? PAGE_FILES[name] : undefined;
}

/**
 * Only the page's own script and style, and calls to its own origin: no inline script or style
 * (the charts are SVG elements the script builds), nothing from elsewhere.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const here = path.dirname(fileURLToPath(import.meta.url));
const besideThisFile = path.join(here, '..', 'page');
const candidates = [
  besideThisFile,
  // dist/apps/operations/src/monitoring/adapters → apps/operations/src/monitoring/page
  path.join(here, '..', '..', '..', '..', '..', '..', 'apps', 'operations', 'src', 'monitoring', 'page'),
];
const pageDir = candidates.find((dir) => existsSync(path.join(dir, 'monitoring.html'))) ?? besideThisFile;

export const pageFile = (name: string): string => path.join(pageDir, name);
