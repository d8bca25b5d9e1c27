import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { factOf } from '../domain/case-facts.js';
import { deriveReport } from '../domain/derive-report.js';
import { draftedDocument } from '../domain/document.js';
import { TEMPLATES } from '../domain/vocabulary.js';
import { appliedEventsOf, generateYear } from '../testing/year-generator.js';
import { reportFile } from './report-formats.js';

function responseRecorder() {
  const headers = new Map<string, string>();
  return {
    headers,
    res: {
      setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
      status: () => undefined,
    },
  };
}

describe('a report served as a page', () => {
  for (const template of TEMPLATES) {
    it(`${template}: the page's own stylesheets are allowed by their hashes — no 'unsafe-inline', no script, no style attribute`, async () => {
      const year = generateYear({ seed: 17, year: 2021, agencyIds: ['zhuzhou-city'], cityAgencyId: 'zhuzhou-city' });
      const facts = year.cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
      const report = deriveReport({
        template,
        agencyId: 'zhuzhou-city',
        scope: 'agency',
        year: 2021,
        agencyIds: ['zhuzhou-city'],
        facts,
      });
      const { res, headers } = responseRecorder();
      const document = draftedDocument(template, { ...report, agencyName: '株洲市国土资源局', tables: report.tables });
      const html = (await reportFile({ ...report, status: 'published', document }, 'html', res, 'x')) as string;
      assert.equal(headers.get('content-type'), 'text/html; charset=utf-8');
      const policy = headers.get('content-security-policy') ?? '';
      const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      assert.ok(styles.length > 0, 'the page carries its stylesheet');
      for (const css of styles) {
        const hash = createHash('sha256').update(css, 'utf8').digest('base64');
        assert.ok(policy.includes(`'sha256-${hash}'`), `the policy names the stylesheet: ${policy}`);
      }
      assert.match(policy, /default-src 'none'/);
      assert.doesNotMatch(policy, /unsafe-inline|script-src/);
      // A style attribute or a script would be blocked by this policy: the page must need neither.
      assert.doesNotMatch(html, /\sstyle\s*=|<script/i);
    });
  }

  it('serves CSV as a download with a BOM, Markdown as text, and sets no page policy on them', async () => {
    const derived = deriveReport({
      template: 'national-2021',
      agencyId: 'zhuzhou-city',
      scope: 'agency',
      year: 2021,
      agencyIds: ['zhuzhou-city'],
      facts: [],
    });
    const document = draftedDocument('national-2021', {
      ...derived,
      agencyName: '株洲市国土资源局',
      tables: derived.tables,
    });
    const report = { ...derived, status: 'live', document };
    const csv = responseRecorder();
    assert.ok(
      ((await reportFile(report, 'csv', csv.res, 'zhuzhou-city-agency-2021-national-2021')) as string).startsWith(
        '\uFEFF',
      ),
    );
    assert.equal(
      csv.headers.get('content-disposition'),
      'attachment; filename="zhuzhou-city-agency-2021-national-2021.csv"',
    );
    assert.equal(csv.headers.get('content-security-policy'), undefined);
    const md = responseRecorder();
    assert.match((await reportFile(report, 'md', md.res, 'x')) as string, /^# /);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
  });

  it('without chromium, a PDF is answered 503 with the reason in one sentence (not thrown: no stack in the log)', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const derived = deriveReport({
        template: '2008',
        agencyId: 'zhuzhou-city',
        scope: 'agency',
        year: 2021,
        agencyIds: ['zhuzhou-city'],
        facts: [],
      });
      const document = draftedDocument('2008', { ...derived, agencyName: '株洲市国土资源局', tables: derived.tables });
      let status = 200;
      const headers = new Map<string, string>();
      const body = await reportFile(
        { ...derived, status: 'live', document },
        'pdf',
        { setHeader: (n: string, v: string) => headers.set(n.toLowerCase(), v), status: (c: number) => (status = c) },
        'x',
      );
      assert.equal(status, 503);
      assert.match(headers.get('content-type') ?? '', /application\/json/);
      const answer = JSON.parse(body as string) as { rule: string; message: string };
      assert.equal(answer.rule, 'report.pdf-unavailable');
      assert.match(answer.message, /^PDF needs chromium at \/nonexistent\/chromium: install it/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
