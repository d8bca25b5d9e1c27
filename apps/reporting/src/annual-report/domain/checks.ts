// The balancing identities (勾稽关系, REPORTS §2) evaluated on a report's tables. They read the
// tables by label only, so the same code checks a derived report (where a failure is a bug) and a
// hand-filed one (where a failure is what the office must fix). An identity with a figure missing
// is not evaluated.
import { type Check, type ReportRow, type ReportTable, rowAt } from './report-model.js';
import { APPEAL_COLUMNS, L2008, LNAT, T2008, TNAT } from './templates.js';
import {
  CHANNEL_ROW_LABELS,
  CHANNELS,
  ERA2008_CATEGORY_LABELS,
  ERA2008_REFUSAL_LABELS,
  ERA2008_REFUSAL_REASONS,
  NATIONAL_APPLICANT_COLUMNS,
  TOTAL_COLUMN,
  type Template,
} from './vocabulary.js';

export interface CheckContext {
  /**
   * Requests carried over from the previous year. The 2008-era table has no row for them, yet a
   * request received last year may be replied to this year; a derived report knows the number.
   */
  readonly carriedInRequests?: number;
}

const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
const fmt = (n: number): string => String(Math.round(n * 1e6) / 1e6);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function tableOf(tables: readonly ReportTable[], id: string): ReportTable | undefined {
  return tables.find((t) => t.id === id);
}

const valueAt = (t: ReportTable | undefined, path: readonly string[]): number | undefined => rowAt(t, path)?.value;

/** The figures with their values, when every one of them is present; else undefined. */
function allPresent(
  parts: ReadonlyArray<{ label: string; value: number | undefined }>,
): Array<{ label: string; value: number }> | undefined {
  const present = parts.flatMap((p) => (p.value === undefined ? [] : [{ label: p.label, value: p.value }]));
  return present.length === parts.length ? present : undefined;
}

/** `total = Σ parts` when every figure is present. */
function sumCheck(
  rule: string,
  total: { label: string; value: number | undefined },
  parts: ReadonlyArray<{ label: string; value: number | undefined }>,
): Check | undefined {
  const present = allPresent(parts);
  if (total.value === undefined || !present) return undefined;
  const s = sum(present.map((p) => p.value));
  const holds = same(total.value, s);
  return {
    rule,
    holds,
    detail:
      `${total.label} ${fmt(total.value)} ${holds ? '=' : '≠'} ` +
      present.map((p) => `${p.label} ${fmt(p.value)}`).join(' + ') +
      (holds ? '' : ` (= ${fmt(s)})`),
  };
}

