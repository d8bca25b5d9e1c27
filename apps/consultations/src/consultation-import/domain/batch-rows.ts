// The rows of a bulk consultation batch. A batch is CSV (a header line, then one row per line) or
// NDJSON (one JSON object per line). Each row is one or more contacts (人次) of one day and channel:
//   receivedOn  YYYY-MM-DD (required)
//   channel     online | on-site | phone, or the 附表三 wording 网上 / 现场 / 电话 (required)
//   agencyId    the batch's agency (the default) or an agency below it
//   contacts    how many contacts the row stands for, default 1 (e.g. a switchboard's daily count)
// Rows are numbered from 1 in the order they appear (the CSV header and blank lines are not rows).
// A row with errors is reported with every error and left out; the other rows are imported.
import { agencyAndDescendants } from '#contracts';
import { CONSULTATION_CHANNELS, type ConsultationChannel } from '#contracts/consultations';
import { DomainError } from '#event-sourcing';
import { isLegalDate, legalDateProblem } from '#contracts/legal-time';

export type BatchFormat = 'csv' | 'ndjson';

export interface ImportRow {
  readonly row: number;
  readonly agencyId: string;
  readonly receivedOn: string;
  readonly channel: ConsultationChannel;
  readonly contacts: number;
}

export interface RowError {
  readonly row: number;
  /** 1-based line of the batch content, to find the row in the file. */
  readonly line: number;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export const COLUMNS = ['receivedOn', 'channel', 'agencyId', 'contacts'] as const;
const REQUIRED_COLUMNS = ['receivedOn', 'channel'] as const;
export const MAX_CONTACTS_PER_ROW = 100_000;
/** The earliest receipt date accepted: the 2007 条例 took effect on 2008-05-01. */
export const EARLIEST_RECEIPT = '2008-01-01';

const CHANNEL_ALIASES: Readonly<Record<string, ConsultationChannel>> = {
  online: 'online',
  'on-site': 'on-site',
  phone: 'phone',
  网上: 'online',
  网上咨询: 'online',
  现场: 'on-site',
  现场接待: 'on-site',
  电话: 'phone',
  咨询电话: 'phone',
};

export interface BatchContext {
  /** The agency that submits the batch; rows may name it or an agency below it. */
  readonly agencyId: string;
  readonly today: string;
  /**
   * Narrows the agencies rows may name (e.g. to the caller's own, ADR 0004: a clerk records only
   * their own agency's figures). Default: the batch's agency and those below it.
   */
  readonly rowAgencies?: readonly string[];
}

export type LineResult =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'header' }
  | { readonly kind: 'row'; readonly row: ImportRow }
  | { readonly kind: 'errors'; readonly errors: readonly RowError[] };

/**
 * Reads a batch line by line (pure: the caller streams the lines in). Throws a DomainError
 * `batch.header-invalid` for a CSV header that lacks a required column or names an unknown one —
 * no row can be read then.
 */
export class BatchRowReader {
  private columns: string[] | undefined;
  private rows = 0;
  private readonly agencies: ReadonlySet<string>;

  constructor(
    readonly format: BatchFormat,
    private readonly ctx: BatchContext,
  ) {
    const below = agencyAndDescendants(ctx.agencyId);
    const { rowAgencies } = ctx;
    this.agencies = new Set(rowAgencies ? below.filter((a) => rowAgencies.includes(a)) : below);
  }

  /** Data rows read so far, valid or not. */
  get rowCount(): number {
    return this.rows;
  }

  read(text: string, lineNumber: number): LineResult {
    const line = text.replace(/\r$/, '');
    if (line.trim() === '') return { kind: 'skipped' };
    if (this.format === 'csv' && this.columns === undefined) {
      this.columns = readHeader(line);
      return { kind: 'header' };
    }
    const row = ++this.rows;
    const fields = this.format === 'csv' ? this.csvFields(line, row, lineNumber) : ndjsonFields(line, row, lineNumber);
    if ('errors' in fields) return { kind: 'errors', errors: fields.errors };
    return this.validate(fields.values, row, lineNumber);
  }

