// Renders a report as CSV (one line per figure, for spreadsheets), Markdown, and an HTML page laid
// out like the published tables: the 2008-era appendix as 指标 | 单位 | 数量 with its 其中 breakdowns
// numbered as the seed prints them, the national tables with their row and column headings.
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
}

const MISSING = '—';
const num = (v: number | undefined): string => (v === undefined ? MISSING : String(v));

const TEMPLATE_TITLES: Readonly<Record<Template, string>> = {
  '2008': '政府信息公开工作年度报告 指标统计附表',
  'national-2021': '政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）',
};

/**
 * The printed label of a row under its parent, as the seed prints breakdowns: the first child is
 * introduced by 其中：, children are numbered 1. 2. …, grandchildren (1) (2) ….
 */
function printedLabel(row: ReportRow, index: number, siblings: number, depth: number): string {
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

export function renderMarkdown(report: RenderableReport): string {
  const out: string[] = [
    `# ${report.agencyName ?? report.agencyId} ${report.year}年 ${TEMPLATE_TITLES[report.template]}`,
    '',
    `范围：${report.scope === 'rollup' ? '含下级机关（汇总）' : '本机关'}\u3000统计截止：${report.asOf}\u3000状态：${report.status}` +
      (report.contentHash ? `\u3000内容哈希：\`${report.contentHash}\`` : ''),
    '',
  ];
  for (const table of report.tables) {
    out.push(`## ${table.title}`, '');
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
  }
  out.push('## 勾稽关系核对', '');
  for (const c of report.checks) out.push(`- ${c.holds ? '✓' : '✗'} \`${c.rule}\`：${c.detail}`);
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

export function renderHtml(report: RenderableReport): string {
  const title = `${report.agencyName ?? report.agencyId} ${report.year}年 ${TEMPLATE_TITLES[report.template]}`;
  const tables = report.tables
    .map((t) => {
      const body = t.columns
        ? htmlMatrix(t)
        : t.rows.some((r) => r.children?.some((c) => c.values))
          ? htmlBlocks(t)
          : htmlSimple(t);
      return `<section id="${esc(t.id)}"><h2>${esc(t.title)}</h2>${body}</section>`;
    })
    .join('\n');
  const checks = report.checks
    .map((c) => `<li class="${c.holds ? 'ok' : 'fail'}"><code>${esc(c.rule)}</code> ${esc(c.detail)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"SimSun","Songti SC",serif;margin:2em auto;max-width:60em}
table{border-collapse:collapse;margin:0.5em 0 1.5em;width:100%}
th,td{border:1px solid #000;padding:0.25em 0.5em;font-weight:normal}
td{text-align:right}td.unit{text-align:center}
th.l1{padding-left:1.5em}th.l2{padding-left:3em}th.l3{padding-left:4.5em}
tr.block th{font-weight:bold}
li.fail{color:#b00}
</style></head><body>
<h1>${esc(title)}</h1>
<p>范围：${report.scope === 'rollup' ? '含下级机关（汇总）' : '本机关'}\u3000统计截止：${esc(report.asOf)}\u3000状态：${esc(report.status)}${
    report.contentHash ? `\u3000内容哈希：<code>${esc(report.contentHash)}</code>` : ''
  }</p>
${tables}
<section id="checks"><h2>勾稽关系核对</h2><ul>${checks}</ul></section>
</body></html>
`;
}
