// The report document (issue 17.1–17.2): drafted from the figures, placeholders bound to cells and
// resolved at render time, the office's edits kept with their literal figures bound, and the checks
// that turn red when a figure changes under an edited sentence. Expected figures are counted from
// the seed's cases (the test's input), not read from the product's output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyAndDescendants, CITY_AGENCY_ID } from '#contracts';
import { SEED_DECLARED, SEED_YEAR, seedCases } from '../testing/seed-2009.js';
import { NATIONAL_HEADINGS, requestsReceived } from '../testing/seed-document.js';
import { appliedEventsOf, type GeneratedCase } from '../testing/year-generator.js';
import { factOf, type ReplyDeadlineFact } from './case-facts.js';
import { addressOf, cellAddresses, cellAt, parseAddress } from './cell-address.js';
import { deriveReport } from './derive-report.js';
import {
  bindLiterals,
  type DraftContext,
  draftSections,
  literalFigures,
  resolveDocument,
  SECTION_LAYOUTS,
  unknownPlaceholders,
  withEdits,
} from './document.js';
import { type DeclaredFacts } from './templates.js';
import { TEMPLATES, type Template } from './vocabulary.js';

const agencyIds = agencyAndDescendants(CITY_AGENCY_ID);
const NAME = '株洲市国土资源局';
const seed = seedCases({ cityAgencyId: CITY_AGENCY_ID, countyAgencyIds: agencyIds.slice(1) });

/** `declared` null: the office has not declared staff and expenditure. */
function context(cases: readonly GeneratedCase[], declared: DeclaredFacts | null = SEED_DECLARED): DraftContext {
  const facts = cases.map((c) => factOf(c.streamId, appliedEventsOf(c))!);
  const reports = TEMPLATES.map((template) =>
    deriveReport({
      template,
      agencyId: CITY_AGENCY_ID,
      scope: 'rollup',
      year: SEED_YEAR,
      agencyIds,
      facts,
      ...(declared ? { declared } : {}),
    }),
  );
  // As the service resolves the document: both templates' tables and the derived measures.
  const tables = [...reports.flatMap((r) => r.tables), ...reports[0]!.measures];
  return { tables, agencyName: NAME, year: SEED_YEAR, scope: 'rollup' };
}

const receivedIn = requestsReceived;

const textOf = (template: Template, ctx: DraftContext, sectionId: string, sections = draftSections(template, ctx)) => {
  const doc = resolveDocument(template, NAME, SEED_YEAR, sections, ctx);
  const section = doc.sections.find((s) => s.id === sectionId)!;
  return section.blocks
    .flatMap((b) => (b.kind === 'paragraph' ? [b.sentences.map((s) => s.text).join('')] : []))
    .join('\n');
};

describe('cell addresses', () => {
  it('every cell of both templates has one address that resolves back to its own figure', () => {
    const ctx = context(seed);
    const addresses = cellAddresses(ctx.tables);
    assert.equal(new Set(addresses).size, addresses.length, 'addresses are unique');
    for (const address of addresses) {
      const ref = parseAddress(address);
      assert.ok(ref, address);
      assert.ok(cellAt(ctx.tables, ref), address);
    }
    assert.equal(cellAt(ctx.tables, parseAddress('三.本年新收政府信息公开申请数量.总计')!)?.value, receivedIn(seed));
    // The label as printed, numbering and all, names the same cell.
    assert.equal(
      cellAt(ctx.tables, parseAddress('三.一、本年新收政府信息公开申请数量.总计')!)?.value,
      receivedIn(seed),
    );
    assert.equal(addressOf('national-3', ['三、本年度办理结果', '（七）总计'], '总计'), '三.本年度办理结果.总计.总计');
    assert.equal(parseAddress('七.x'), undefined);
  });
});

