// A content hash of a report's figures: equal figures, equal hash, whatever the key order, the
// time of computing, or the collection the facts were read from (a rebuilt projection must hash
// like the live one). Status, asOf and manifest are not figures and are left out.
import { createHash } from 'node:crypto';
import { type ReportTable } from './report-model.js';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface HashedSubject {
  readonly template: string;
  readonly agencyId: string;
  readonly scope: string;
  readonly year: number;
  readonly tables: readonly ReportTable[];
}

/** `sha256:<hex>` over the canonical JSON of template, agency, scope, year and tables. */
export function contentHash(subject: HashedSubject): string {
  const { template, agencyId, scope, year, tables } = subject;
  const digest = createHash('sha256').update(canonicalJson({ template, agencyId, scope, year, tables })).digest('hex');
  return `sha256:${digest}`;
}
