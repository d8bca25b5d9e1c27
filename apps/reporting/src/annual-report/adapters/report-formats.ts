// A report answered as a file or a page (`?format=csv|md|html`), for the office's routes and the
// public one alike. The HTML page carries its own stylesheet inline; the service-wide policy
// (`default-src 'none'`) would block it, so the page is sent with a policy naming that stylesheet by
// its hash (`htmlPagePolicy`, #http) — its styles apply, and nothing else does: no script, no other style.
import { unreachable } from '#event-sourcing';
import { htmlPagePolicy } from '#http';
import { renderCsv, renderHtml, renderMarkdown, type RenderableReport } from '../domain/render.js';
import { type ResponseLike } from './http-schemas.js';

export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ReportFileFormat = Exclude<(typeof REPORT_FORMATS)[number], 'json'>;

const CONTENT_TYPES: Readonly<Record<ReportFileFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** The report rendered in `format`, with the headers that go with it; `fileStem` names the CSV download. */
export function reportFile(
  report: RenderableReport,
  format: ReportFileFormat,
  res: ResponseLike,
  fileStem: string,
): string {
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  switch (format) {
    case 'csv':
      res.setHeader('Content-Disposition', `attachment; filename="${fileStem}.csv"`);
      return renderCsv(report);
    case 'md':
      return renderMarkdown(report);
    case 'html': {
      const html = renderHtml(report);
      res.setHeader('Content-Security-Policy', htmlPagePolicy(html));
      return html;
    }
    default:
      return unreachable(format);
  }
}