describe('the drafted document', () => {
  it('national-2021: the six sections in order, the tables in 二 三 四 六, figures in the prose', () => {
    const ctx = context(seed);
    const doc = resolveDocument('national-2021', NAME, SEED_YEAR, draftSections('national-2021', ctx), ctx);
    assert.deepEqual(
      doc.sections.map((s) => s.heading),
      NATIONAL_HEADINGS,
    );
    const tablesIn = (id: string) =>
      doc.sections.find((s) => s.id === id)!.blocks.flatMap((b) => (b.kind === 'table' ? [b.table.id] : []));
    assert.deepEqual(tablesIn('s3'), ['national-3']);
    assert.deepEqual(tablesIn('s6'), ['national-fees']);
    assert.ok(
      doc.sections.every((s) => s.generated),
      'every section is marked as drafted',
    );
    assert.match(textOf('national-2021', ctx, 's1'), new RegExp(`新收政府信息公开申请${receivedIn(seed)}件`));
    assert.match(textOf('national-2021', ctx, 's3'), new RegExp(`予以公开${receivedIn(seed)}件`));
    // Three reconsiderations, all upheld; three lawsuits.
    assert.match(textOf('national-2021', ctx, 's4'), /行政复议3件，其中结果维持3件/);
  });

  it('2008: the seed’s sections from 引言 to the appendix, with every 2008 table in the appendix', () => {
    const ctx = context(seed);
    const doc = resolveDocument('2008', NAME, SEED_YEAR, draftSections('2008', ctx), ctx);
    assert.deepEqual(
      doc.sections.map((s) => s.heading),
      SECTION_LAYOUTS['2008'].map((s) => s.heading),
    );
    assert.equal(doc.sections[0]!.heading, '引言');
    assert.equal(doc.sections.at(-1)!.blocks.filter((b) => b.kind === 'table').length, 6);
    assert.match(
      textOf('2008', ctx, 's3'),
      new RegExp(`受理政府信息公开申请${receivedIn(seed)}件，其中电子邮件申请${receivedIn(seed, 'email')}件`),
    );
    assert.match(textOf('2008', ctx, 's6'), /40名工作人员/);
  });

  it('a correction to the data changes the prose: placeholders are resolved at render time', () => {
    const fewer = seed.filter((c) => c.streamId !== seed.find((x) => x.source === 'disclosure-request')!.streamId);
    const ctx = context(fewer);
    assert.match(textOf('national-2021', ctx, 's1'), new RegExp(`新收政府信息公开申请${receivedIn(fewer)}件`));
    assert.equal(receivedIn(fewer), receivedIn(seed) - 1);
  });

  it('compares with last year when last year has figures: 增加 / 减少 / 持平', () => {
    const ctx = context(seed);
    const fewer = seed.filter((c) => c.source !== 'disclosure-request' || !c.streamId.endsWith('-1'));
    const previous = context(fewer).tables;
    const withPrevious = { ...ctx, previous };
    assert.match(textOf('national-2021', withPrevious, 's1'), /新收申请较上年增加1件。/);
    assert.doesNotMatch(textOf('national-2021', ctx, 's1'), /较上年/);
  });

  it('a section whose figures are not declared fails its placeholder check, and 【待填写】 fails until written', () => {
    const ctx = context(seed, null);
    const sections = draftSections('2008', ctx).map((s) =>
      s.id === 's6' ? { ...s, paragraphs: ['工作人员{{附表五.政府信息公开指定专职人员总数}}名。'] } : s,
    );
    const doc = resolveDocument('2008', NAME, SEED_YEAR, sections, ctx);
    const failed = doc.checks.filter((c) => !c.holds);
    assert.ok(failed.some((c) => c.rule === 'narrative.placeholder-resolves' && c.section === 's6'));
    assert.ok(failed.some((c) => c.rule === 'narrative.section-completed' && c.section === 's8'));
  });
});

