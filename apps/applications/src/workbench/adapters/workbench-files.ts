// The workbench's files (issue 18.1): plain HTML/JS/CSS under ../page, served like the monitoring
// page's (#http staticPage).
import { pageContentSecurityPolicy, staticPage, type PageFile } from '#http';

const page = staticPage(import.meta.url, 'apps/applications/src/workbench/page', 'workbench.html', {
  'workbench.html': { contentType: 'text/html; charset=utf-8' },
  'workbench.js': { contentType: 'text/javascript; charset=utf-8' },
  'workbench.css': { contentType: 'text/css; charset=utf-8' },
});

export const WORKBENCH_FILES: Readonly<Record<string, PageFile>> = page.files;

/** The file named `name`, if it is one (an own entry only: `__proto__`, `toString` are a 404). */
export const knownWorkbenchFile = page.known;

/**
 * The page's own script and style only, and calls to its own origin and to the services it names
 * (the reporting service, when it runs on another origin): no inline script, nothing from elsewhere.
 */
export const workbenchContentSecurityPolicy = (otherOrigins: readonly string[]): string =>
  pageContentSecurityPolicy(otherOrigins);

export const workbenchFile = page.path;
