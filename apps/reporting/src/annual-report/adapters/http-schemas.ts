// Request shapes of the reporting HTTP API (zod), shared by the controllers and the OpenAPI document.
import { type IncomingMessage } from 'node:http';
import { z } from 'zod';
import { agencies, agencyIdSchema, isAgencyId } from '#contracts';
import { DomainError } from '#event-sourcing';
import { etagOf } from '#http';
import { SCOPES, TEMPLATES } from '../domain/vocabulary.js';

export const reportPath = z.strictObject({
  agencyId: agencyIdSchema,
  scope: z.enum(SCOPES),
  year: z.coerce.number().int().min(2000).max(2999),
});
export type ReportPath = z.output<typeof reportPath>;

/** A report of an agency the registry does not know is not there to read: 404 naming the agency. */
export function requireKnownAgency(agencyId: string): void {
  if (!isAgencyId(agencyId)) {
    throw new DomainError('agency.unknown', `no agency ${agencyId} in the registry`, {
      kind: 'not-found',
      field: 'agencyId',
    });
  }
}

export const reportQuery = z.strictObject({
  template: z.enum(TEMPLATES).default('national-2021'),
  format: z.enum(['json', 'csv', 'md', 'html', 'pdf', 'docx', 'xlsx']).default('json'),
  /** Count only what happened up to this legal date (a live report as of a day of the year). */
  asOf: z.iso.date().optional(),
});

export const forecastQuery = z.strictObject({
  template: z.enum(TEMPLATES).default('national-2021'),
  /** Default: today in Asia/Shanghai. */
  asOf: z.iso.date().optional(),
});

/** The monthly trend: which agency (default the top of the registry, whose roll-up is every agency), which year. */
export const trendQuery = z.strictObject({
  agencyId: agencyIdSchema.default(() => agencies().top()),
  scope: z.enum(SCOPES).default('rollup'),
  /** Default: the latest year with a case of the agency, else this year. */
  year: z.coerce.number().int().min(2000).max(2999).optional(),
  /** Count only what is dated up to this legal date; default today, and never past the year's end. */
  asOf: z.iso.date().optional(),
});

export const declaredFactsBody = z.strictObject({
  fullTimeStaff: z.number().int().min(0).max(100_000),
  partTimeStaff: z.number().int().min(0).max(100_000),
  expenditureWanYuan: z.number().min(0).max(1_000_000),
});

export const reopenBody = z.strictObject({ reason: z.string().trim().min(5).max(2000) });

/** A section's text: paragraphs one per line; figures as placeholders {{表.行….列}} or literal. */
export const narrativeBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });

export const narrativePath = reportPath.extend({
  template: z.enum(TEMPLATES),
  sectionId: z.string().regex(/^(intro|s\d{1,2})$/, 'sectionId is intro or s1, s2, …'),
});

const label = z.string().trim().min(1).max(200);
export const filingBody = z.strictObject({
  template: z.enum(TEMPLATES),
  tables: z
    .array(
      z.strictObject({
        table: label,
        figures: z
          .array(
            z.strictObject({
              label,
              path: z.array(label).min(1).max(6).optional(),
              column: label.optional(),
              value: z.number().finite(),
            }),
          )
          .max(2000),
      }),
    )
    .min(1)
    .max(50),
});

export const switchBody = z.strictObject({
  /** Years whose reports are compared (hash by hash) before switching. Default: this year and the last. */
  years: z.array(z.number().int().min(2000).max(2999)).min(1).max(20).optional(),
  /** How long to wait for the rebuilt generation to catch up. */
  timeoutMs: z.number().int().min(0).max(120_000).optional(),
});

export interface ResponseLike {
  setHeader(name: string, value: string): unknown;
  status(code: number): unknown;
}

export interface HttpRequest extends IncomingMessage {
  header(name: string): string | undefined;
}

export function setVersionHeaders(res: ResponseLike, version: number): void {
  res.setHeader('ETag', etagOf(version));
}
