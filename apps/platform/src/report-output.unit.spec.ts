import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type ReportRow } from '#contracts/reporting';
import {
  displayWidth,
  FORMATS,
  FormatUnavailable,
  printReports,
  writeReportFiles,
  reportAsText,
  tablesAsText,
  type ReportJson,
} from './report-output.js';
import { TEMPLATE_IDS, TEMPLATE_TITLES, type TemplateId } from './templates.js';

// Two reports shaped as the reporting service answers them (`?format=json`): the 2008 appendix with
// 其中 breakdowns, the national format with a matrix (三), blocks with their own columns (二) and
// a simple table (六). Figures of different lengths, so alignment has something to do.
const applicantColumns = ['自然人', '商业企业', '科研机构', '总计'];
const matrixRow = (label: string, n: number): ReportRow => ({
  label,
  unit: '件',
  values: { 自然人: n, 商业企业: n * 10, 科研机构: 0, 总计: n * 11 },
});

const REPORTS: Readonly<Record<TemplateId, ReportJson>> = {
  '2008': {
    template: '2008',
    agencyId: 'zhuzhou-city',
    scope: 'rollup',
    year: 2009,
    tables: [
      {
        id: '2008-1',
        title: '附表一：主动公开情况',
        rows: [
          {
            label: '主动公开信息数',
            unit: '条',
            value: 1808,
            children: [{ label: '全文电子化的主动公开信息数', unit: '条', value: 1808 }],
          },
          { label: '新增的行政规范性文件数', unit: '件', value: 10 },
        ],
      },
      {
        id: '2008-2',
        title: '附表二：依申请公开情况',
        rows: [
          { label: '受理申请总数', unit: '件', value: 14, children: [{ label: '网上申请', unit: '件', value: 2 }] },
        ],
      },
    ],
    checks: [
      { rule: '2008-2.channels', holds: true, detail: '14 = 12 + 2' },
      { rule: '2008-2.outcomes', holds: false, detail: '14 ≠ 13' },
    ],
  },
  'national-2021': {
    template: 'national-2021',
    agencyId: 'zhuzhou-city',
    scope: 'agency',
    year: 2009,
    tables: [
      {
        id: 'national-2',
        title: '二、主动公开政府信息情况',
        rows: [
          {
            label: '第二十条第（一）项',
            children: [
              { label: '行政规范性文件', unit: '件', values: { 本年制发件数: 10, 本年废止件数: 0, 现行有效件数: 31 } },
            ],
          },
        ],
      },
      {
        id: 'national-3',
        title: '三、收到和处理政府信息公开申请情况',
        columns: applicantColumns,
        rows: [
          matrixRow('一、本年新收政府信息公开申请数量', 14),
          matrixRow('二、上年结转政府信息公开申请数量', 3),
          {
            label: '三、本年度办理结果',
            children: [
              matrixRow('（一）予以公开', 1234),
              { label: '（三）不予公开', children: [matrixRow('1.属于国家秘密', 0)] },
            ],
          },
        ],
      },
      {
        id: 'national-fees',
        title: '六、其他需要报告的事项：信息处理费',
        rows: [
          { label: '发出收费通知的件数', unit: '件', value: 2 },
          { label: '实际收取的总金额', unit: '元', value: 150 },
        ],
      },
    ],
    checks: [{ rule: 'national-3.balance', holds: true, detail: '一 14 + 二 3 = 17' }],
  },
};

const rowsOf = (rows: readonly ReportRow[]): ReportRow[] => rows.flatMap((r) => [r, ...rowsOf(r.children ?? [])]);
/** The printed line of a row: the first line whose text, trimmed, starts with the label followed by spaces or its end. */
const lineOf = (lines: readonly string[], label: string): string => {
  const found = lines.find((l) => l.trim() === label || l.trim().startsWith(`${label} `));
  assert.ok(found, `a line for ${label}`);
  return found;
};

