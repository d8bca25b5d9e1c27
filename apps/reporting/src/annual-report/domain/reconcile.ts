// Reconciliation of a hand-filed report (figures typed in, keyed by the printed labels) against the
// derived one: every figure that differs, every balancing identity the filed report breaks on its
// own, figures its body text (正文) states differently from its tables, and tables printed twice.
// Labels are matched by meaning, not by spelling: a typed-in or published report copies them by
// hand, with its own numbering (「（三）1.」 where the product nests 1. under （三）), punctuation,
// full- or half-width forms and explanatory parentheticals (「（二）部分公开」 for the product's
// 「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」). What cannot be matched is listed as
// unmatched with the closest candidates — never guessed, never a discrepancy against nothing.
import { type CheckContext, checksFor } from './checks.js';
import { TABLE_KEYS } from './cell-address.js';
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
  /** Label path from the top of the table (or its last levels), when the label alone is ambiguous. */
  readonly path?: readonly string[];
  readonly column?: string;
  readonly value: number;
}

export interface FiledTable {
  /**
   * A table id (`2008-2`), its title (`三、收到和处理政府信息公开申请情况`, with or without its
   * number), its section number or the title's first word (`三`, `附表二`), or 正文.
   */
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
  /** The derived column the filed figure was matched to. */
  readonly column?: string;
  readonly filed: number;
  readonly derived: number;
}

export interface Unmatched {
  readonly table: string;
  readonly label: string;
  readonly column?: string;
  /**
   * unknown-table: no table of the template by that name; unknown-label: no row by that label;
   * ambiguous-label: several rows (give a path); unknown-column: the row has no such column (or
   * several and none was named); no-figure: the label is a heading that holds no figure, or the
   * derived report has no figure there yet (a fact the office has not declared).
   */
  readonly reason: 'unknown-table' | 'unknown-label' | 'ambiguous-label' | 'unknown-column' | 'no-figure';
  /** The closest names the filing could have meant, closest first (tables, label paths, or columns). */
  readonly candidates: readonly string[];
}

export interface Reconciliation {
  /**
   * True only when every filed figure was matched and agrees, at least one was filed, and the filed
   * report breaks no identity.
   */
  readonly consistent: boolean;
  readonly discrepancies: readonly Discrepancy[];
  /** What the filed report gets wrong on its own: identities, text against tables, duplicates. */
  readonly violations: readonly Check[];
  readonly unmatched: readonly Unmatched[];
  /** Derived figures the filing does not state at all (label paths). */
  readonly unfiled: readonly string[];
}

const NUMERAL = '[一二三四五六七八九十]+|\\d+';
/**
 * The numbering a printed label may start with, one level of it: 「一、」 「（三）」 「(3)」 「1.」 「1、」,
 * and 「其中：」 (of which). A published label may stack several: 「（三）1.」, 「其中：1.」.
 */
const LEADING_NUMBERING = new RegExp(`^(?:其中:?|\\((?:${NUMERAL})\\)|(?:${NUMERAL})[、.])`);
/** A parenthetical that explains rather than numbers: 「（区分处理的，只计这一情形…）」 「（单位：万元）」. */
const EXPLANATION = new RegExp(`\\((?!(?:${NUMERAL})\\))[^()]*\\)`, 'g');

/**
 * Label key for matching by meaning: unifies full/half width (NFKC), drops every level of leading
 * numbering and 其中, explanatory parentheticals (a numbering one such as 第二十条第（一）项 stays),
 * then all punctuation, quotes and spaces.
 */