export function checks2008(tables: readonly ReportTable[], context: CheckContext = {}): Check[] {
  const out: Array<Check | undefined> = [];
  const pub = tableOf(tables, T2008.publications.id);
  const req = tableOf(tables, T2008.requests.id);
  const spend = tableOf(tables, T2008.spending.id);
  const enf = tableOf(tables, T2008.enforcement.id);

  const published = valueAt(pub, [L2008.published]);
  const fullText = valueAt(pub, [L2008.published, L2008.fullText]);
  if (published !== undefined && fullText !== undefined) {
    out.push({
      rule: '2008-1.full-text-within-published',
      holds: fullText <= published,
      detail: `${L2008.fullText} ${fmt(fullText)} ${fullText <= published ? '≤' : '>'} ${L2008.published} ${fmt(published)}`,
    });
  }

  const received = valueAt(req, [L2008.received]);
  out.push(
    sumCheck(
      '2008-2.received-equals-channels',
      { label: L2008.received, value: received },
      CHANNELS.map((c) => ({
        label: CHANNEL_ROW_LABELS[c],
        value: valueAt(req, [L2008.received, CHANNEL_ROW_LABELS[c]]),
      })),
    ),
  );
  const replyParts = Object.values(ERA2008_CATEGORY_LABELS).map((label) => ({
    label,
    value: valueAt(req, [L2008.replies, label]),
  }));
  out.push(
    sumCheck(
      '2008-2.replies-equal-breakdown',
      { label: L2008.replies, value: valueAt(req, [L2008.replies]) },
      replyParts,
    ),
  );
  out.push(
    sumCheck(
      '2008-2.refused-equals-reasons',
      {
        label: ERA2008_CATEGORY_LABELS.refused,
        value: valueAt(req, [L2008.replies, ERA2008_CATEGORY_LABELS.refused]),
      },
      ERA2008_REFUSAL_REASONS.map((r) => ({
        label: ERA2008_REFUSAL_LABELS[r],
        value: valueAt(req, [L2008.replies, ERA2008_CATEGORY_LABELS.refused, ERA2008_REFUSAL_LABELS[r]]),
      })),
    ),
  );
  // One outcome per request: the replies listed cannot outnumber the requests there were to reply to.
  const presentReplies = allPresent(replyParts);
  if (received !== undefined && presentReplies) {
    const listed = presentReplies.filter((p) => p.value !== 0);
    const replies = sum(presentReplies.map((p) => p.value));
    const carried = context.carriedInRequests ?? 0;
    const holds = replies <= received + carried;
    out.push({
      rule: '2008-2.one-outcome-per-request',
      holds,
      detail:
        `${(listed.length ? listed : presentReplies.slice(0, 1)).map((p) => `${p.label} ${fmt(p.value)}`).join(' + ')} = ` +
        `${fmt(replies)} ${holds ? '≤' : '>'} ${L2008.received} ${fmt(received)}` +
        ` + 上年结转 ${fmt(carried)}`,
    });
  }

  out.push(
    sumCheck('2008-5.staff-equals-full-and-part-time', { label: L2008.staff, value: valueAt(spend, [L2008.staff]) }, [
      { label: L2008.fullTime, value: valueAt(spend, [L2008.staff, L2008.fullTime]) },
      { label: L2008.partTime, value: valueAt(spend, [L2008.staff, L2008.partTime]) },
    ]),
  );

  const filed = valueAt(enf, [L2008.discovered, L2008.filed]);
  const cityFiled = valueAt(enf, [L2008.cityFiled]);
  const cityClosed = valueAt(enf, [L2008.cityClosed]);
  const rate = valueAt(enf, [L2008.closureRate]);
  if (filed !== undefined && cityFiled !== undefined) {
    out.push({
      rule: '2008-enforcement.city-filed-within-filed',
      holds: cityFiled <= filed,
      detail: `${L2008.cityFiled} ${fmt(cityFiled)} ${cityFiled <= filed ? '≤' : '>'} ${L2008.filed} ${fmt(filed)}`,
    });
  }
  if (cityFiled !== undefined && cityClosed !== undefined) {
    out.push({
      rule: '2008-enforcement.city-closed-within-filed',
      holds: cityClosed <= cityFiled,
      detail: `${L2008.cityClosed} ${fmt(cityClosed)} ${cityClosed <= cityFiled ? '≤' : '>'} ${L2008.cityFiled} ${fmt(cityFiled)}`,
    });
    if (rate !== undefined && cityFiled > 0) {
      const expected = Math.round((1000 * cityClosed) / cityFiled) / 10;
      const holds = Math.abs(rate - expected) <= 0.05 + 1e-9;
      out.push({
        rule: '2008-enforcement.closure-rate',
        holds,
        detail: `${L2008.closureRate} ${fmt(rate)}% ${holds ? '=' : '≠'} ${fmt(cityClosed)} / ${fmt(cityFiled)} = ${fmt(expected)}%`,
      });
    }
  }
  return out.filter((c): c is Check => c !== undefined);
}

