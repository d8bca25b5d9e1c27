// Money is exact from the fee events to every output: added in fen, printed in 元 or 万元 with as
// many decimals as the amount has (up to 6 for 万元), and reconciled without tolerance. The amounts
// are chosen so that adding yuan as floats (0.1 + 0.2) or rounding to 4 decimals of 万元 would show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AppliedEvent, type FactChange, factOf, upgraded } from './case-facts.js';
import { deriveReport } from './derive-report.js';
import { fenIn, fenOf, formatFen, sumFen } from './money.js';
import { figuresOf } from './report-model.js';
import { reconcile } from './reconcile.js';
import { renderCsv, renderHtml, renderMarkdown } from './render.js';
import { draftedDocument } from './document.js';
import { SEED_DECLARED } from '../testing/seed-2009.js';

const AGENCY = 'money-test-agency';
const YEAR = 2023;
const FEE_ROW = ['第二十条第（八）项', '行政事业性收费'];
const FEE_COLUMN = '本年收费金额（单位：万元）';

const event = (streamId: string, v: number, changes: FactChange[]): AppliedEvent => ({
  source: {
    eventId: `${streamId}#${v}`,
    eventType: 'test.Event',
    streamVersion: v,
    agencyId: AGENCY,
    recordedAt: `${YEAR}-06-01T09:00:00+08:00`,
  },
  changes,
});

/** One stream of quarterly 行政事业性收费 declarations, and one request with fee notices and payments in fen. */
function report(quarterlyFeesFen: readonly number[], requestFeesFen: readonly number[]) {
  const fees = factOf(
    'fees',
    quarterlyFeesFen.map((fen, i) =>
      event('fees', i + 1, [
        {
          kind: 'measures',
          type: 'measured',
          key: `administrative-fees:${YEAR}-Q${i + 1}`,
          date: `${YEAR}-${String(3 * i + 1).padStart(2, '0')}-01`,
          values: { 'administrative-fees-fen': fen },
        },
      ]),
    ),
  );
  const request = factOf('req', [
    event('req', 1, [
      {
        kind: 'disclosure-request',
        type: 'received',
        receiptDate: `${YEAR}-03-01`,
        channel: 'online',
        applicantType: 'natural-person',
      },
    ]),
    ...requestFeesFen.flatMap((fen, i) => [
      event('req', 2 + 2 * i, [
        { kind: 'disclosure-request', type: 'fee-noticed', date: `${YEAR}-03-0${2 + i}`, amountFen: fen },
      ]),
      event('req', 3 + 2 * i, [
        { kind: 'disclosure-request', type: 'fee-paid', date: `${YEAR}-04-0${2 + i}`, amountFen: fen },
      ]),
    ]),
  ])!;
  const subject = {
    agencyId: AGENCY,
    scope: 'agency' as const,
    year: YEAR,
    agencyIds: [AGENCY],
    facts: fees ? [fees, request] : [request],
  };
  return {
    national: deriveReport({ ...subject, template: 'national-2021' }),
    era2008: deriveReport({ ...subject, template: '2008', declared: SEED_DECLARED }),
  };
}

const valueAt = (tables: ReturnType<typeof figuresOf>, table: string, path: readonly string[], column?: string) =>
  tables.find((f) => f.table === table && f.path.join('/') === path.join('/') && f.column === column)?.value;

