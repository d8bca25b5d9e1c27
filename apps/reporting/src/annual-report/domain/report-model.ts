// The report as a machine contract (issue 6): tables of labelled rows, a value or one value per
// column label, nested rows for 其中 breakdowns; the balancing identities as checks.
import { type Scope, type Template } from './vocabulary.js';

export interface ReportRow {
  /** The printed label, exactly as in the published table (REPORTS §1–§2). */
  readonly label: string;
  readonly unit?: string;
  readonly value?: number;
  /** One value per column label, for tables with columns (national 三 and 四). */
  readonly values?: Readonly<Record<string, number>>;
  /** The rows printed under this one (其中 …, or the outcome rows of a category). */
  readonly children?: readonly ReportRow[];
}

export interface ReportTable {
  /** Stable id: `2008-1` … `2008-5`, `2008-enforcement`, `national-2`, `national-3`, `national-4`, `national-fees`. */
  readonly id: string;
  readonly title: string;
  /** Column labels of a table whose rows carry `values`. */
  readonly columns?: readonly string[];
  /** A note printed with the table (the national 三 carries its 勾稽关系 note verbatim). */
  readonly note?: string;
  readonly rows: readonly ReportRow[];
}

export interface Check {
  /** Stable rule id, e.g. `national-3.received-plus-carried-in-equals-concluded-plus-carried-out`. */
  readonly rule: string;
  readonly holds: boolean;
  /** The identity with the figures put in, e.g. `一 14 + 二 0 = 三（七） 14 + 四 0`. */
  readonly detail: string;
}

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