describe('the office’s edits', () => {
  const template = 'national-2021';
  const edit = (text: string, ctx: DraftContext) => {
    const draft = draftSections(template, ctx).find((s) => s.id === 's1')!;
    return {
      template,
      sectionId: 's1',
      text,
      bindings: bindLiterals(text, draft, ctx),
      editedBy: 'office-head',
      editedAt: '2010-01-10T08:00:00.000Z',
    } as const;
  };

  it('binds a literal figure to the cell it states; a later change to the cell fails its check', () => {
    const n = receivedIn(seed);
    const ctx = context(seed);
    const typed = `${SEED_YEAR}年，全年共受理政府信息公开申请${n}件，均已答复。\n本年度办结{{三.本年度办理结果.总计.总计}}件。`;
    const e = edit(typed, ctx);
    assert.deepEqual(e.bindings, [
      { sentence: 0, literal: String(n), address: '三.本年新收政府信息公开申请数量.总计' },
    ]);
    const sections = withEdits(template, draftSections(template, ctx), [e]);
    const s1 = sections.find((s) => s.id === 's1')!;
    assert.equal(s1.generated, false);
    assert.equal(s1.editedBy, 'office-head');
    const before = resolveDocument(template, NAME, SEED_YEAR, sections, ctx);
    assert.deepEqual(
      before.checks.filter((c) => c.rule === 'narrative.literal-matches-cell').map((c) => c.holds),
      [true],
    );

    // One request fewer: the placeholder follows the data, the literal does not and is flagged.
    const fewer = seed.filter((c) => c.streamId !== seed.find((x) => x.source === 'disclosure-request')!.streamId);
    const after = context(fewer);
    const regenerated = withEdits(template, draftSections(template, after), [e]);
    const doc = resolveDocument(template, NAME, SEED_YEAR, regenerated, after);
    const s1Text = doc.sections[0]!.blocks.map((b) =>
      b.kind === 'paragraph' ? b.sentences.map((s) => s.text).join('') : '',
    );
    assert.deepEqual(s1Text, [
      `${SEED_YEAR}年，全年共受理政府信息公开申请${n}件，均已答复。`,
      `本年度办结${n - 1}件。`,
    ]);
    assert.ok(doc.sections[0]!.blocks.every((b) => b.kind !== 'paragraph' || b.sentences.every((s) => !s.generated)));
    const red = doc.checks.filter((c) => c.rule === 'narrative.literal-matches-cell');
    assert.equal(red.length, 1);
    assert.equal(red[0]!.holds, false);
    assert.match(red[0]!.detail, new RegExp(`${n} ≠ \\{\\{三\\.本年新收政府信息公开申请数量\\.总计\\}\\} ${n - 1}`));
  });

  it('refuses a placeholder that names no cell; dates and ordinals are not figures', () => {
    const ctx = context(seed);
    assert.deepEqual(unknownPlaceholders('共{{三.本年新收.总计}}件，{{附表二.受理申请总数}}件', ctx), [
      '三.本年新收.总计',
    ]);
    assert.deepEqual(literalFigures('2009年12月31日前第2批共14件，占12.5%'), ['14', '12.5']);
  });
});