describe('money', () => {
  it('formats whole fen exactly in 元 and 万元, with only the decimals the amount has', () => {
    assert.equal(formatFen(5_949_088_667, '万元'), '5949.088667');
    assert.equal(formatFen(1, '万元'), '0.000001');
    assert.equal(formatFen(30, '万元'), '0.00003');
    assert.equal(formatFen(1_000_000, '万元'), '1');
    assert.equal(formatFen(30, '元'), '0.3');
    assert.equal(formatFen(-1_234_567, '元'), '-12345.67');
    assert.equal(formatFen(0, '万元'), '0');
    // The number a table row carries prints as that same decimal.
    for (const fen of [5_949_088_667, 1, 30, 999_999_999_999_999, 100_000_000_07]) {
      assert.equal(String(fenIn(fen, '万元')), formatFen(fen, '万元'));
      assert.equal(JSON.stringify(fenIn(fen, '元')), formatFen(fen, '元'));
    }
    assert.throws(() => fenIn(0.5, '元'), /whole number of fen/);
    assert.throws(() => sumFen([10 ** 15]), /below 10\^15/);
  });

  it('reads a decimal amount back to whole fen, refusing a fraction of a fen', () => {
    assert.equal(fenOf(5949.088667, '万元'), 5_949_088_667);
    assert.equal(fenOf(0.3, '万元'), 300_000);
    assert.equal(fenOf(0.1 + 0.2, '万元'), undefined); // 0.30000000000000004: 17 decimals
    assert.equal(fenOf(32, '万元'), 32_000_000);
    assert.equal(fenOf(0.0000001, '万元'), undefined);
    assert.equal(fenOf(12.345, '元'), undefined);
  });

  it('the national 二 prints 行政事业性收费 as the exact sum of the declared periods, in 万元', () => {
    // 10 fen + 20 fen: added as yuan (0.1 + 0.2) and divided, this is 0.000030000000000000004.
    assert.equal(valueAt(figuresOf(report([10, 20], []).national.tables), 'national-2', FEE_ROW, FEE_COLUMN), 0.00003);
    // 5949.088667 万元 in three quarters: rounding to 4 decimals printed 5949.0887.
    const { national } = report([1_000_000_001, 2_000_000_002, 2_949_088_664], []);
    assert.equal(valueAt(figuresOf(national.tables), 'national-2', FEE_ROW, FEE_COLUMN), 5949.088667);
  });

  it('fee notices and payments are added in fen and printed in 元 exactly (both formats)', () => {
    // 0.1 + 0.2 + 0.07 yuan as floats is 0.37000000000000005.
    const { national, era2008 } = report([], [10, 20, 7]);
    const n = figuresOf(national.tables);
    assert.equal(valueAt(n, 'national-fees', ['发出收费通知的总金额']), 0.37);
    assert.equal(valueAt(n, 'national-fees', ['实际收取的总金额']), 0.37);
    assert.equal(valueAt(figuresOf(era2008.tables), '2008-5', ['收取费用总数']), 0.37);
  });

  it('every output shows the exact amount: JSON, CSV, Markdown, HTML', () => {
    const { national } = report([1_000_000_001, 2_000_000_002, 2_949_088_664], [10, 20]);
    const document = draftedDocument('national-2021', { ...national, agencyName: AGENCY, tables: national.tables });
    const view = { ...national, agencyName: AGENCY, status: 'live', document };
    assert.match(JSON.stringify(national.tables), /"本年收费金额（单位：万元）":5949\.088667\}/);
    assert.ok(renderCsv(view).includes(`第二十条第（八）项 / 行政事业性收费,万元,${FEE_COLUMN},5949.088667\r\n`));
    assert.ok(renderCsv(view).includes(',实际收取的总金额,元,,0.3\r\n'));
    assert.match(renderMarkdown(view), /\| 行政事业性收费 \| 5949\.088667 \|/);
    assert.match(renderMarkdown(view), /\| 实际收取的总金额 \| 元 \| 0\.3 \|/);
    assert.match(renderHtml(view), /<th class="l1">行政事业性收费<\/th><td>5949\.088667<\/td>/);
    for (const out of [renderCsv(view), renderMarkdown(view), renderHtml(view)]) {
      assert.doesNotMatch(out, /5949\.0887(?!\d)|0\.30000/);
    }
  });

  it('reads facts stored in yuan before (facts-v1) as the whole fen they were made from', () => {
    // 0.07 yuan × 100 is 7.000000000000001: the fen are rounded back, not taken as they come.
    const legacyFee = { kind: 'disclosure-request', type: 'fee-paid', date: '2023-04-02', amountYuan: 0.07 };
    assert.deepEqual(upgraded(legacyFee as unknown as FactChange), {
      kind: 'disclosure-request',
      type: 'fee-paid',
      date: '2023-04-02',
      amountFen: 7,
    });
    // 59490886.67 yuan was stored as 5949088667 / 100.
    const legacyMeasure = {
      kind: 'measures',
      type: 'measured',
      key: 'administrative-fees:2023-Q1',
      date: '2023-01-01',
      values: { 'administrative-fees-yuan': 5_949_088_667 / 100 },
    };
    assert.deepEqual((upgraded(legacyMeasure as unknown as FactChange) as { values: unknown }).values, {
      'administrative-fees-fen': 5_949_088_667,
    });
  });

  it('reconciliation compares money exactly: 5949.088667 agrees, 5949.0887 is a discrepancy', () => {
    const { national } = report([1_000_000_001, 2_000_000_002, 2_949_088_664], []);
    const filing = (value: number) => ({
      tables: [
        { table: 'national-2', figures: [{ label: '行政事业性收费', path: FEE_ROW, column: FEE_COLUMN, value }] },
      ],
    });
    assert.deepEqual(reconcile('national-2021', national.tables, filing(5949.088667)).discrepancies, []);
    assert.deepEqual(reconcile('national-2021', national.tables, filing(5949.0887)).discrepancies, [
      { table: '二、主动公开政府信息情况', path: FEE_ROW, column: FEE_COLUMN, filed: 5949.0887, derived: 5949.088667 },
    ]);
    // One fen off is a discrepancy too (a tolerance of 1e-6 would have let it pass).
    assert.equal(reconcile('national-2021', national.tables, filing(5949.088668)).discrepancies.length, 1);
  });
});
