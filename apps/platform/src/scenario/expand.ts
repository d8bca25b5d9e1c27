// Expands a compact scenario into concrete HTTP steps (pure and deterministic).
import { createHash } from 'node:crypto';
import { type CaseTemplate, type Scenario, type Step } from './format.js';

export interface ConcreteStep {
  readonly method: Step['method'];
  /** May still hold {{id}}, filled in from the create response at run time. */
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
  readonly ifMatch: boolean;
}

export interface ConcreteCase {
  readonly template: string;
  readonly n: number;
  readonly date: string;
  readonly steps: readonly ConcreteStep[];
}

const DAY_MS = 86_400_000;
const toDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const fmt = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return fmt(new Date(toDate(iso).getTime() + days * DAY_MS));
}

/** Saturday and Sunday move to the following Monday (clerks record on working days). */
export function toWeekday(iso: string): string {
  const dow = toDate(iso).getUTCDay();
  return dow === 6 ? addDays(iso, 2) : dow === 0 ? addDays(iso, 1) : iso;
}

/** The i-th of `count` dates spread evenly over [from, to]. */
export function spreadDate(from: string, to: string, i: number, count: number): string {
  const span = Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
  const offset = count === 1 ? 0 : Math.floor((i * span) / (count - 1));
  const raw = addDays(from, offset);
  const forward = toWeekday(raw);
  if (forward <= to) return forward;
  // A weekend at the end of the range goes back to the Friday before, if that is still inside.
  const friday = addDays(raw, toDate(raw).getUTCDay() === 6 ? -1 : -2);
  return friday >= from ? friday : raw;
}

const labelHash = (label: string): string => createHash('sha256').update(label).digest('hex').slice(0, 12);

export function fill(template: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(template);
    // A string that is exactly one numeric placeholder becomes a number ({{n}} in a count field).
    if (whole && whole[1] === 'n') return Number(vars.n);
    return template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, vars));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, vars)]));
  }
  return template;
}

export function expandTemplate(scenario: Scenario, template: CaseTemplate): ConcreteCase[] {
  const cases: ConcreteCase[] = [];
  for (let n = 0; n < template.count; n++) {
    const date = spreadDate(template.dates.from, template.dates.to, n, template.count);
    // Labels are Chinese; the key holds a short hash of the label instead.
    const key = `${scenario.name}.${labelHash(template.label)}.${n}`;
    const steps = template.steps.map((step, i) => {
      const vars = { date: addDays(date, step.afterDays), n: String(n), key, year: String(scenario.year) };
      return {
        method: step.method,
        path: String(fill(step.path, vars)),
        body: fill(step.body ?? {}, vars),
        idempotencyKey: `${key}:${i}`.slice(0, 200),
        ifMatch: i > 0 && !step.noIfMatch,
      };
    });
    cases.push({ template: template.label, n, date, steps });
  }
  return cases;
}

export const expandScenario = (scenario: Scenario): ConcreteCase[] =>
  scenario.cases.flatMap((t) => expandTemplate(scenario, t));
