// Reconciliation of a hand-filed report (figures typed in, keyed by the printed labels) against the
// derived one: every figure that differs, every balancing identity the filed report breaks on its
// own, figures its body text (正文) states differently from its tables, and tables printed twice.
// Labels are matched loosely (quotes, 其中, numbering, spacing and full/half-width forms do not
// matter), since a typed-in report copies them by hand.
import { type CheckContext, checksFor } from './checks.js';
import {
  type Check,
  type Figure,
  figuresOf,
  type ReportRow,
  type ReportTable,
  tablesWithFigures,
} from './report-model.js';
import { type Template } from './vocabulary.js';

/** The body text of the report: figures stated in words, matched by label against every table. */
export const BODY_TEXT = '正文';

export interface FiledFigure {
  readonly label: string;
  /** Label path from the top of the table, when the label alone is ambiguous. */
  readonly path?: readonly string[];
  readonly column?: string;
  readonly value: number;
}

export interface FiledTable {
  /** A table id (`2008-2`), its title, the title's first word (`附表二`), or 正文. */
  readonly table: string;
  readonly figures: readonly FiledFigure[];
}

export interface FiledReport {
  readonly tables: readonly FiledTable[];
}

export interface Discrepancy {
  /** The derived table's title, or 正文. */
  readonly table: string;
  readonly path: readonly string[];
  readonly column?: string;
  readonly filed: number;
  readonly derived: number | null;
}

export interface Unmatched {
  readonly table: string;
  readonly label: string;
  readonly reason: 'unknown-table' | 'unknown-label' | 'ambiguous-label';
}

export interface Reconciliation {
  /** True when nothing differs and the filed report breaks no identity. */
  readonly consistent: boolean;
  readonly discrepancies: readonly Discrepancy[];
  /** What the filed report gets wrong on its own: identities, text against tables, duplicates. */
  readonly violations: readonly Check[];
  readonly unmatched: readonly Unmatched[];
  /** Derived figures the filing does not state at all (label paths). */
  readonly unfiled: readonly string[];
}

