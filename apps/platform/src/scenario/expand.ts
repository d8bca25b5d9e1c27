// Expands a compact scenario into concrete HTTP steps (pure and deterministic).
import { createHash } from 'node:crypto';
import { SERVICES, type ServiceName } from '#contracts';
import { addDays, dayNumber, isWeekend, weekday } from '#contracts/legal-time';
import { streamIdForCreate } from '#event-sourcing';
import { type CaseTemplate, type Scenario, type Step } from './format.js';

export interface ConcreteStep {
  readonly method: Step['method'];
  /** May still hold {{id}}, filled in from the create response at run time. */
  readonly path: string;
  readonly body: unknown;
  /** `application/json`, or `application/x-ndjson` for a bulk upload (then `body` is the text). */
  readonly contentType: string;
  readonly idempotencyKey: string;
  readonly ifMatch: boolean;
}

export interface ConcreteCase {
  readonly template: string;
  readonly n: number;
  readonly date: string;
  readonly steps: readonly ConcreteStep[];
}

/** Saturday and Sunday move to the following Monday (clerks record on working days). */
export function toWeekday(iso: string): string {
  if (!isWeekend(iso)) return iso;
  return addDays(iso, weekday(iso) === 6 ? 2 : 1);
}

/** The i-th of `count` dates spread evenly over [from, to]. */
export function spreadDate(from: string, to: string, i: number, count: number): string {
  const span = dayNumber(to) - dayNumber(from);
  const offset = count === 1 ? 0 : Math.floor((i * span) / (count - 1));
  const raw = addDays(from, offset);
  const forward = toWeekday(raw);
  if (forward <= to) return forward;
  // A weekend at the end of the range goes back to the Friday before, if that is still inside.
  const friday = addDays(raw, weekday(raw) === 6 ? -1 : -2);
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

// Labels are Chinese; a case's key holds a short hash of its template's label instead.
const caseKey = (scenario: Scenario, label: string, n: number): string => `${scenario.name}.${labelHash(label)}.${n}`;
const stepKey = (key: string, step: number): string => `${key}:${step}`.slice(0, 200);

/**
 * The id the services give case n of a template: its create command carries an Idempotency-Key, and
 * the case id is derived from it and the agency (`streamIdForCreate`), so a scenario can name another
 * case's id.
 */
export function caseIdOf(scenario: Scenario, label: string, n: number): string {
  const template = scenario.cases.find((t) => t.label === label);
  if (!template || n < 0 || n >= template.count) throw new RangeError(`{{idOf:${label}#${n}}}: no such case`);
  const create = template.steps[0];
  if (!create) throw new RangeError(`{{idOf:${label}#${n}}}: the case has no steps`);
  const service = create.path.split('/')[1] as ServiceName;
  if (!SERVICES.includes(service)) throw new RangeError(`{{idOf:${label}#${n}}}: ${service} is not a service`);
  // The id is scoped to the agency the create acts for (stream-ids.ts): the one its body names.
  const agencyId = (create.body as { agencyId?: unknown } | undefined)?.agencyId;
  if (typeof agencyId !== 'string' || agencyId.includes('{{')) {
    throw new RangeError(`{{idOf:${label}#${n}}}: its create step must name its agencyId literally`);
  }
  return streamIdForCreate(service, agencyId, stepKey(caseKey(scenario, label, n), 0));
}

function fillReferences(value: unknown, scenario: Scenario): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{idOf:(.+?)#(\d+)\}\}/g, (_m, label: string, n: string) =>
      caseIdOf(scenario, label, Number(n)),
    );
  }
  if (Array.isArray(value)) return value.map((v) => fillReferences(v, scenario));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillReferences(v, scenario)]));
  }
  return value;
}

export function expandTemplate(scenario: Scenario, template: CaseTemplate): ConcreteCase[] {
  const cases: ConcreteCase[] = [];
  for (let n = 0; n < template.count; n++) {
    const date = spreadDate(template.dates.from, template.dates.to, n, template.count);
    const key = caseKey(scenario, template.label, n);
    const steps = template.steps.map((step, i) => {
      const vars = { date: addDays(date, step.afterDays), n: String(n), key, year: String(scenario.year) };
      const rows = step.ndjson?.map((row) => fillReferences(fill(row, vars), scenario));
      return {
        method: step.method,
        path: String(fillReferences(fill(step.path, vars), scenario)),
        body: rows
          ? rows.map((r) => JSON.stringify(r)).join('\n')
          : fillReferences(fill(step.body ?? {}, vars), scenario),
        contentType: rows ? 'application/x-ndjson' : 'application/json',
        idempotencyKey: stepKey(key, i),
        ifMatch: i > 0 && !step.noIfMatch,
      };
    });
    cases.push({ template: template.label, n, date, steps });
  }
  return cases;
}

export const expandScenario = (scenario: Scenario): ConcreteCase[] =>
  scenario.cases.flatMap((t) => expandTemplate(scenario, t));
