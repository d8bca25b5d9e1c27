// A report answered as a file or a page (`?format=csv|md|html|pdf|docx|xlsx`), for the office's routes
// and the public one alike. The HTML page carries its own stylesheet inline; the service-wide policy
// (`default-src 'none'`) would block it, so the page is sent with a policy naming that stylesheet by
// its hash (`htmlPagePolicy`, #http) — its styles apply, and nothing else does: no script, no other style.
// PDF, Word and Excel are downloads built from the same document (report-pdf.ts, office-files.ts).
import { StreamableFile } from '@nestjs/common';
import { unreachable } from '#event-sourcing';
import { htmlPagePolicy } from '#http';
import { renderCsv, renderHtml, renderMarkdown, type RenderableReport } from '../domain/render.js';
import { type ResponseLike } from './http-schemas.js';
import { docxOf, xlsxOf } from './office-files.js';
import { PDF_UNAVAILABLE, pdfOf, pdfUnavailable } from './report-pdf.js';

export const REPORT_FORMATS = ['json', 'csv', 'md', 'html', 'pdf', 'docx', 'xlsx'] as const;
export type ReportFileFormat = Exclude<(typeof REPORT_FORMATS)[number], 'json'>;

export const CONTENT_TYPES: Readonly<Record<ReportFileFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The bytes of a binary format (PDF, Word, Excel) of the report. */
export function binaryOf(report: RenderableReport, format: 'pdf' | 'docx' | 'xlsx'): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return pdfOf(renderHtml(report));
    case 'docx':
      return docxOf(report);
    case 'xlsx':
      return xlsxOf(report);
    default:
      return unreachable(format);
  }
}

/** The report rendered in `format`, with the headers that go with it; `fileStem` names the downloads. */
export async function reportFile(
  report: RenderableReport,
  format: ReportFileFormat,
  res: ResponseLike,
  fileStem: string,
): Promise<string | StreamableFile> {
  switch (format) {
    case 'csv':
      res.setHeader('Content-Type', CONTENT_TYPES.csv);
      res.setHeader('Content-Disposition', `attachment; filename="${fileStem}.csv"`);
      return renderCsv(report);
    case 'md':
      res.setHeader('Content-Type', CONTENT_TYPES.md);
      return renderMarkdown(report);
    case 'html': {
      res.setHeader('Content-Type', CONTENT_TYPES.html);
      const html = renderHtml(report);
      res.setHeader('Content-Security-Policy', htmlPagePolicy(html));
      return html;
    }
    case 'pdf':
    case 'docx':
    case 'xlsx': {
      // No chromium here: 503 with the reason in one sentence — answered, not thrown, so no stack
      // is logged for a machine that simply has no browser (npm start then skips the PDF).
      const missing = format === 'pdf' ? pdfUnavailable() : undefined;
      if (missing) {
        res.status(503);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        return JSON.stringify({
          statusCode: 503,
          error: 'Service Unavailable',
          message: missing,
          rule: PDF_UNAVAILABLE,
        });
      }
      const bytes = await binaryOf(report, format);
      return new StreamableFile(bytes, {
        type: CONTENT_TYPES[format],
        disposition: `attachment; filename="${fileStem}.${format}"`,
        length: bytes.length,
      });
    }
    default:
      return unreachable(format);
  }
}
