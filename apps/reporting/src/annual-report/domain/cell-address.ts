// Figures in the report's prose are bound to cells of its tables by placeholders, resolved when the
// document is rendered, so a correction to the data changes the prose too (issue 17.1, ADR 0013).
//
// The address of a cell, written between double braces in a section's text:
//
//   {{<表>.<行>[.<行>…][.<列>]}}        e.g. {{三.本年新收政府信息公开申请数量.总计}}
//   {{上年.<表>.<行>…[.<列>]}}          the same cell of the previous year's report
//   {{增减.<表>.<行>…[.<列>]}}          the change on the previous year: 增加3件 / 减少2件 / 持平
//
// 表 is the table's printed ordinal: 二 三 四 六 (national format, 国办公开办函〔2021〕30号; 六 is its
// fees table) or 附表一 … 附表五 and 执法 (the 2008-era appendix). 行 is each row label from the top
// of the table down, as printed but without its numbering (一、 （一） 1.), so 「（七）总计」 is 总计; the
// label with its numbering is accepted too. 列 names the column of a table with columns (national
// 三 and 四, and the blocks of 二). The labels are the statutory ones, fixed by the formats: an
// address stays valid for as long as the format does.
//
// 期限 is not a statutory table: it names the derived measure of reply deadlines (reply-deadlines.ts:
// 按期答复, 逾期答复, 期限不明, 不计期限, 按期答复率), which the document cites but never prints as a table.
import { REPLY_DEADLINES_TABLE_ID } from './reply-deadlines.js';
import { type ReportRow, type ReportTable } from './report-model.js';

/** Table id → the key a placeholder names it by. */
export const TABLE_KEYS: Readonly<Record<string, string>> = {
  'national-2': '二',
  'national-3': '三',
  'national-4': '四',
  'national-fees': '六',
  '2008-1': '附表一',
  '2008-2': '附表二',
  '2008-3': '附表三',
  '2008-4': '附表四',
  '2008-5': '附表五',
  '2008-enforcement': '执法',
  [REPLY_DEADLINES_TABLE_ID]: '期限',
};
const TABLE_BY_KEY = new Map(Object.entries(TABLE_KEYS).map(([id, key]) => [key, id]));

/** The numbering a printed label starts with: 一、 （一） 1. */
const NUMBERING = /^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)/;
export const bareLabel = (label: string): string => label.replace(NUMBERING, '');

/** What a placeholder asks for: a cell of this year, of last year, or the change between the two. */
export type CellMode = 'this-year' | 'previous-year' | 'change';
const MODE_PREFIX: Readonly<Record<string, CellMode>> = { 上年: 'previous-year', 增减: 'change' };

export interface CellRef {
  readonly mode: CellMode;
  /** The placeholder's text between the braces, as written. */
  readonly address: string;
  readonly tableId: string;
  readonly segments: readonly string[];
}

/** `{{…}}` anywhere in a text. */
export const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Parses an address (the text between the braces); undefined when it names no table. */
export function parseAddress(address: string): CellRef | undefined {
  const parts = address.trim().split('.');
  const mode = MODE_PREFIX[parts[0] ?? ''];
  if (mode) parts.shift();
  const tableId = TABLE_BY_KEY.get(parts.shift() ?? '');
  if (!tableId || parts.length === 0 || parts.some((p) => p.length === 0)) return undefined;
  return { mode: mode ?? 'this-year', address: address.trim(), tableId, segments: parts };
}

/** The address of a cell: table key, bare row labels, column. */
export function addressOf(tableId: string, path: readonly string[], column?: string, mode: CellMode = 'this-year') {
  const prefix = mode === 'previous-year' ? '上年.' : mode === 'change' ? '增减.' : '';
  return `${prefix}${[TABLE_KEYS[tableId] ?? tableId, ...path.map(bareLabel), ...(column ? [column] : [])].join('.')}`;
}

export interface Cell {
  readonly value: number | undefined;
  readonly unit: string | undefined;
}

/**
 * The cell a reference names in `tables`: rows matched label by label (bare or as printed), then a
 * column if the row has columns. Undefined when no such cell exists; a cell whose figure is missing
 * (facts not yet declared) is found, with value undefined.
 */
export function cellAt(tables: readonly ReportTable[], ref: Pick<CellRef, 'tableId' | 'segments'>): Cell | undefined {
  const table = tables.find((t) => t.id === ref.tableId);
  if (!table) return undefined;
  let rows: readonly ReportRow[] | undefined = table.rows;
  let row: ReportRow | undefined;
  let i = 0;
  for (; i < ref.segments.length; i++) {
    const seg = ref.segments[i];
    if (seg === undefined) break;
    const next: ReportRow | undefined = rows?.find((r) => r.label === seg || bareLabel(r.label) === seg);
    if (!next) break;
    row = next;
    rows = next.children;
  }
  if (!row) return undefined;
  const rest = ref.segments.slice(i);
  if (rest.length === 0) return row.values ? undefined : { value: row.value, unit: row.unit };
  const [column] = rest;
  if (rest.length === 1 && column !== undefined && row.values && Object.hasOwn(row.values, column)) {
    return { value: row.values[column], unit: row.unit };
  }
  return undefined;
}

/** Every cell address of the tables (this year's), in table order: what an editor may bind to. */
export function cellAddresses(tables: readonly ReportTable[]): string[] {
  const out: string[] = [];
  const walk = (id: string, rows: readonly ReportRow[], parents: readonly string[]): void => {
    for (const r of rows) {
      const path = [...parents, r.label];
      if (r.value !== undefined || (r.unit !== undefined && !r.values)) out.push(addressOf(id, path));
      for (const c of Object.keys(r.values ?? {})) out.push(addressOf(id, path, c));
      if (r.children) walk(id, r.children, path);
    }
  };
  for (const t of tables) walk(t.id, t.rows, []);
  return out;
}
