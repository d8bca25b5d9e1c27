// The monitoring page's files: plain HTML/JS/CSS under ../page, served like the workbench's
// (#http staticPage).
import { pageContentSecurityPolicy, staticPage, type PageFile } from '#http';

const page = staticPage(import.meta.url, 'apps/operations/src/monitoring/page', 'monitoring.html', {
  'monitoring.html': { contentType: 'text/html; charset=utf-8' },
  'monitoring.js': { contentType: 'text/javascript; charset=utf-8' },
  'monitoring.css': { contentType: 'text/css; charset=utf-8' },
});

export const PAGE_FILES: Readonly<Record<string, PageFile>> = page.files;

/** The page file named `name`, if it is one (an own entry only: `__proto__`, `constructor` are a 404). */
export const knownPageFile = page.known;

/** Only the page's own script and style, and calls to its own origin (the charts are SVG the script builds). */
export const PAGE_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy();

export const pageFile = page.path;