describe('deadlines met (期限): drafted in section 三 of both templates from the facts', () => {
  /** The case with its conclusion judged as given; `undefined`: no deadline on record (a v1 reply). */
  const judged = (c: GeneratedCase, replyDeadline: ReplyDeadlineFact | undefined): GeneratedCase => ({
    ...c,
    steps: c.steps.map((step) => ({
      ...step,
      changes: step.changes.map((ch) => {
        if (ch.kind !== 'disclosure-request' || ch.type !== 'concluded') return ch;
        const { replyDeadline: _was, ...rest } = ch;
        return replyDeadline ? { ...rest, replyDeadline } : rest;
      }),
    })),
  });
  const requests = seed.filter((c) => c.source === 'disclosure-request');
  // Three replies late, one recorded before the deadline was kept, the rest as generated (on time).
  const cases = seed.map((c) => {
    const i = requests.indexOf(c);
    if (i >= 0 && i < 3) return judged(c, { status: 'late', dueOn: '2009-01-05' });
    if (i === 3) return judged(c, undefined);
    return c;
  });
  /** The statuses of the year's conclusions, counted from the cases (the test's input). */
  const counted = (input: readonly GeneratedCase[]) => {
    const n = { within: 0, late: 0, unknown: 0, 'not-applicable': 0 };
    for (const c of input)
      for (const step of c.steps)
        for (const ch of step.changes)
          if (ch.kind === 'disclosure-request' && ch.type === 'concluded' && ch.date.startsWith(`${SEED_YEAR}-`))
            n[ch.replyDeadline?.status ?? 'unknown']++;
    return n;
  };
  const sentence = (n: ReturnType<typeof counted>) =>
    `本年度办结的申请中，${n.within}件在法定期限内答复，${n.late}件逾期答复，` +
    `按期答复率${Math.round((n.within / (n.within + n.late)) * 1000) / 10}%。`;

  it('states how many were answered within the statutory deadline and how many late, and names the unknown', () => {
    const n = counted(cases);
    assert.ok(n.late > 0 && n.within > 0 && n.unknown > 0, 'the input has replies of each kind');
    const ctx = context(cases);
    for (const template of TEMPLATES) {
      const text = textOf(template, ctx, 's3');
      assert.ok(text.includes(sentence(n)), `${template}: ${text}`);
      assert.ok(text.includes(`另有${n.unknown}件的答复期限无法核定，未计入按期答复率。`), template);
    }
    assert.deepEqual(
      resolveDocument('national-2021', NAME, SEED_YEAR, draftSections('national-2021', ctx), ctx).checks.filter(
        (c) => c.rule === 'narrative.placeholder-resolves',
      ),
      [],
    );
  });

  it('follows the data: one more late reply changes the sentence', () => {
    const more = cases.map((c) => (c === requests[5] ? judged(c, { status: 'late', dueOn: '2009-01-05' }) : c));
    const n = counted(more);
    assert.equal(n.late, counted(cases).late + 1);
    assert.ok(textOf('national-2021', context(more), 's3').includes(sentence(n)));
  });

  it('says nothing of deadlines when no request was concluded, and no share when none could be judged', () => {
    const open = seed.map((c) => ({
      ...c,
      steps: c.steps.filter(
        (s) => !s.changes.some((ch) => ch.kind === 'disclosure-request' && ch.type === 'concluded'),
      ),
    }));
    assert.doesNotMatch(textOf('national-2021', context(open), 's3'), /法定期限|答复期限/);
    const unknown = seed.map((c) => (requests.includes(c) ? judged(c, undefined) : c));
    const text = textOf('2008', context(unknown), 's3');
    assert.ok(
      text.includes(`本年度办结的申请中，${counted(unknown).unknown}件的答复期限无法核定，未统计按期答复情况。`),
      text,
    );
    assert.doesNotMatch(text, /按期答复率/);
  });

  it('an office’s typed count of late replies is bound to 期限.逾期答复 and turns red when the data changes', () => {
    const template = 'national-2021';
    const ctx = context(cases);
    const late = counted(cases).late;
    const typed = `本年度新收申请{{三.本年新收政府信息公开申请数量.总计}}件。本年度办结{{三.本年度办理结果.总计.总计}}件。其中逾期答复${late}件。`;
    const draft = draftSections(template, ctx).find((s) => s.id === 's3')!;
    const bindings = bindLiterals(typed, draft, ctx);
    assert.deepEqual(bindings, [{ sentence: 2, literal: String(late), address: '期限.逾期答复' }]);
    const e = {
      template,
      sectionId: 's3',
      text: typed,
      bindings,
      editedBy: 'office-head',
      editedAt: '2010-01-10T08:00:00.000Z',
    } as const;
    const check = (c: DraftContext) =>
      resolveDocument(template, NAME, SEED_YEAR, withEdits(template, draftSections(template, c), [e]), c).checks.filter(
        (x) => x.rule === 'narrative.literal-matches-cell',
      );
    assert.deepEqual(
      check(ctx).map((c) => c.holds),
      [true],
    );
    const more = cases.map((c) => (c === requests[5] ? judged(c, { status: 'late', dueOn: '2009-01-05' }) : c));
    const red = check(context(more));
    assert.deepEqual(
      red.map((c) => c.holds),
      [false],
    );
    assert.match(red[0]!.detail, new RegExp(`${late} ≠ \\{\\{期限\\.逾期答复\\}\\} ${late + 1}`));
  });
});