/** Every row with `values` in a table, with its label path. */
function rowsWithValues(
  rows: readonly ReportRow[],
  parents: readonly string[] = [],
): Array<{ path: string[]; row: ReportRow }> {
  return rows.flatMap((r) => [
    ...(r.values ? [{ path: [...parents, r.label], row: r }] : []),
    ...(r.children ? rowsWithValues(r.children, [...parents, r.label]) : []),
  ]);
}

export function checksNational(tables: readonly ReportTable[]): Check[] {
  const out: Check[] = [];
  const req = tableOf(tables, TNAT.requests.id);
  if (req) {
    const results = rowAt(req, [LNAT.results]);
    const outcomeLeaves = (results?.children ?? [])
      .filter((r) => r.label !== LNAT.total)
      .flatMap((r) => (r.children ? r.children : [r]));
    for (const col of NATIONAL_APPLICANT_COLUMNS) {
      const v = (path: string[]): number | undefined => rowAt(req, path)?.values?.[col];
      const one = v([LNAT.received]);
      const two = v([LNAT.carriedIn]);
      const seven = v([LNAT.results, LNAT.total]);
      const four = v([LNAT.carriedOut]);
      if (one !== undefined && two !== undefined && seven !== undefined && four !== undefined) {
        const holds = same(one + two, seven + four);
        out.push({
          rule: `national-3.balance.${col}`,
          holds,
          detail: `${col}：一 ${fmt(one)} + 二 ${fmt(two)} ${holds ? '=' : '≠'} 三（七） ${fmt(seven)} + 四 ${fmt(four)}`,
        });
      }
      const leafValues = outcomeLeaves.map((l) => ({ label: l.label, value: l.values?.[col] }));
      const c = sumCheck(
        `national-3.outcome-total.${col}`,
        { label: `${col} ${LNAT.total}`, value: seven },
        leafValues,
      );
      const leaves = allPresent(leafValues);
      // A check was made: the total and every leaf are present.
      if (c && seven !== undefined && leaves) {
        // The sum names only the rows that are not zero, to stay readable.
        const nonZero = leaves.filter((l) => l.value !== 0);
        out.push({
          ...c,
          detail:
            `${col} ${LNAT.total} ${fmt(seven)} ${c.holds ? '=' : '≠'} ` +
            (nonZero.length ? nonZero.map((l) => `${l.label} ${fmt(l.value)}`).join(' + ') : '0') +
            ` (${leafValues.length} outcome rows)`,
        });
      }
    }
    out.push(
      columnTotalsCheck(
        'national-3.total-column',
        req,
        NATIONAL_APPLICANT_COLUMNS.filter((c) => c !== TOTAL_COLUMN),
      ),
    );
  }
  const appeals = tableOf(tables, TNAT.appeals.id);
  if (appeals)
    out.push(
      columnTotalsCheck(
        'national-4.total',
        appeals,
        APPEAL_COLUMNS.filter((c) => c !== TOTAL_COLUMN),
      ),
    );
  return out;
}

/** In every row, 总计 = the sum of the given columns. */
function columnTotalsCheck(rule: string, table: ReportTable, parts: readonly string[]): Check {
  const failures: string[] = [];
  let evaluated = 0;
  for (const { path, row } of rowsWithValues(table.rows)) {
    const total = row.values?.[TOTAL_COLUMN];
    const values = parts.map((p) => row.values?.[p]);
    if (total === undefined || values.some((x) => x === undefined)) continue;
    evaluated++;
    const s = sum(values as number[]);
    if (!same(total, s)) failures.push(`${path.join(' / ')}: ${TOTAL_COLUMN} ${fmt(total)} ≠ ${fmt(s)}`);
  }
  return {
    rule,
    holds: failures.length === 0,
    detail: failures.length ? failures.join('; ') : `${TOTAL_COLUMN} = ${parts.join(' + ')} in all ${evaluated} rows`,
  };
}

export function checksFor(template: Template, tables: readonly ReportTable[], context: CheckContext = {}): Check[] {
  return template === '2008' ? checks2008(tables, context) : checksNational(tables);
}
