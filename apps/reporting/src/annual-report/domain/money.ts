// Money in the report. Amounts are kept and added as whole fen (分, 0.01 yuan) — integers, so a sum
// is exact whatever the order — and are turned into the unit a table prints (元, or 万元 = 10,000
// yuan, where 1 fen = 0.000001 万元) only when a table row is built, by one division. Nothing is
// rounded: a filed 5949.088667 万元 is 5,949,088,667 fen and prints back as 5949.088667, never as
// 5949.0887.
//
// Why one division is exact enough to print: for an integer n below 10^15, n / 10^k (k ≤ 6) is the
// double nearest to the decimal n·10^-k, and that decimal has at most 15 significant digits, so the
// shortest decimal that reads back as the same double (what String(), JSON and the renderers print)
// is that decimal itself. Adding the converted amounts instead (0.1 + 0.2 = 0.30000000000000004) is
// what must never happen; `formatFen` states the same decimal from the integer alone, for tests and
// for any output that wants the digits without going through a double.

/** A whole number of fen. */
export type Fen = number;

/** The largest amount the report prints exactly: 10^15 fen (10 billion 万元). */
export const MAX_FEN = 10 ** 15;

/** Units a money row can print in, with their size in fen. */
export const MONEY_UNITS = { 元: 100, 万元: 1_000_000 } as const;
export type MoneyUnit = keyof typeof MONEY_UNITS;

function checkFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen) || Math.abs(fen) >= MAX_FEN) {
    throw new RangeError(`not a whole number of fen below 10^15: ${fen}`);
  }
}

/** Sums fen exactly (every part must be whole). */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const a of amounts) {
    checkFen(a);
    total += a;
  }
  checkFen(total);
  return total;
}

/** The amount in `unit`, as the number whose shortest decimal is the exact amount. */
export function fenIn(fen: Fen, unit: MoneyUnit): number {
  checkFen(fen);
  return fen / MONEY_UNITS[unit];
}

/** The exact decimal of `fen` in `unit`, with as many decimals as it has (none for whole amounts). */
export function formatFen(fen: Fen, unit: MoneyUnit): string {
  checkFen(fen);
  const places = String(MONEY_UNITS[unit]).length - 1;
  const digits = String(Math.abs(fen)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${fen < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The whole fen a decimal amount in `unit` states, or undefined when it states a fraction of a fen
 * (more decimals than the unit has fen places, e.g. 7 decimals of 万元). Read from the number's
 * shortest decimal, so 0.3 万元 is 300,000 fen although 0.3 is not exactly representable.
 */
export function fenOf(amount: number, unit: MoneyUnit): Fen | undefined {
  if (!Number.isFinite(amount)) return undefined;
  const places = String(MONEY_UNITS[unit]).length - 1;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!m) return undefined; // exponent notation: below 1e-6 or beyond 1e21, never a whole fen amount here
  const fraction = m[3] ?? '';
  if (fraction.length > places) return undefined;
  const fen = Number(`${m[2]}${fraction.padEnd(places, '0')}`);
  if (!Number.isSafeInteger(fen) || fen >= MAX_FEN) return undefined;
  return m[1] === '-' ? -fen : fen;
}