/** Label key for matching: drops quotes, 其中, list numbering, spaces; unifies width. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/[\s"'“”‘’「」『』]/g, '')
    .replace(/^其中[:：]?/, '')
    .replace(/^(\(\d+\)|（\d+）|\d+[.、．]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)/, '')
    .replace(/[:：]$/, '');
}

interface RowRef {
  readonly table: ReportTable;
  readonly path: readonly string[];
  readonly row: ReportRow;
}

function rowIndex(tables: readonly ReportTable[]): RowRef[] {
  const out: RowRef[] = [];
  const walk = (table: ReportTable, rows: readonly ReportRow[], parents: readonly string[]): void => {
    for (const row of rows) {
      const path = [...parents, row.label];
      out.push({ table, path, row });
      if (row.children) walk(table, row.children, path);
    }
  };
  for (const t of tables) walk(t, t.rows, []);
  return out;
}

function resolveTable(tables: readonly ReportTable[], name: string): ReportTable | undefined {
  const n = normalizeLabel(name);
  return tables.find(
    (t) => t.id === name || normalizeLabel(t.title) === n || normalizeLabel(t.title.split(/\s+/)[0] ?? '') === n,
  );
}

function resolveRow(refs: readonly RowRef[], figure: FiledFigure): RowRef | 'ambiguous' | undefined {
  const path = figure.path?.map(normalizeLabel);
  const matches = path
    ? refs.filter((r) => r.path.length === path.length && r.path.every((label, i) => normalizeLabel(label) === path[i]))
    : refs.filter((r) => normalizeLabel(r.row.label) === normalizeLabel(figure.label));
  if (matches.length > 1) return 'ambiguous';
  return matches[0];
}

const valueOf = (row: ReportRow, column: string | undefined): number | undefined =>
  column === undefined ? row.value : row.values?.[column];
// Exact: the derived figures are exact (money in fen, printed without rounding), so a filed figure
// agrees only when it states the same decimal — a filed 5949.0887 against 5949.088667 万元 differs.
const same = (a: number, b: number): boolean => a === b;
const sameFigures = (a: FiledTable, b: FiledTable): boolean =>
  JSON.stringify(a.figures.map((f) => [normalizeLabel(f.label), f.column ?? null, f.value])) ===
  JSON.stringify(b.figures.map((f) => [normalizeLabel(f.label), f.column ?? null, f.value]));

export function reconcile(
  template: Template,
  derivedTables: readonly ReportTable[],
  filed: FiledReport,
  /** What the derived report knows and the filed tables may not state (requests carried over). */
  context: CheckContext = {},
): Reconciliation {
  const discrepancies: Discrepancy[] = [];
  const violations: Check[] = [];
  const unmatched: Unmatched[] = [];
  const allRefs = rowIndex(derivedTables);

  // Tables printed more than once: the first copy is compared, every copy is reported.
  const firstCopies: Array<{ filed: FiledTable; table: ReportTable | undefined }> = [];
  const seen = new Map<string, FiledTable[]>();
  for (const t of filed.tables) {
    const table = t.table === BODY_TEXT ? undefined : resolveTable(derivedTables, t.table);
    const key = t.table === BODY_TEXT ? BODY_TEXT : (table?.id ?? `?${t.table}`);
    const copies = seen.get(key);
    if (copies) copies.push(t);
    else {
      seen.set(key, [t]);
      firstCopies.push({ filed: t, table });
    }
  }
  for (const [key, copies] of seen) {
    const [first, ...others] = copies;
    if (!first || others.length === 0) continue;
    const title = derivedTables.find((t) => t.id === key)?.title ?? first.table;
    const identical = others.every((c) => sameFigures(c, first));
    violations.push({
      rule: 'filed.table-printed-more-than-once',
      holds: false,
      detail: `${title} is printed ${copies.length} times${identical ? ' (identical copies)' : ' with different figures'}`,
    });
  }

  // The filed figures of the tables, placed where the derived report has them.
  const filedFigures: Figure[] = [];
  const bodyText: Array<{ figure: FiledFigure; ref: RowRef }> = [];
  for (const { filed: t, table } of firstCopies) {
    if (t.table !== BODY_TEXT && !table) {
      for (const f of t.figures) unmatched.push({ table: t.table, label: f.label, reason: 'unknown-table' });
      continue;
    }
    const refs = table ? allRefs.filter((r) => r.table.id === table.id) : allRefs;
    for (const figure of t.figures) {
      const ref = resolveRow(refs, figure);
      if (ref === undefined || ref === 'ambiguous') {
        unmatched.push({
          table: t.table,
          label: figure.label,
          reason: ref === 'ambiguous' ? 'ambiguous-label' : 'unknown-label',
        });
        continue;
      }
      if (table) filedFigures.push({ table: table.id, path: ref.path, column: figure.column, value: figure.value });
      else bodyText.push({ figure, ref });
      const derived = valueOf(ref.row, figure.column);
      if (derived === undefined || !same(derived, figure.value)) {
        discrepancies.push({
          table: table ? table.title : BODY_TEXT,
          path: ref.path,
          ...(figure.column !== undefined ? { column: figure.column } : {}),
          filed: figure.value,
          derived: derived ?? null,
        });
      }
    }
  }

  // The filed report's own identities, on its own figures: its tables, and where no table states a
  // figure, its body text.
  const pathKey = (table: string, path: readonly string[], column?: string): string =>
    `${table}\u0000${path.join('\u0000')}\u0000${column ?? ''}`;
  const inTables = new Set(filedFigures.map((x) => pathKey(x.table, x.path, x.column)));
  const fromText = bodyText
    .filter((b) => !inTables.has(pathKey(b.ref.table.id, b.ref.path, b.figure.column)))
    .map((b) => ({ table: b.ref.table.id, path: b.ref.path, column: b.figure.column, value: b.figure.value }));
  const filedTables = tablesWithFigures(derivedTables, [...filedFigures, ...fromText]);
  const carried = filed.tables
    .flatMap((t) => t.figures)
    .find((f) => normalizeLabel(f.label) === normalizeLabel('上年结转'))?.value;
  violations.push(
    ...checksFor(template, filedTables, carried !== undefined ? { carriedInRequests: carried } : context).filter(
      (c) => !c.holds,
    ),
  );

  // What the body text says against what the filed tables say.
  const filedRefs = rowIndex(filedTables);
  for (const { figure, ref } of bodyText) {
    const inTable = filedRefs.find(
      (r) => r.table.id === ref.table.id && r.path.join('\u0000') === ref.path.join('\u0000'),
    );
    const tableValue = inTable ? valueOf(inTable.row, figure.column) : undefined;
    if (tableValue !== undefined && !same(tableValue, figure.value)) {
      violations.push({
        rule: 'filed.text-contradicts-table',
        holds: false,
        detail: `${BODY_TEXT} ${ref.row.label} ${figure.value} ≠ ${ref.table.title} ${ref.row.label} ${tableValue}`,
      });
    }
  }

  const stated = new Set([...inTables, ...fromText.map((x) => pathKey(x.table, x.path, x.column))]);
  const unfiled = figuresOf(derivedTables)
    .filter((f) => !stated.has(pathKey(f.table, f.path, f.column)))
    .map((f) => `${f.table}: ${f.path.join(' / ')}${f.column !== undefined ? ` [${f.column}]` : ''}`);

  return {
    consistent: discrepancies.length === 0 && violations.length === 0,
    discrepancies,
    violations,
    unmatched,
    unfiled,
  };
}
