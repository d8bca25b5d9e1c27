// The report as the files offices draft and publish with: Word (.docx, `docx`) — the document with
// real Heading styles (标题 1 for the sections, 标题 2 for the tables' titles) and real tables, A4
// with the margins of official documents, 仿宋 text and 黑体 headings — and Excel (.xlsx, `exceljs`),
// one sheet per statutory table with its figures as numbers. Both are built from the same document
// and table grids (render.ts) as the page and the PDF.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { type ReportTable } from '../domain/report-model.js';
import { type RenderableReport, statusLine, tableGrid } from '../domain/render.js';

const mm = (v: number): number => Math.round(v * 56.7); // twips
const TEXT_FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };

function docxTable(table: ReportTable): Table {
  const cell = (text: string | number, options: { heading: boolean; depth?: number; figure?: boolean }) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: options.figure ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: { left: (options.depth ?? 0) * 240 },
          children: [new TextRun({ text: String(text), size: 21, bold: options.heading })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: tableGrid(table).map(
      (r, i) =>
        new TableRow({
          // The first heading row repeats at the top of each page the table runs over.
          tableHeader: r.heading && i === 0,
          children: [
            cell(r.label, { heading: r.heading, depth: r.depth }),
            ...r.cells.map((c) => cell(c, { heading: r.heading, figure: typeof c === 'number' })),
          ],
        }),
    ),
  });
}

/** The document as a Word file. */
export async function docxOf(report: RenderableReport): Promise<Buffer> {
  const doc = report.document;
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text: doc.title }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: statusLine(report), size: 24 })] }),
  ];
  for (const section of doc.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: section.heading }));
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        children.push(
          new Paragraph({
            indent: { firstLine: 640 },
            children: [new TextRun(block.sentences.map((s) => s.text).join(''))],
          }),
        );
      } else {
        if (block.table.title !== section.heading) {
          children.push(
            new Paragraph({
              heading: HeadingLevel.HEADING_2,
              alignment: AlignmentType.CENTER,
              text: block.table.title,
            }),
          );
        }
        if (block.table.note) {
          children.push(
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: `（${block.table.note}）`, size: 21 })],
            }),
          );
        }
        children.push(docxTable(block.table));
      }
    }
  }
  const heading = (size: number) => ({ run: { font: HEADING_FONT, size, bold: false, color: '000000' } });
  const document = new Document({
    title: doc.title,
    styles: {
      default: {
        document: { run: { font: TEXT_FONT, size: 32 }, paragraph: { spacing: { line: 560 } } },
        title: heading(44),
        heading1: heading(32),
        heading2: heading(28),
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), right: mm(26), bottom: mm(35), left: mm(28) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** A worksheet name: at most 31 characters, none of []:*?/\ (Excel's rules), unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, '').slice(0, 31);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 28)}(${i})`;
  taken.add(name);
  return name;
}

/** The statutory tables as an Excel workbook: one sheet per table, figures as numbers. */
export async function xlsxOf(report: RenderableReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.title = report.document.title;
  const taken = new Set<string>();
  for (const table of report.tables) {
    const sheet = book.addWorksheet(sheetName(table.title, taken));
    sheet.addRow([table.title]).font = { bold: true, size: 14 };
    if (table.note) sheet.addRow([table.note]);
    for (const r of tableGrid(table)) {
      const row = sheet.addRow([r.label, ...r.cells]);
      if (r.heading) row.font = { bold: true };
      row.getCell(1).alignment = { horizontal: 'left', indent: r.depth };
    }
    sheet.getColumn(1).width = 48;
    for (let c = 2; c <= sheet.columnCount; c++) sheet.getColumn(c).width = 14;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
