// The report of one agency and year as the reporting service builds it: template, scope, status, the
// tables and checks of the reporting contract (#contracts/reporting), and how they were derived.
import { type Check, type ReportRow, type ReportTable } from '#contracts/reporting';
import { type Scope, type Template } from './vocabulary.js';

// The tables and checks are the reporting contract's (read over HTTP by the platform and integrators).
export type { Check, ReportRow, ReportTable } from '#contracts/reporting';

export type ReportStatus = 'live' | 'closed' | 'published';

export interface Report {
  readonly template: Template;
  readonly agencyId: string;
  readonly scope: Scope;
  readonly year: number;
  /** The legal date the figures are counted up to (the year end once the year is over). */
  readonly asOf: string;
  readonly status: ReportStatus;
  readonly tables: readonly ReportTable[];
  readonly checks: readonly Check[];
  readonly manifest: Readonly<Record<string, unknown>>;
}

/** One figure of a report, keyed by labels: the flat form used to freeze and to reconcile. */
export interface Figure {
  readonly table: string;
  /** Row labels from the top of the table down to the row. */
  readonly path: readonly string[];
  /** Column label for tables with columns. */
  readonly column?: string;
  readonly value: number;
}

/** Every value of the tables as flat figures, in table, row and column order. */
export function figuresOf(tables: readonly ReportTable[]): Figure[] {
  const out: Figure[] = [];
  const walk = (table: string, rows: readonly ReportRow[], parents: readonly string[]): void => {
    for (const row of rows) {
      const path = [...parents, row.label];
      if (row.value !== undefined) out.push({ table, path, value: row.value });
      if (row.values)
        for (const [column, value] of Object.entries(row.values)) out.push({ table, path, column, value });
      if (row.children) walk(table, row.children, path);
    }
  };
  for (const t of tables) walk(t.id, t.rows, []);
  return out;
}

/** Puts flat figures back into the row structure of `skeleton` (the template's tables). */
export function tablesWithFigures(skeleton: readonly ReportTable[], figures: readonly Figure[]): ReportTable[] {
  const key = (table: string, path: readonly string[]): string => `${table}\u0000${path.join('\u0000')}`;
  const single = new Map<string, number>();
  const multi = new Map<string, Record<string, number>>();
  for (const f of figures) {
    const k = key(f.table, f.path);
    if (f.column === undefined) single.set(k, f.value);
    else {
      const row = multi.get(k) ?? {};
      row[f.column] = f.value;
      multi.set(k, row);
    }
  }
  const fill = (table: string, rows: readonly ReportRow[], parents: readonly string[]): ReportRow[] =>
    rows.map((row) => {
      const path = [...parents, row.label];
      const k = key(table, path);
      const { value: _v, values: _vs, children, ...rest } = row;
      const value = single.get(k);
      const values = multi.get(k);
      return {
        ...rest,
        ...(value !== undefined ? { value } : {}),
        ...(values !== undefined ? { values } : {}),
        ...(children ? { children: fill(table, children, path) } : {}),
      };
    });
  return skeleton.map((t) => ({ ...t, rows: fill(t.id, t.rows, []) }));
}

/** Finds a row by its label path within a table. */
export function rowAt(table: ReportTable | undefined, path: readonly string[]): ReportRow | undefined {
  let rows: readonly ReportRow[] | undefined = table?.rows;
  let found: ReportRow | undefined;
  for (const label of path) {
    found = rows?.find((r) => r.label === label);
    if (!found) return undefined;
    rows = found.children;
  }
  return found;
}