describe('the report as the terminal prints it', () => {
  it('counts CJK characters as two columns', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('总计'), 4);
    assert.equal(displayWidth('（一）予以公开'), 14);
    assert.equal(displayWidth('第二十条第（一）项 10'), 21);
  });

  it('prints a matrix table with its columns in order and each row’s figures under them, aligned', () => {
    const table = REPORTS['national-2021'].tables.find((t) => t.columns)!;
    const lines = tablesAsText({ ...REPORTS['national-2021'], tables: [table] });
    const header = lineOf(lines, '指标');
    const headerColumns = header.trim().split(/\s+/).slice(1);
    assert.deepEqual(headerColumns, table.columns);
    for (const row of rowsOf(table.rows)) {
      const line = lineOf(lines, row.label);
      const figures = line.trim().slice(row.label.length).trim().split(/\s+/).filter(Boolean).map(Number);
      if (!row.values) {
        assert.deepEqual(figures, [], `${row.label} is a heading row`);
        continue;
      }
      assert.deepEqual(
        figures,
        table.columns!.map((c) => row.values![c]),
        row.label,
      );
      // Right-aligned under their headings: every row with figures ends where the heading line ends.
      assert.equal(displayWidth(line), displayWidth(header), `${row.label} lines up with the headings`);
    }
  });

  it('prints simple tables as label, figure and unit, breakdowns indented under their row', () => {
    const report = REPORTS['2008'];
    const lines = tablesAsText(report);
    for (const table of report.tables) {
      assert.ok(lines.includes(table.title), table.title);
      for (const row of rowsOf(table.rows)) {
        assert.match(lineOf(lines, row.label), new RegExp(` ${row.value} ${row.unit}$`), row.label);
      }
    }
    const indent = (label: string) => lineOf(lines, label).search(/\S/);
    assert.ok(indent('全文电子化的主动公开信息数') > indent('主动公开信息数'));
    // The figures of one table are right-aligned: they end in the same column.
    const ends = ['主动公开信息数', '全文电子化的主动公开信息数', '新增的行政规范性文件数'].map((l) => {
      const line = lineOf(lines, l);
      return displayWidth(line.slice(0, line.search(/ [条件]$/)));
    });
    assert.equal(new Set(ends).size, 1, `figures end at ${ends.join(', ')}`);
  });

  it('names each figure of a block row by its own column (national 二)', () => {
    const lines = tablesAsText(REPORTS['national-2021']);
    const row = REPORTS['national-2021'].tables[0]!.rows[0]!.children![0]!;
    const line = lineOf(lines, row.label);
    for (const [column, value] of Object.entries(row.values!)) assert.ok(line.includes(`${column} ${value}`), column);
  });

  it('says how many balancing checks hold and lists those that do not', () => {
    const report = REPORTS['2008'];
    const lines = tablesAsText(report);
    const holding = report.checks.filter((c) => c.holds).length;
    assert.ok(lines.some((l) => l.includes(`${holding}/${report.checks.length} hold`)));
    for (const c of report.checks.filter((x) => !x.holds)) assert.ok(lines.some((l) => l.includes(`✗ ${c.rule}`)));
  });

  it('heads each report with its own template’s title and scope', () => {
    for (const id of TEMPLATE_IDS) {
      const [heading] = reportAsText(REPORTS[id]);
      assert.ok(heading?.includes(TEMPLATE_TITLES[id]), heading);
      assert.ok(heading?.includes(`template ${id}`), heading);
    }
    assert.match(reportAsText(REPORTS['2008'])[0]!, /含下级机关汇总/);
  });

  // The finding (issue 17.5): with --template national-2021 the terminal still printed the 2008 tables.
  for (const chosen of [['national-2021'], ['2008'], [...TEMPLATE_IDS]] as const) {
    it(`prints the tables of the chosen templates only (${chosen.join(' + ')})`, async () => {
      const asked: string[] = [];
      const logged: string[] = [];
      const printed = await printReports(
        chosen,
        async (template, format) => {
          asked.push(`${template}.${format}`);
          return Buffer.from(JSON.stringify(REPORTS[template]));
        },
        (line) => logged.push(line),
      );
      assert.deepEqual(
        printed.map((r) => r.template),
        [...chosen],
      );
      assert.deepEqual(
        asked,
        chosen.map((t) => `${t}.json`),
      );
      const text = logged.join('\n').split('\n');
      for (const id of TEMPLATE_IDS) {
        for (const table of REPORTS[id].tables) {
          assert.equal(text.includes(table.title), chosen.includes(id as never), `${id}: ${table.title}`);
        }
      }
    });
  }

  it('writes every format byte for byte (the CSV keeps its BOM); a format the service cannot make is skipped with one line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-files-'));
    try {
      const logged: string[] = [];
      const files = await writeReportFiles(
        dir,
        'zhuzhou-city-rollup-2009',
        TEMPLATE_IDS,
        async (template, format) => {
          if (format === 'pdf') throw new FormatUnavailable('PDF needs chromium at /usr/bin/chromium');
          return Buffer.from(format === 'csv' ? '\uFEFF表,指标\r\n' : `${template}.${format}`);
        },
        (line) => logged.push(line),
      );
      assert.equal(files.length, TEMPLATE_IDS.length * (FORMATS.length - 1));
      assert.deepEqual(logged, ['[platform] no .pdf written: PDF needs chromium at /usr/bin/chromium']);
      for (const id of TEMPLATE_IDS) {
        const csv = readFileSync(path.join(dir, `zhuzhou-city-rollup-2009-${id}.csv`));
        assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
        assert.ok(existsSync(path.join(dir, `zhuzhou-city-rollup-2009-${id}.docx`)));
        assert.ok(!existsSync(path.join(dir, `zhuzhou-city-rollup-2009-${id}.pdf`)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