export function normalizeLabel(label: string): string {
  let s = label.normalize('NFKC').replace(/[\s"'“”‘’「」『』]/g, '');
  for (let stripped = s.replace(LEADING_NUMBERING, ''); stripped !== s; stripped = s.replace(LEADING_NUMBERING, '')) {
    s = stripped;
  }
  return s.replace(EXPLANATION, '').replace(/[\p{P}\p{S}]/gu, '');
}

/**
 * Column key: as a label, and without the group heading a published table prints above the five
 * kinds of organisation (法人或其他组织 商业企业 → 商业企业).
 */
const normalizeColumn = (column: string): string => normalizeLabel(column).replace(/^法人或其他组织(?=.)/, '');

/** Dice coefficient of character bigrams: how alike two normalized labels are, 0 … 1. */
export function similarity(a: string, b: string): number {
  const grams = (s: string): string[] => (s.length < 2 ? [s] : [...s].slice(1).map((c, i) => `${s[i]}${c}`));
  const left = grams(a);
  const right = new Map<string, number>();
  for (const g of grams(b)) right.set(g, (right.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of left) {
    const n = right.get(g) ?? 0;
    if (n > 0) {
      common++;
      right.set(g, n - 1);
    }
  }
  return (2 * common) / (left.length + grams(b).length);
}

/** The names closest to `wanted` (each scored on its key), at most `limit`, closest first. */
function closest(wanted: string, names: readonly string[], key: (name: string) => string, limit = 3): string[] {
  const w = key(wanted);
  return [...new Set(names)]
    .map((name) => ({ name, score: similarity(w, key(name)) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((x) => x.name);
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
    (t) =>
      t.id === name ||
      TABLE_KEYS[t.id] === name.normalize('NFKC').trim() ||
      normalizeLabel(t.title) === n ||
      normalizeLabel(t.title.split(/\s+/)[0] ?? '') === n,
  );
}

/** Paths print as 「三、本年度办理结果 / （一）予以公开」. */
const printed = (path: readonly string[]): string => path.join(' / ');

/** Where a filed figure sits in the derived tables: a row and, for a row with columns, the column. */
type Placement = { readonly ref: RowRef; readonly column?: string };
type Unplaced = Pick<Unmatched, 'reason' | 'candidates'>;

/**
 * The row a filed figure names: by its path when it gives one (the path may omit levels from the
 * top: 「（三）不予公开 / 1.属于国家秘密」), else by its label anywhere in the table; then its column.
 */
function place(refs: readonly RowRef[], figure: FiledFigure): Placement | Unplaced {
  const wanted = (figure.path ?? [figure.label]).map(normalizeLabel);
  const matches = refs.filter((r) => {
    const tail = r.path.slice(r.path.length - wanted.length);
    return tail.length === wanted.length && tail.every((label, i) => normalizeLabel(label) === wanted[i]);
  });
  const [ref, ...more] = matches;
  if (!ref) {
    const names = refs.map((r) => printed(r.path));
    return {
      reason: 'unknown-label',
      candidates: closest(printed(figure.path ?? [figure.label]), names, labelPathKey),
    };
  }
  if (more.length > 0) return { reason: 'ambiguous-label', candidates: matches.map((m) => printed(m.path)) };
  const columns = Object.keys(ref.row.values ?? {});
  if (figure.column === undefined) {
    if (ref.row.value !== undefined) return { ref };
    // A row with one column (二's 行政许可 …本年处理决定数量) needs no column named.
    const [only, ...others] = columns;
    if (only !== undefined && others.length === 0) return { ref, column: only };
    if (columns.length > 0) return { reason: 'unknown-column', candidates: columns };
    return { reason: 'no-figure', candidates: (ref.row.children ?? []).map((c) => printed([...ref.path, c.label])) };
  }
  const wantedColumn = normalizeColumn(figure.column);
  const column = columns.find((c) => normalizeColumn(c) === wantedColumn);
  if (column !== undefined) return { ref, column };
  // A row without columns named with its own single figure's heading: nothing to match it to.
  return { reason: 'unknown-column', candidates: closest(figure.column, columns, normalizeColumn) };
}

const labelPathKey = (p: string): string => p.split(' / ').map(normalizeLabel).join('/');
const placed = (p: Placement | Unplaced): p is Placement => 'ref' in p;

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
  const bodyText: Array<{ figure: FiledFigure; ref: RowRef; column?: string }> = [];
  for (const { filed: t, table } of firstCopies) {
    const columnOf = (f: FiledFigure) => (f.column !== undefined ? { column: f.column } : {});
    if (t.table !== BODY_TEXT && !table) {
      // Every table of the template, closest first: a template has only a handful.
      const titles = derivedTables.map((d) => d.title);
      const candidates = closest(t.table, titles, normalizeLabel, titles.length);
      for (const f of t.figures)
        unmatched.push({ table: t.table, label: f.label, ...columnOf(f), reason: 'unknown-table', candidates });
      continue;
    }
    const refs = table ? allRefs.filter((r) => r.table.id === table.id) : allRefs;
    for (const figure of t.figures) {
      const where = place(refs, figure);
      if (!placed(where)) {
        unmatched.push({ table: t.table, label: figure.label, ...columnOf(figure), ...where });
        continue;
      }
      const { ref, column } = where;
      const derived = valueOf(ref.row, column);
      if (derived === undefined) {
        // The derived report has no figure there yet (a declared fact not declared): nothing to agree with.
        unmatched.push({
          table: t.table,
          label: figure.label,
          ...columnOf(figure),
          reason: 'no-figure',
          candidates: [],
        });
        continue;
      }
      if (table) filedFigures.push({ table: table.id, path: ref.path, column, value: figure.value });
      else bodyText.push({ figure, ref, ...(column !== undefined ? { column } : {}) });
      if (!same(derived, figure.value)) {
        discrepancies.push({
          table: table ? table.title : BODY_TEXT,
          path: ref.path,
          ...(column !== undefined ? { column } : {}),
          filed: figure.value,
          derived,
        });
      }
    }
  }

  // The filed report's own identities, on its own figures: its tables, and where no table states a
  // figure, its body text.
  const cellKey = (table: string, path: readonly string[], column?: string): string =>
    `${table}\u0000${path.join('\u0000')}\u0000${column ?? ''}`;
  const inTables = new Set(filedFigures.map((x) => cellKey(x.table, x.path, x.column)));
  const fromText = bodyText
    .filter((b) => !inTables.has(cellKey(b.ref.table.id, b.ref.path, b.column)))
    .map((b) => ({ table: b.ref.table.id, path: b.ref.path, column: b.column, value: b.figure.value }));
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
  for (const { figure, ref, column } of bodyText) {
    const inTable = filedRefs.find(
      (r) => r.table.id === ref.table.id && r.path.join('\u0000') === ref.path.join('\u0000'),
    );
    const tableValue = inTable ? valueOf(inTable.row, column) : undefined;
    if (tableValue !== undefined && !same(tableValue, figure.value)) {
      violations.push({
        rule: 'filed.text-contradicts-table',
        holds: false,
        detail: `${BODY_TEXT} ${ref.row.label} ${figure.value} ≠ ${ref.table.title} ${ref.row.label} ${tableValue}`,
      });
    }
  }

  const stated = new Set([...inTables, ...fromText.map((x) => cellKey(x.table, x.path, x.column))]);
  const unfiled = figuresOf(derivedTables)
    .filter((f) => !stated.has(cellKey(f.table, f.path, f.column)))
    .map((f) => `${f.table}: ${f.path.join(' / ')}${f.column !== undefined ? ` [${f.column}]` : ''}`);

  const matched = filedFigures.length + bodyText.length;
  return {
    consistent: matched > 0 && unmatched.length === 0 && discrepancies.length === 0 && violations.length === 0,
    discrepancies,
    violations,
    unmatched,
    unfiled,
  };
}
