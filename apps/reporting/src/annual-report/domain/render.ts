// Renders a report as CSV (one line per figure, for spreadsheets), and its document (document.ts) as
// Markdown and as an HTML page to read and print, the tables laid out like the published ones: the
// 2008-era appendix as 指标 | 单位 | 数量 with its 其中 breakdowns numbered as the seed prints them,
// the national tables with their row and column headings. A grid of each table (tableGrid) is what
// the Word and Excel files are built from.
import { type ReportDocument, type ResolvedBlock } from './document.js';
import { type Check, type ReportRow, type ReportTable } from './report-model.js';
import { type Template } from './vocabulary.js';

export interface RenderableReport {
  readonly template: Template;
  readonly agencyId: string;
  readonly agencyName?: string;
  readonly scope: string;
  readonly year: number;
  readonly asOf: string;
  readonly status: string;
  readonly tables: readonly ReportTable[];
  readonly checks: readonly Check[];
  readonly contentHash?: string;
  /** The day the report was published, when it was. */
  readonly publishedOn?: string;
  /** The document: sections, text and tables, resolved (document.ts). */
  readonly document: ReportDocument;
}

const MISSING = '—';
const num = (v: number | undefined): string => (v === undefined ? MISSING : String(v));

/**
 * The printed label of a row under its parent, as the seed prints breakdowns: the first child is
 * introduced by 其中：, children are numbered 1. 2. …, grandchildren (1) (2) ….
 */
export function printedLabel(row: ReportRow, index: number, siblings: number, depth: number): string {
  if (depth === 0) return row.label;
  // National labels already carry their own numbering (（一）, 1.).
  if (/^(（[一二三四五六七八九十]+）|\d+\.|[一二三四五六七八九十]+、)/.test(row.label)) return row.label;
  const number = siblings > 1 ? (depth === 1 ? `${index + 1}.` : `(${index + 1})`) : '';
  return `${index === 0 ? '其中：' : ''}${number}${row.label}`;
}

// ---------------------------------------------------------------- CSV

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One line per figure: 表, 指标 (label path), 单位, 列, 数值. UTF-8 with a BOM so spreadsheets read the Chinese. */
export function renderCsv(report: RenderableReport): string {
  const lines = [['表', '指标', '单位', '列', '数值'].join(',')];
  const walk = (table: ReportTable, rows: readonly ReportRow[], parents: readonly string[]): void => {
    for (const row of rows) {
      const path = [...parents, row.label].join(' / ');
      if (row.values) {
        for (const [column, value] of Object.entries(row.values)) {
          lines.push([table.title, path, row.unit ?? '', column, String(value)].map(csvCell).join(','));
        }
      } else if (!row.children || row.value !== undefined || row.unit !== undefined) {
        lines.push([table.title, path, row.unit ?? '', '', num(row.value)].map(csvCell).join(','));
      }
      if (row.children) walk(table, row.children, [...parents, row.label]);
    }
  };
  for (const t of report.tables) walk(t, t.rows, []);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- Markdown

const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

/** One table in Markdown: its title, note, and rows (a matrix, blocks, or 指标 | 单位 | 数量). */
function markdownTable(table: ReportTable): string[] {
  const out: string[] = [`### ${table.title}`, ''];
  if (table.note) out.push(`> ${table.note}`, '');
  if (table.columns) {
    out.push(
      `| 指标 | ${table.columns.map(mdCell).join(' | ')} |`,
      `|---|${table.columns.map(() => '---:').join('|')}|`,
    );
    for (const { row, depth } of flatten(table.rows)) {
      const label = `${'\u3000'.repeat(depth)}${mdCell(row.label)}`;
      out.push(`| ${label} | ${table.columns.map((c) => (row.values ? num(row.values[c]) : '')).join(' | ')} |`);
    }
  } else if (table.rows.some((r) => r.children?.some((c) => c.values))) {
    for (const block of table.rows) {
      const columns = [...new Set((block.children ?? []).flatMap((c) => Object.keys(c.values ?? {})))];
      out.push(
        `| ${mdCell(block.label)} | ${columns.map(mdCell).join(' | ')} |`,
        `|---|${columns.map(() => '---:').join('|')}|`,
      );
      for (const c of block.children ?? []) {
        out.push(`| ${mdCell(c.label)} | ${columns.map((col) => num(c.values?.[col])).join(' | ')} |`);
      }
      out.push('');
    }
  } else {
    out.push('| 指标 | 单位 | 数量 |', '|---|---|---:|');
    for (const { row, depth, index, siblings } of flatten(table.rows)) {
      const label = `${'\u3000'.repeat(depth)}${mdCell(printedLabel(row, index, siblings, depth))}`;
      out.push(`| ${label} | ${row.unit ?? ''} | ${num(row.value)} |`);
    }
  }
  out.push('');
  return out;
}

/** The status of a report as the document states it (in Chinese: the document has no English). */
export function statusLine(report: RenderableReport): string {
  const scope = report.scope === 'rollup' ? '含下级机关（汇总）' : '本机关';
  const status =
    report.status === 'published'
      ? `已公开${report.publishedOn ? `（${report.publishedOn}）` : ''}`
      : report.status === 'closed'
        ? '已关账，尚未公开'
        : '草稿（实时数据）';
  return `统计范围：${scope}\u3000统计截止：${report.asOf}\u3000状态：${status}`;
}

const paragraphText = (block: ResolvedBlock): string =>
  block.kind === 'paragraph' ? block.sentences.map((s) => s.text).join('') : '';

/**
 * The document in Markdown: its sections with their text and tables, then — as a working appendix,
 * not part of the document — the balancing and prose checks with their rule ids.
 */
export function renderMarkdown(report: RenderableReport): string {
  const doc = report.document;
  const out: string[] = [
    `# ${doc.title}`,
    '',
    statusLine(report) + (report.contentHash ? `\u3000内容哈希：\`${report.contentHash}\`` : ''),
    '',
  ];
  for (const section of doc.sections) {
    out.push(`## ${section.heading}`, '');
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') out.push(paragraphText(block), '');
      else out.push(...markdownTable(block.table));
    }
  }
  out.push('---', '', '## 附：核对结果（工作用，不属于报告正文）', '');
  for (const c of report.checks) out.push(`- ${c.holds ? '✓' : '✗'} \`${c.rule}\`：${c.detail}`);
  for (const c of doc.checks) out.push(`- ${c.holds ? '✓' : '✗'} \`${c.rule}\`（${c.section}）：${c.detail}`);
  out.push('');
  return out.join('\n');
}

