// A page a service serves as plain files (HTML/JS/CSS under its slice's `page/` folder, not compiled):
// the monitoring page (operations) and the workbench (applications). The files are looked up beside
// the serving module first (a build that copies them), else in the source tree the build came from.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface PageFile {
  readonly contentType: string;
}

export interface StaticPage {
  /** The files the page has, by name. */
  readonly files: Readonly<Record<string, PageFile>>;
  /** The file named `name`, if it is one: an own entry only (`__proto__`, `toString` are no file: a 404). */
  known(name: string): PageFile | undefined;
  /** Where the file `name` is on disk. */
  path(name: string): string;
}

/**
 * The page of the module at `moduleUrl` (its `import.meta.url`), whose files are in `../page` beside
 * it, or in `sourceDir` (relative to the repository) when the build did not copy them; `entry` is a
 * file that must be there.
 */
export function staticPage(
  moduleUrl: string,
  sourceDir: string,
  entry: string,
  files: Readonly<Record<string, PageFile>>,
): StaticPage {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const besideThisFile = path.join(here, '..', 'page');
  // dist/apps/<service>/src/<slice>/adapters → the repository root, six levels up.
  const inSourceTree = path.join(here, '..', '..', '..', '..', '..', '..', sourceDir);
  const dir = [besideThisFile, inSourceTree].find((d) => existsSync(path.join(d, entry))) ?? besideThisFile;
  return {
    files,
    known: (name) => (Object.hasOwn(files, name) ? files[name] : undefined),
    path: (name) => path.join(dir, name),
  };
}

/**
 * A page's Content-Security-Policy: only its own script and style, and calls to its own origin and to
 * `otherOrigins` (a service it calls on another origin); no inline script or style, nothing else.
 */
export function pageContentSecurityPolicy(otherOrigins: readonly string[] = []): string {
  const connect = ["'self'", ...otherOrigins].join(' ');
  return (
    `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; img-src 'self'; ` +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  );
}