  private csvFields(
    line: string,
    row: number,
    lineNumber: number,
  ): { values: Record<string, unknown> } | { errors: RowError[] } {
    const cells = splitCsvLine(line);
    const columns = this.columns;
    if (columns === undefined) throw new Error('a CSV data row was read before the header');
    if (cells === undefined) {
      return {
        errors: [{ row, line: lineNumber, field: '(row)', rule: 'csv.malformed', message: 'unbalanced quotes' }],
      };
    }
    if (cells.length !== columns.length) {
      return {
        errors: [
          {
            row,
            line: lineNumber,
            field: '(row)',
            rule: 'csv.column-count',
            message: `has ${cells.length} cells, the header has ${columns.length}`,
          },
        ],
      };
    }
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      // As many cells as columns (checked above).
      const cell = (cells[i] ?? '').trim();
      if (cell !== '') values[c] = cell;
    });
    return { values };
  }

  private validate(values: Record<string, unknown>, row: number, lineNumber: number): LineResult {
    const errors: RowError[] = [];
    const fail = (field: string, rule: string, message: string): void => {
      errors.push({ row, line: lineNumber, field, rule, message });
    };
    for (const key of Object.keys(values)) {
      if (!(COLUMNS as readonly string[]).includes(key)) fail(key, 'unrecognized_keys', 'unknown field');
    }

    const receivedOn = values.receivedOn;
    const dateProblem = legalDateProblem('receivedOn', receivedOn, { today: this.ctx.today });
    if (receivedOn === undefined) fail('receivedOn', 'required', 'receivedOn is required');
    else if (dateProblem) fail('receivedOn', dateProblem.rule, dateProblem.message);
    else if (isLegalDate(receivedOn) && receivedOn < EARLIEST_RECEIPT) {
      fail('receivedOn', 'date.too-early', `must be on or after ${EARLIEST_RECEIPT}`);
    }

    const channelText = values.channel;
    const channel = typeof channelText === 'string' ? CHANNEL_ALIASES[channelText.trim()] : undefined;
    if (channelText === undefined) fail('channel', 'required', 'channel is required');
    else if (channel === undefined) {
      fail('channel', 'channel.unknown', `must be one of ${CONSULTATION_CHANNELS.join(', ')} (or 网上, 现场, 电话)`);
    }

    const agencyId = values.agencyId ?? this.ctx.agencyId;
    if (typeof agencyId !== 'string' || !this.agencies.has(agencyId)) {
      fail(
        'agencyId',
        'agency.outside-batch',
        `must be one of the agencies this batch may record: ${[...this.agencies].join(', ')}`,
      );
    }

    const contactsValue = values.contacts ?? 1;
    const contacts = typeof contactsValue === 'string' ? Number(contactsValue) : contactsValue;
    if (
      typeof contacts !== 'number' ||
      (typeof contactsValue === 'string' && !/^\d+$/.test(contactsValue)) ||
      !Number.isInteger(contacts) ||
      contacts < 1 ||
      contacts > MAX_CONTACTS_PER_ROW
    ) {
      fail('contacts', 'contacts.invalid', `must be a whole number from 1 to ${MAX_CONTACTS_PER_ROW}`);
    }

    // A row without a channel has an error for it (above).
    if (errors.length > 0 || channel === undefined) return { kind: 'errors', errors };
    return {
      kind: 'row',
      row: {
        row,
        agencyId: agencyId as string,
        receivedOn: receivedOn as string,
        channel,
        contacts: contacts as number,
      },
    };
  }
}

function readHeader(line: string): string[] {
  const cells = splitCsvLine(line.replace(/^\uFEFF/, ''))?.map((c) => c.trim());
  if (cells === undefined) {
    throw new DomainError('batch.header-invalid', 'the CSV header has unbalanced quotes', { field: 'header' });
  }
  const unknown = cells.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !cells.includes(c));
  const repeated = cells.filter((c, i) => cells.indexOf(c) !== i);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`unknown ${unknown.join(', ')}`] : []),
      ...(repeated.length > 0 ? [`repeated ${repeated.join(', ')}`] : []),
    ];
    throw new DomainError(
      'batch.header-invalid',
      `the CSV header must name the columns ${COLUMNS.join(', ')} (receivedOn and channel required): ${problems.join('; ')}`,
      { field: 'header' },
    );
  }
  return cells;
}

function ndjsonFields(
  line: string,
  row: number,
  lineNumber: number,
): { values: Record<string, unknown> } | { errors: RowError[] } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { errors: [{ row, line: lineNumber, field: '(row)', rule: 'json.malformed', message: 'not valid JSON' }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      errors: [{ row, line: lineNumber, field: '(row)', rule: 'json.not-object', message: 'must be an object' }],
    };
  }
  return { values: value as Record<string, unknown> };
}

/**
 * Splits one CSV line (RFC 4180 quoting: `"a,b"`, `"say ""hi"""`). A quoted field cannot span
 * lines: batches are read line by line. Undefined when the quotes do not balance.
 */
export function splitCsvLine(line: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}