function flatten(
  rows: readonly ReportRow[],
  depth = 0,
): Array<{ row: ReportRow; depth: number; index: number; siblings: number }> {
  return rows.flatMap((row, index) => [
    { row, depth, index, siblings: rows.length },
    ...(row.children ? flatten(row.children, depth + 1) : []),
  ]);
}

// ---------------------------------------------------------------- HTML

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const leafCount = (row: ReportRow): number =>
  row.children && row.children.length ? row.children.reduce((n, c) => n + leafCount(c), 0) : 1;
const depthOf = (rows: readonly ReportRow[]): number =>
  rows.reduce((d, r) => Math.max(d, r.children?.length ? 1 + depthOf(r.children) : 1), 0);

/** A matrix table (national 三, 四): nested row headings as row-spanning cells, one column per label. */
function htmlMatrix(table: ReportTable): string {
  const columns = table.columns ?? [];
  const labelCols = depthOf(table.rows);
  const head =
    table.id === 'national-3'
      ? // 申请人情况: 自然人 | 法人或其他组织 (five kinds) | 总计, as the official table heads it.
        `<tr><th colspan="${labelCols}" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>` +
        `<th colspan="${columns.length}">申请人情况</th></tr>` +
        `<tr><th rowspan="2">${esc(columns[0] ?? '')}</th><th colspan="${columns.length - 2}">法人或其他组织</th>` +
        `<th rowspan="2">${esc(columns[columns.length - 1] ?? '')}</th></tr>` +
        `<tr>${columns
          .slice(1, -1)
          .map((c) => `<th>${esc(c)}</th>`)
          .join('')}</tr>`
      : `<tr><th colspan="${labelCols}"></th>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body: string[] = [];
  const emit = (rows: readonly ReportRow[], level: number, prefix: string[]): void => {
    rows.forEach((row, i) => {
      const cells = i === 0 ? [...prefix] : [];
      if (row.children?.length) {
        cells.push(`<th rowspan="${leafCount(row)}" class="l${level}">${esc(row.label)}</th>`);
        emit(row.children, level + 1, cells);
      } else {
        const span = labelCols - level;
        cells.push(`<th${span > 1 ? ` colspan="${span}"` : ''} class="l${level}">${esc(row.label)}</th>`);
        cells.push(...columns.map((c) => `<td>${row.values ? num(row.values[c]) : ''}</td>`));
        body.push(`<tr>${cells.join('')}</tr>`);
      }
    });
  };
  emit(table.rows, 0, []);
  return `<table>${head}${body.join('')}</table>`;
}

/** National 二: one block per article item, each with its own columns. */
function htmlBlocks(table: ReportTable): string {
  const parts = table.rows.map((block) => {
    const columns = [...new Set((block.children ?? []).flatMap((c) => Object.keys(c.values ?? {})))];
    const rows = (block.children ?? [])
      .map(
        (c) =>
          `<tr><th class="l1">${esc(c.label)}</th>${columns.map((col) => `<td>${num(c.values?.[col])}</td>`).join('')}</tr>`,
      )
      .join('');
    return `<tr class="block"><th>${esc(block.label)}</th>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${rows}`;
  });
  return `<table>${parts.join('')}</table>`;
}

function htmlSimple(table: ReportTable): string {
  const rows = flatten(table.rows)
    .map(
      ({ row, depth, index, siblings }) =>
        `<tr><th class="l${depth}">${esc(printedLabel(row, index, siblings, depth))}</th>` +
        `<td class="unit">${esc(row.unit ?? '')}</td><td>${num(row.value)}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>指标</th><th>单位</th><th>数量</th></tr>${rows}</table>`;
}

/** One table as HTML, in the layout of its kind: a matrix (national 三, 四), blocks (national 二), or 指标 | 单位 | 数量. */
export function htmlTable(t: ReportTable): string {
  return t.columns
    ? htmlMatrix(t)
    : t.rows.some((r) => r.children?.some((c) => c.values))
      ? htmlBlocks(t)
      : htmlSimple(t);
}

// The page is printed as well as read: A4 with the margins of official documents (GB/T 9704: top
// 37 mm, sides 28/26 mm, bottom 35 mm), 仿宋 text and 黑体 headings — the fonts an office has, with
// the CJK fonts of a Linux machine (WenQuanYi Zen Hei) as the fallback so a server renders the same
// text. Row labels are left-aligned and indented by level; figures are right-aligned.
const PAGE_STYLE = `@page{size:A4;margin:37mm 26mm 35mm 28mm}
html{font-size:16px}
body{font-family:"FangSong","FangSong_GB2312","仿宋","STFangsong","SimSun","Songti SC","Noto Serif CJK SC","WenQuanYi Zen Hei",serif;margin:2em auto;max-width:60em;line-height:1.75}
h1,h2,h3{font-family:"SimHei","黑体","STHeiti","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;font-weight:normal}
h1{text-align:center;font-size:1.6rem;margin:0 0 0.5em;text-wrap:balance}
h2{font-size:1.15rem;margin:1.2em 0 0.4em}
h3{font-size:1rem;text-align:center;margin:1em 0 0.3em}
p{text-indent:2em;margin:0 0 0.4em}
p.status{text-indent:0;text-align:center;font-size:0.9rem}
table{border-collapse:collapse;margin:0.5em 0 1.5em;width:100%;line-height:1.4}
th,td{border:1px solid #000;padding:0.25em 0.5em;font-weight:normal}
th{text-align:left}td{text-align:right}td.unit{text-align:center}
th.l1{padding-left:1.5rem}th.l2{padding-left:3rem}th.l3{padding-left:4.5rem}
tr.block th{font-weight:bold}
tr{break-inside:avoid}h2,h3{break-after:avoid}
@media print{body{margin:0;max-width:none}table{font-size:10.5pt}}`;

/**
 * The document as a page to read and print: the title, its sections with their text and tables in
 * place. Only the document: no check, rule id or English word (those are in the JSON and the
 * Markdown's working appendix).
 */
export function renderHtml(report: RenderableReport): string {
  const doc = report.document;
  const sections = doc.sections
    .map((section) => {
      const blocks = section.blocks
        .map((block) =>
          block.kind === 'paragraph'
            ? `<p>${block.sentences.map((s) => (s.generated ? `<span data-generated="">${esc(s.text)}</span>` : esc(s.text))).join('')}</p>`
            : // A national table titled as its section (二、三、四) is not titled twice.
              `${block.table.title === section.heading ? '' : `<h3>${esc(block.table.title)}</h3>`}${htmlTable(block.table)}`,
        )
        .join('\n');
      return `<section id="${esc(section.id)}"><h2>${esc(section.heading)}</h2>\n${blocks}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>
${PAGE_STYLE}
</style></head><body>
<h1>${esc(doc.title)}</h1>
<p class="status">${esc(statusLine(report))}</p>
${sections}
</body></html>
`;
}

/** A row of a table laid out as a grid: a heading row, or a row with its label, level and cells. */
export interface GridRow {
  readonly heading: boolean;
  /** Level of the row under its parents (0 at the top), for indenting its label. */
  readonly depth: number;
  readonly label: string;
  readonly cells: ReadonlyArray<string | number>;
}

/** A table as rows of cells, the same in every file format that has no row spans (Word, Excel). */
export function tableGrid(t: ReportTable): GridRow[] {
  const head = (label: string, cells: readonly string[]): GridRow => ({ heading: true, depth: 0, label, cells });
  if (t.columns) {
    const columns = t.columns;
    return [
      head('指标', columns),
      ...flatten(t.rows).map(({ row, depth }) => ({
        heading: false,
        depth,
        label: row.label,
        cells: columns.map((c) => (row.values ? (row.values[c] ?? MISSING) : '')),
      })),
    ];
  }
  if (t.rows.some((r) => r.children?.some((c) => c.values))) {
    return t.rows.flatMap((block) => {
      const columns = [...new Set((block.children ?? []).flatMap((c) => Object.keys(c.values ?? {})))];
      return [
        head(block.label, columns),
        ...(block.children ?? []).map((c) => ({
          heading: false,
          depth: 1,
          label: c.label,
          cells: columns.map((col) => c.values?.[col] ?? MISSING),
        })),
      ];
    });
  }
  return [
    head('指标', ['单位', '数量']),
    ...flatten(t.rows).map(({ row, depth, index, siblings }) => ({
      heading: false,
      depth,
      label: printedLabel(row, index, siblings, depth),
      cells: [row.unit ?? '', row.value ?? MISSING],
    })),
  ];
}
