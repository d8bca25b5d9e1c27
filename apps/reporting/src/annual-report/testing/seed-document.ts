// The seed year's report as the renderers take it: both templates' tables derived from the seed's
// cases (the city roll-up, 2009), the drafted document, and counts taken from the cases themselves —
// what a test of a file format compares the file with.
import { agencyAndDescendants, CITY_AGENCY_ID } from '#contracts';
import { factOf } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { draftedDocument } from '../domain/document.js';
import { type RenderableReport } from '../domain/render.js';
import { TEMPLATES, type Template } from '../domain/vocabulary.js';
import { SEED_DECLARED, SEED_YEAR, seedCases } from './seed-2009.js';
import { appliedEventsOf, type GeneratedCase } from './year-generator.js';

export const SEED_AGENCY_NAME = '株洲市国土资源局';
const agencyIds = agencyAndDescendants(CITY_AGENCY_ID);
export const seedYearCases = (): GeneratedCase[] =>
  seedCases({ cityAgencyId: CITY_AGENCY_ID, countyAgencyIds: agencyIds.slice(1) });

/** The seed's report in a template, drafted, as the service would render it. */
export function seedReport(template: Template, cases: readonly GeneratedCase[] = seedYearCases()): RenderableReport {
  const facts = cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
  const subject = { agencyId: CITY_AGENCY_ID, scope: 'rollup' as const, year: SEED_YEAR, agencyIds, facts };
  const derived = TEMPLATES.map((t) => deriveReport({ ...subject, template: t, declared: SEED_DECLARED }));
  const report = derived.find((d) => d.template === template)!;
  const document = draftedDocument(template, {
    tables: [...derived.flatMap((d) => d.tables), ...(derived[0]?.measures ?? [])],
    agencyName: SEED_AGENCY_NAME,
    year: SEED_YEAR,
    scope: 'rollup',
  });
  return { ...report, agencyName: SEED_AGENCY_NAME, status: 'live', document };
}

/** Disclosure requests of the cases received in the seed year (optionally by one channel). */
export function requestsReceived(cases: readonly GeneratedCase[], channel?: string): number {
  return cases.filter((c) =>
    c.steps.some((s) =>
      s.changes.some(
        (ch) =>
          ch.kind === 'disclosure-request' &&
          ch.type === 'received' &&
          ch.receiptDate.startsWith(String(SEED_YEAR)) &&
          (channel === undefined || ch.channel === channel),
      ),
    ),
  ).length;
}

/** Publications of the cases (主动公开信息数). */
export const publicationsOf = (cases: readonly GeneratedCase[]): number =>
  cases.filter((c) => c.source === 'publication').length;

/** The six sections of the national format (国办公开办函〔2021〕30号), as REPORTS §2c lists them. */
export const NATIONAL_HEADINGS: readonly string[] = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];
