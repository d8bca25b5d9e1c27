// The report as the files offices publish (issue 17.3), checked by reading them back with other
// programs: the PDF printed by Debian's chromium is rendered page by page to PNG (poppler's pdftoppm,
// kept under test-results/) and its text read with pdftotext — every section heading, figures counted
// from the seed's cases, A4 pages, no English word; the Word file opened as a zip (word/document.xml):
// the six national headings in Heading 1 style and one table per statutory table; the Excel book read
// back cell by cell.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { repoRoot } from '#testing';
import { renderHtml } from '../domain/render.js';
import {
  NATIONAL_HEADINGS,
  publicationsOf,
  requestsReceived,
  seedReport,
  seedYearCases,
} from '../testing/seed-document.js';
import { docxOf, xlsxOf } from './office-files.js';
import { pdfOf, pdfUnavailable } from './report-pdf.js';

const results = path.join(repoRoot(), 'test-results', 'report-files');
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipPdf =
  process.env.CI === 'true'
    ? false
    : (pdfUnavailable() ?? (hasPoppler ? false : 'poppler-utils is missing (apt-get install poppler-utils)'));

const cases = seedYearCases();
const received = requestsReceived(cases);
const email = requestsReceived(cases, 'email');
const published = publicationsOf(cases);
/** pdftotext breaks lines where the page does: compare text without white space. */
const squeeze = (s: string): string => s.replace(/\s+/g, '');

describe('the report as PDF, checked page by page with poppler', { skip: skipPdf }, () => {
  for (const template of ['national-2021', '2008'] as const) {
    it(`${template}: A4 pages rendered to PNG; every heading and the figures in the text; no English word`, async () => {
      const report = seedReport(template, cases);
      const pdf = await pdfOf(renderHtml(report));
      const dir = path.join(results, template);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `report-${template}.pdf`);
      writeFileSync(file, pdf);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

      execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(dir, 'page')]);
      const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
      assert.ok(pages.length >= 2, `several pages rendered: ${pages.join(', ')}`);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /Page size:.*\(A4\)/);
      assert.equal(Number(/Pages:\s+(\d+)/.exec(info)?.[1]), pages.length);

      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const flat = squeeze(text);
      for (const section of report.document.sections) assert.ok(flat.includes(section.heading), section.heading);
      for (const table of report.tables) assert.ok(flat.includes(squeeze(table.title)), table.title);
      if (template === 'national-2021') {
        assert.ok(flat.includes(`新收政府信息公开申请${received}件`), `${received} requests in 一、总体情况`);
        assert.ok(flat.includes(`主动公开政府信息${published}条`), `${published} publications`);
      } else {
        assert.ok(
          flat.includes(`受理政府信息公开申请${received}件，其中电子邮件申请${email}件`),
          'requests by channel',
        );
      }
      assert.deepEqual(text.match(/[A-Za-z]{2,}/g), null, 'no English word, no check id');
    });
  }
});

describe('the report as Word and Excel files', () => {
  it('DOCX: the six national headings in Heading 1 style, and every statutory table as a table', async () => {
    const report = seedReport('national-2021', cases);
    const docx = await docxOf(report);
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'report-national-2021.docx'), docx);
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const paragraphs = xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? [];
    const headings = paragraphs
      .filter((p) => p.includes('<w:pStyle w:val="Heading1"/>'))
      .map((p) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    assert.deepEqual(headings, NATIONAL_HEADINGS);
    assert.equal((xml.match(/<w:tbl>/g) ?? []).length, report.tables.length);
    for (const table of report.tables) assert.ok(xml.includes(table.title), table.title);
    assert.ok(xml.includes(`新收政府信息公开申请${received}件`));
    const styles = await (await JSZip.loadAsync(docx)).file('word/styles.xml')!.async('string');
    assert.match(styles, /w:styleId="Heading1"/);
    assert.match(styles, /w:eastAsia="仿宋"/);
  });

  it('XLSX: one sheet per table; the cells read back as the figures', async () => {
    const report = seedReport('national-2021', cases);
    const bytes = await xlsxOf(report);
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'report-national-2021.xlsx'), bytes);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      report.tables.map((t) => t.title.slice(0, 31)),
    );
    const sheet = book.getWorksheet('三、收到和处理政府信息公开申请情况')!;
    const header = sheet.getRow(3).values as unknown[];
    const total = header.indexOf('总计');
    const natural = header.indexOf('自然人');
    assert.ok(total > 0 && natural > 0, `columns: ${String(header)}`);
    let row: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === '一、本年新收政府信息公开申请数量') row = r;
    });
    assert.ok(row, 'the 本年新收 row');
    assert.equal(row.getCell(total).value, received);
    assert.equal(row.getCell(natural).value, received, 'every seed request is a natural person’s');
    assert.ok(existsSync(path.join(results, 'report-national-2021.xlsx')));
  });
});
