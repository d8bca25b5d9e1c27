import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, CITY_AGENCY_ID } from '#contracts';
import { SEED_DECLARED, SEED_YEAR, seedCases } from '../testing/seed-2009.js';
import { appliedEventsOf } from '../testing/year-generator.js';
import { factOf } from './case-facts.js';
import { deriveReport } from './derive-report.js';
import { figuresOf } from './report-model.js';
import { draftedDocument } from './document.js';
import { renderCsv, renderHtml, renderMarkdown } from './render.js';
import { TEMPLATES } from './vocabulary.js';

const agencyIds = agencyAndDescendants(CITY_AGENCY_ID);
const facts = seedCases({ cityAgencyId: CITY_AGENCY_ID, countyAgencyIds: agencyIds.slice(1) }).map((c) =>
  factOf(c.streamId, appliedEventsOf(c))!,
);
const subject = { agencyId: CITY_AGENCY_ID, scope: 'rollup' as const, year: SEED_YEAR, agencyIds, facts };
const view = (template: '2008' | 'national-2021') => {
  const both = TEMPLATES.flatMap((t) => deriveReport({ ...subject, template: t, declared: SEED_DECLARED }).tables);
  const r = deriveReport({ ...subject, template, declared: SEED_DECLARED });
  const document = draftedDocument(template, { ...subject, agencyName: '株洲市国土资源局', tables: both });
  return { ...r, agencyName: '株洲市国土资源局', status: 'live', document };
};

describe('rendering', () => {
  it('CSV: one line per figure with the exact labels, UTF-8 BOM, quoted where needed', () => {
    const report = view('2008');
    const csv = renderCsv(report);
    assert.ok(csv.startsWith('\uFEFF表,指标,单位,列,数值\r\n'));
    const lines = csv.slice(1).trim().split('\r\n');
    assert.equal(lines.length - 1, figuresOf(report.tables).length);
    assert.ok(lines.includes('附表二 依申请公开政府信息情况统计,受理申请总数 / 电子邮件申请数,条,,12'));
    assert.ok(lines.includes('附表三 咨询情况统计,现场接待人数,人次,,31500'));
    assert.ok(lines.includes('附 执法监察情况统计,市本级结案率,%,,91.9'));
    assert.ok(lines.includes('附 执法监察情况统计,拆除违法建设面积,万平方米,,20.18'));
    const quoted = renderCsv({
      ...report,
      tables: [{ id: 't', title: 'a "b", c', rows: [{ label: 'x,y', unit: '件', value: 1 }] }],
    });
    assert.ok(quoted.includes('"a ""b"", c","x,y",件,,1'));
  });

  it('Markdown: the seed’s numbering of breakdowns, and the checks', () => {
    const md = renderMarkdown(view('2008'));
    assert.match(md, /^# 株洲市国土资源局2009年政府信息公开工作年度报告\n/);
    assert.match(md, /\| \u3000其中：1\.当面申请数 \| 条 \| 0 \|/);
    assert.match(md, /\| \u30003\.电子邮件申请数 \| 条 \| 12 \|/);
    assert.match(md, /\| \u3000\u3000其中：\(1\)“国家秘密”数 \| 条 \| 0 \|/);
    assert.match(md, /\| \u3000其中：全文电子化的主动公开信息数 \| 条 \| 1808 \|/);
    assert.match(md, /- ✓ `2008-2\.received-equals-channels`：受理申请总数 14 = /);
  });

  it('Markdown: national 三 as a matrix with its seven columns and its note', () => {
    const md = renderMarkdown(view('national-2021'));
    assert.match(md, /> 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和/);
    assert.match(md, /\| 指标 \| 自然人 \| 商业企业 \| 科研机构 \| 社会公益组织 \| 法律服务机构 \| 其他 \| 总计 \|/);
    assert.match(md, /\| 一、本年新收政府信息公开申请数量 \| 14 \| 0 \| 0 \| 0 \| 0 \| 0 \| 14 \|/);
    assert.match(md, /\| 第二十条第（一）项 \| 本年制发件数 \| 本年废止件数 \| 现行有效件数 \|/);
  });

  it('HTML: a page with the tables laid out as published, labels escaped', () => {
    const html = renderHtml(view('national-2021'));
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<th colspan="5">法人或其他组织<\/th>/);
    // 三、本年度办理结果 spans its 2 + 8 + 3 + 5 + 3 + 1 = 22 leaf rows.
    assert.match(html, /<th rowspan="22" class="l0">三、本年度办理结果<\/th>/);
    assert.match(html, /<th rowspan="8" class="l1">（三）不予公开<\/th><th class="l2">1\.属于国家秘密<\/th>/);
    assert.match(html, /危及&quot;三安全一稳定&quot;/);
    const h2008 = renderHtml(view('2008'));
    assert.match(h2008, /<th class="l1">其中：1\.当面申请数<\/th><td class="unit">条<\/td><td>0<\/td>/);
    assert.doesNotMatch(h2008, /<script/);
  });

  it('HTML: the document to print — A4, CJK fonts with a fallback, sections in order, no English word or check id', () => {
    for (const template of TEMPLATES) {
      const report = view(template);
      const html = renderHtml(report);
      assert.match(html, /@page\{size:A4;/);
      assert.match(html, /font-family:"FangSong"[^;]*"WenQuanYi Zen Hei"/);
      assert.match(html, /th\{text-align:left\}/, 'row labels are left-aligned');
      const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
      assert.deepEqual(
        headings,
        report.document.sections.map((s) => s.heading),
      );
      const text = html
        .replace(/<style>[\s\S]*?<\/style>/, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&[a-z]+;/g, ' ');
      assert.deepEqual(text.match(/[A-Za-z]{2,}/g), null, `${template}: no English in the document`);
      assert.ok(!html.includes('narrative.') && !html.includes('2008-2.'), 'no check ids');
    }
  });
});
