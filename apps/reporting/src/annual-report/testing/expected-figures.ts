// Test support: compares a derived report with the generator's own record of what it created.
import { figuresOf, type ReportTable } from '../domain/report-model.js';
import { type DeclaredFacts } from '../domain/templates.js';
import { type GeneratedYear } from './year-generator.js';

const keyOf = (f: { table: string; path: readonly string[]; column?: string }): string =>
  `${f.table}|${f.path.join('/')}|${f.column ?? ''}`;

/** The generator's expected value of a figure, with the unit conversions the tables print. */
function expectedValue(
  generated: GeneratedYear,
  agencies: readonly string[],
  declared: DeclaredFacts | undefined,
  key: string,
): number | undefined {
  const [table, path, column] = key.split('|') as [string, string, string];
  const e = (t: string, p: string, c = ''): number => generated.expected.get(agencies, t, p, c);
  switch (`${table}|${path}`) {
    case '2008-5|政府信息公开指定专职人员总数':
      return declared && declared.fullTimeStaff + declared.partTimeStaff;
    case '2008-5|政府信息公开指定专职人员总数/全职人员数':
      return declared?.fullTimeStaff;
    case '2008-5|政府信息公开指定专职人员总数/兼职人员数':
      return declared?.partTimeStaff;
    case '2008-5|处理政府信息公开的实际支出':
      return declared?.expenditureWanYuan;
    case '2008-enforcement|市本级结案率': {
      const filed = e(table, '市本级立案查处');
      return filed > 0 ? Math.round((1000 * e(table, '市本级结案')) / filed) / 10 : undefined;
    }
    case '2008-enforcement|拆除违法建设面积':
      return Math.round(e(table, path) / 100) / 100;
    case '2008-enforcement|认定闲置土地面积':
    case '2008-enforcement|涉及面积':
      return Math.round(e(table, path) * 100) / 100;
    // The generator records money in whole fen; the tables print 元 or 万元, exactly.
    case 'national-2|第二十条第（八）项/行政事业性收费':
      return e(table, path, column) / 1_000_000;
    case '2008-5|收取费用总数':
    case 'national-fees|发出收费通知的总金额':
    case 'national-fees|实际收取的总金额':
      return e(table, path, column) / 100;
    default:
      return e(table, path, column);
  }
}

/** Money must agree exactly (1 fen is 0.000001 万元, below any tolerance); rounded rates and areas within 1e-6. */
const MONEY_KEYS = /^(2008-5\|收取费用总数|national-fees\|.*总金额|national-2\|第二十条第（八）项)/;
const agrees = (key: string, derived: number, expected: number): boolean =>
  MONEY_KEYS.test(key) ? derived === expected : Math.abs(derived - expected) <= 1e-6;

export interface Mismatch {
  readonly key: string;
  readonly derived: number | undefined;
  readonly expected: number | undefined;
}

/**
 * Every figure of the tables that differs from the generator's record, and every figure the
 * generator recorded that the tables lack (under `prefix`, e.g. `2008-`).
 */
export function mismatches(
  tables: readonly ReportTable[],
  generated: GeneratedYear,
  agencies: readonly string[],
  declared: DeclaredFacts | undefined,
  prefix: string,
): Mismatch[] {
  const derived = figuresOf(tables);
  const out: Mismatch[] = derived
    .map((f) => ({ key: keyOf(f), derived: f.value, expected: expectedValue(generated, agencies, declared, keyOf(f)) }))
    .filter((m) => m.expected === undefined || !agrees(m.key, m.derived, m.expected));
  const present = new Set(derived.map(keyOf));
  for (const key of generated.expected.keys(agencies)) {
    if (key.startsWith(prefix) && !present.has(key)) out.push({ key, derived: undefined, expected: undefined });
  }
  return out;
}
