// A scenario: a year of cases for one or more agencies, written as the commands a clerk would send
// to the services' HTTP APIs. Compact on purpose — "1130 violations discovered between January and
// December" is one template with a count — and expanded deterministically into HTTP steps, so the
// same file always produces the same requests (with the same Idempotency-Keys: feeding it twice
// changes nothing).
import { z } from 'zod';

const isoDate = z.iso.date();

/**
 * A JSON value in which strings may hold placeholders: {{id}} (this case's id, from its create
 * response), {{date}}, {{n}}, {{key}}, {{year}}, and {{idOf:<label>#<n>}} — the id of case n of
 * another template (an appeal names the request it contests).
 */
const jsonTemplate: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonTemplate), z.record(z.string(), jsonTemplate)]),
);

export const stepSchema = z.strictObject({
  method: z.enum(['POST', 'PUT', 'PATCH']),
  /** Route with placeholders, e.g. `/applications/disclosure-requests/{{id}}/replies`. */
  path: z.string().regex(/^\/[a-z]/, 'must start with /<service>'),
  body: jsonTemplate.optional(),
  /** A bulk upload instead of a JSON body: these rows, sent as NDJSON (one JSON object a line). */
  ndjson: z.array(z.record(z.string(), jsonTemplate)).optional(),
  /** Calendar days after the case's date at which this step happens ({{date}} in its body). */
  afterDays: z.number().int().min(0).max(800).default(0),
  /** Skip the case-version If-Match for this step (e.g. commands on another stream). */
  noIfMatch: z.boolean().default(false),
});

export const caseTemplateSchema = z.strictObject({
  /** What these cases are, in the bureau's words; also part of every Idempotency-Key. */
  label: z.string().min(1),
  count: z.number().int().min(1).max(1_000_000),
  /** Case dates are spread evenly over this range (both ends included), weekends moved to Monday. */
  dates: z.strictObject({ from: isoDate, to: isoDate }),
  /** The first step creates the case; its response's `id` is {{id}} in the later steps. */
  steps: z.array(stepSchema).min(1),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  /** The statistical year the scenario is about (reports are read for it). */
  year: z.number().int().min(2008).max(2100),
  /** The agency whose report the scenario is checked against (its roll-up when it is the city). */
  agencyId: z.string(),
  cases: z.array(caseTemplateSchema),
});

export type Step = z.output<typeof stepSchema>;
export type CaseTemplate = z.output<typeof caseTemplateSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
