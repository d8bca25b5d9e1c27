// The annual report as the document an office publishes (issue 17, ADR 0013): for each template, its
// sections in the statutory order, each with paragraphs and the statutory tables in their place.
// The product drafts every section from the figures; the office may replace a section's text
// (NarrativeEdited on the annual-report stream); figures in the text are placeholders bound to
// table cells (cell-address.ts), resolved when the document is rendered, so a correction to the data
// changes the prose. A literal figure the office typed is bound, when the edit is made, to the cell it
// stated; a later change to that cell, or a placeholder that no longer resolves, is a failed check.
import { createHash } from 'node:crypto';
import { addressOf, bareLabel, cellAt, type CellRef, parseAddress, PLACEHOLDER } from './cell-address.js';
import { canonicalJson } from './content-hash.js';
import { LDEADLINE, REPLY_DEADLINES_TABLE_ID } from './reply-deadlines.js';
import { type ReportRow, type ReportTable } from './report-model.js';
import { L2008, LNAT, T2008, TNAT } from './templates.js';
import { type Template, TOTAL_COLUMN } from './vocabulary.js';

// ---------------------------------------------------------------- model

/** A literal figure of an office's sentence and the cell it stated when the edit was made. */
export interface Binding {
  /** Index of the sentence within the section (paragraphs read in order). */
  readonly sentence: number;
  readonly literal: string;
  readonly address: string;
}

/** A section's text: paragraphs with placeholders; `generated` when drafted by the product. */
export interface SectionText {
  readonly id: string;
  readonly paragraphs: readonly string[];
  readonly generated: boolean;
  readonly bindings?: readonly Binding[];
  /** Who replaced the draft, and when (from the NarrativeEdited event). */
  readonly editedBy?: string;
  readonly editedAt?: string;
}

/** An office's text for a section, as recorded by NarrativeEdited. */
export interface SectionEdit {
  readonly template: Template;
  readonly sectionId: string;
  readonly text: string;
  readonly bindings: readonly Binding[];
  readonly editedBy: string;
  readonly editedAt: string;
}

export interface SectionLayout {
  readonly id: string;
  readonly heading: string;
  /** The statutory tables printed after the section's text. */
  readonly tables: readonly string[];
}

/** What the drafts and the placeholders are resolved against. */
export interface DocumentFigures {
  /**
   * This year's tables of both templates (a section may cite the other template's cells), and the
   * derived measures the prose cites (期限: reply deadlines met), which are never printed as tables.
   */
  readonly tables: readonly ReportTable[];
  /** Last year's tables of both templates, when last year has any figure. */
  readonly previous?: readonly ReportTable[];
}

export interface DraftContext extends DocumentFigures {
  readonly agencyName: string;
  readonly year: number;
  readonly scope: string;
}

export interface ResolvedSentence {
  readonly text: string;
  readonly generated: boolean;
}
export type ResolvedBlock =
  | { readonly kind: 'paragraph'; readonly sentences: readonly ResolvedSentence[] }
  | { readonly kind: 'table'; readonly table: ReportTable };
export interface ResolvedSection {
  readonly id: string;
  readonly heading: string;
  readonly generated: boolean;
  readonly editedBy?: string;
  readonly editedAt?: string;
  /** The text as stored, placeholders and all: what an editor starts from. */
  readonly source: string;
  readonly blocks: readonly ResolvedBlock[];
}

/** A check of the prose against the tables: shown to the office, never printed in the document. */
export interface NarrativeCheck {
  readonly rule: 'narrative.placeholder-resolves' | 'narrative.literal-matches-cell' | 'narrative.section-completed';
  readonly section: string;
  readonly holds: boolean;
  readonly detail: string;
}

export interface ReportDocument {
  readonly template: Template;
  readonly title: string;
  readonly sections: readonly ResolvedSection[];
  readonly checks: readonly NarrativeCheck[];
}

// ---------------------------------------------------------------- layouts

export const SECTION_LAYOUTS: Readonly<Record<Template, readonly SectionLayout[]>> = {
  // The seed's order (REPORTS §2c); the appendix tables close the document.
  '2008': [
    { id: 'intro', heading: '引言', tables: [] },
    { id: 's1', heading: '一、概述', tables: [] },
    { id: 's2', heading: '二、主动公开政府信息情况', tables: [] },
    { id: 's3', heading: '三、依申请公开政府信息情况', tables: [] },
    { id: 's4', heading: '四、政府信息公开咨询处理情况', tables: [] },
    { id: 's5', heading: '五、政府信息公开复议、诉讼情况', tables: [] },
    { id: 's6', heading: '六、政府信息公开支出与收费', tables: [] },
    { id: 's7', heading: '七、其它相关工作情况', tables: [] },
    { id: 's8', heading: '八、存在的主要问题和改进措施', tables: [] },
    {
      id: 's9',
      heading: '九、相关说明与指标统计附表',
      tables: [
        T2008.publications.id,
        T2008.requests.id,
        T2008.consultations.id,
        T2008.appeals.id,
        T2008.spending.id,
        T2008.enforcement.id,
      ],
    },
  ],
  // 国办公开办函〔2021〕30号: six numbered sections, the tables inside 二, 三, 四 and (fees) 六.
  'national-2021': [
    { id: 's1', heading: '一、总体情况', tables: [] },
    { id: 's2', heading: '二、主动公开政府信息情况', tables: [TNAT.proactive.id] },
    { id: 's3', heading: '三、收到和处理政府信息公开申请情况', tables: [TNAT.requests.id] },
    { id: 's4', heading: '四、政府信息公开行政复议、行政诉讼情况', tables: [TNAT.appeals.id] },
    { id: 's5', heading: '五、存在的主要问题及改进情况', tables: [] },
    { id: 's6', heading: '六、其他需要报告的事项', tables: [TNAT.fees.id] },
  ],
};

export const documentTitle = (agencyName: string, year: number): string =>
  `${agencyName}${year}年政府信息公开工作年度报告`;

/** Marks what only the office can write; a section still holding it fails `narrative.section-completed`. */
export const TO_COMPLETE = '【待填写】';

// ---------------------------------------------------------------- drafting

const ph = (tableId: string, path: readonly string[], column?: string): string =>
  `{{${addressOf(tableId, path, column)}}}`;
const change = (tableId: string, path: readonly string[], column?: string): string =>
  `{{${addressOf(tableId, path, column, 'change')}}}`;

/** Reads a cell while drafting (to choose what to say, never to print a figure). */
function valueOf(ctx: DocumentFigures, tableId: string, path: readonly string[], column?: string): number | undefined {
  return cellAt(ctx.tables, { tableId, segments: [...path.map(bareLabel), ...(column ? [column] : [])] })?.value;
}

/** Outcome leaves of national 三 with requests, largest first: the categories the prose names. */
function largestOutcomes(ctx: DocumentFigures, limit: number): Array<{ name: string; path: string[] }> {
  const results = ctx.tables.find((t) => t.id === TNAT.requests.id)?.rows.find((r) => r.label === LNAT.results);
  const leaves: Array<{ name: string; path: string[]; total: number }> = [];
  for (const category of results?.children ?? []) {
    if (category.label === LNAT.total) continue;
    const kind = bareLabel(category.label).replace(/（.*$/, '');
    const list: ReadonlyArray<[ReportRow, string[], string]> = category.children
      ? category.children.map((c) => [c, [LNAT.results, category.label, c.label], `${kind}（${bareLabel(c.label)}）`])
      : [[category, [LNAT.results, category.label], kind]];
    for (const [row, path, name] of list) {
      const total = row.values?.[TOTAL_COLUMN] ?? 0;
      if (total > 0) leaves.push({ name, path, total });
    }
  }
  return leaves
    .sort((a, b) => b.total - a.total)
    .slice(0, limit)
    .map(({ name, path }) => ({ name, path }));
}

/**
 * Deadlines met, for the requests concluded in the year that owed a reply: how many were answered
 * within the statutory time limit and how many late, and the share within. Replies whose deadline
 * the applications service could not state (期限不明: a year of its holiday calendar missing, or
 * recorded before it said) are named and left out of the share. Nothing is said when no concluded
 * request owed a reply (none concluded, or all withdrawn or abandoned), or when the figures hold no
 * deadline measure (a year closed before it was kept).
 */
function deadlinesSentence(ctx: DocumentFigures): string {
  const D = REPLY_DEADLINES_TABLE_ID;
  const within = valueOf(ctx, D, [LDEADLINE.within]);
  const late = valueOf(ctx, D, [LDEADLINE.late]);
  const unknown = valueOf(ctx, D, [LDEADLINE.unknown]) ?? 0;
  if (within === undefined || late === undefined || within + late + unknown === 0) return '';
  if (within + late === 0) {
    return `本年度办结的申请中，${ph(D, [LDEADLINE.unknown])}件的答复期限无法核定，未统计按期答复情况。`;
  }
  return (
    `本年度办结的申请中，${ph(D, [LDEADLINE.within])}件在法定期限内答复，${ph(D, [LDEADLINE.late])}件逾期答复，` +
    `按期答复率${ph(D, [LDEADLINE.share])}%。` +
    (unknown > 0 ? `另有${ph(D, [LDEADLINE.unknown])}件的答复期限无法核定，未计入按期答复率。` : '')
  );
}

function draftNational(ctx: DraftContext): Record<string, string[]> {
  const R = TNAT.requests.id;
  const received = ph(R, [LNAT.received], TOTAL_COLUMN);
  const concluded = ph(R, [LNAT.results, LNAT.total], TOTAL_COLUMN);
  const staffDeclared = valueOf(ctx, T2008.spending.id, [L2008.staff]) !== undefined;
  const outcomes = largestOutcomes(ctx, 3);
  const appeals = (path: string[]) =>
    `结果维持${ph(TNAT.appeals.id, path, LNAT.upheld)}件、结果纠正${ph(TNAT.appeals.id, path, LNAT.corrected)}件、` +
    `其他结果${ph(TNAT.appeals.id, path, LNAT.otherResult)}件、尚未审结${ph(TNAT.appeals.id, path, LNAT.pending)}件`;
  const appealTotal = (path: string[]) => valueOf(ctx, TNAT.appeals.id, path, TOTAL_COLUMN) ?? 0;
  const direct = [LNAT.litigation, LNAT.direct];
  const after = [LNAT.litigation, LNAT.afterReconsideration];
  const art = (block: string, row: string, column: string) => ph(TNAT.proactive.id, [block, row], column);
  return {
    s1: [
      `${ctx.year}年，${ctx.agencyName}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，依法做好政府信息公开工作。现将本年度政府信息公开工作情况报告如下。`,
      `全年主动公开政府信息${ph(T2008.publications.id, [L2008.published])}条。新收政府信息公开申请${received}件，上年结转${ph(R, [LNAT.carriedIn], TOTAL_COLUMN)}件，本年度办结${concluded}件，结转下年度继续办理${ph(R, [LNAT.carriedOut], TOTAL_COLUMN)}件。` +
        (ctx.previous ? `新收申请较上年${change(R, [LNAT.received], TOTAL_COLUMN)}。` : ''),
      ...(staffDeclared
        ? [
            `本机关政府信息公开工作由全职人员${ph(T2008.spending.id, [L2008.staff, L2008.fullTime])}名、兼职人员${ph(T2008.spending.id, [L2008.staff, L2008.partTime])}名承担，全年实际支出${ph(T2008.spending.id, [L2008.expenditure])}万元。`,
          ]
        : []),
    ],
    s2: [
      `本年度制发行政规范性文件${art(LNAT.art20_1, LNAT.normative, LNAT.issued)}件，废止${art(LNAT.art20_1, LNAT.normative, LNAT.repealed)}件，现行有效${art(LNAT.art20_1, LNAT.normative, LNAT.inForce)}件；制发规章${art(LNAT.art20_1, LNAT.regulation, LNAT.issued)}件。` +
        `作出行政许可决定${art(LNAT.art20_5, LNAT.licensing, LNAT.decisions)}件、行政处罚决定${art(LNAT.art20_6, LNAT.penalty, LNAT.decisions)}件、行政强制决定${art(LNAT.art20_6, LNAT.coercion, LNAT.decisions)}件，收取行政事业性收费${art(LNAT.art20_8, LNAT.adminFees, LNAT.feeAmount)}万元。`,
    ],
    s3: [
      `本年度新收政府信息公开申请${received}件，其中自然人提出${ph(R, [LNAT.received], '自然人')}件。` +
        (outcomes.length
          ? `本年度办结${concluded}件，其中${outcomes.map((o) => `${o.name}${ph(R, o.path, TOTAL_COLUMN)}件`).join('，')}。`
          : '本年度无办结的申请。') +
        deadlinesSentence(ctx) +
        `结转下年度继续办理${ph(R, [LNAT.carriedOut], TOTAL_COLUMN)}件。`,
    ],
    s4: [
      (appealTotal([LNAT.reconsideration]) === 0
        ? '本年度未发生因政府信息公开引起的行政复议。'
        : `本年度因政府信息公开被申请行政复议${ph(TNAT.appeals.id, [LNAT.reconsideration], TOTAL_COLUMN)}件，其中${appeals([LNAT.reconsideration])}。`) +
        (appealTotal(direct) + appealTotal(after) === 0
          ? '本年度未发生因政府信息公开引起的行政诉讼。'
          : `被提起行政诉讼：未经复议直接起诉${ph(TNAT.appeals.id, direct, TOTAL_COLUMN)}件，复议后起诉${ph(TNAT.appeals.id, after, TOTAL_COLUMN)}件。`),
    ],
    s5: [`${TO_COMPLETE}本年度政府信息公开工作存在的主要问题、上年度问题的整改情况和下一步改进措施。`],
    s6: [
      `依照《政府信息公开信息处理费管理办法》，本年度发出收费通知${ph(TNAT.fees.id, [LNAT.feeNotices])}件，总金额${ph(TNAT.fees.id, [LNAT.feeNoticeAmount])}元，实际收取信息处理费${ph(TNAT.fees.id, [LNAT.feesCollected])}元。`,
      `${TO_COMPLETE}人大代表建议和政协委员提案办理结果公开情况，以及其他需要报告的事项。`,
    ],
  };
}

function draft2008(ctx: DraftContext): Record<string, string[]> {
  const T = T2008;
  const channelRows = ctx.tables.find((t) => t.id === T.requests.id)?.rows.find((r) => r.label === L2008.received);
  const channels = (channelRows?.children ?? [])
    .filter((c) => (c.value ?? 0) > 0)
    .map((c) => `${c.label.replace(/数$/, '')}${ph(T.requests.id, [L2008.received, c.label])}件`);
  const replyRows = ctx.tables.find((t) => t.id === T.requests.id)?.rows.find((r) => r.label === L2008.replies);
  const replies = (replyRows?.children ?? [])
    .filter((c) => (c.value ?? 0) > 0)
    .map((c) => `${c.label.replace(/[“”]/g, '').replace(/数$/, '')}${ph(T.requests.id, [L2008.replies, c.label])}件`);
  const enf = (label: string, ...path: string[]) => ph(T.enforcement.id, [label, ...path]);
  const rate = valueOf(ctx, T.enforcement.id, [L2008.closureRate]);
  const staffDeclared = valueOf(ctx, T.spending.id, [L2008.staff]) !== undefined;
  const appealsNational = (label: string) => ph(TNAT.appeals.id, [LNAT.reconsideration], label);
  return {
    intro: [
      `本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由${ctx.agencyName}编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开咨询处理情况，政府信息公开复议、诉讼情况，政府信息公开支出与收费，其它相关工作情况，存在的主要问题和改进措施，并附相关说明和指标统计附表。`,
      `${TO_COMPLETE}本年度报告电子版的下载网址，以及对本报告有疑问时的联系部门、电话和电子邮件。`,
    ],
    s1: [
      `${ctx.year}年，本机关依照《条例》开展政府信息公开工作，政府信息公开咨询、申请及答复工作均依法开展。` +
        (staffDeclared
          ? `本机关配备全职工作人员${ph(T.spending.id, [L2008.staff, L2008.fullTime])}名、兼职工作人员${ph(T.spending.id, [L2008.staff, L2008.partTime])}名。`
          : ''),
      `${TO_COMPLETE}工作机构情况、制度规范建设及落实情况、基础性工作开展情况。`,
    ],
    s2: [
      `本年度本机关主动公开政府信息${ph(T.publications.id, [L2008.published])}条，其中全文电子化${ph(T.publications.id, [L2008.published, L2008.fullText])}条；新增行政规范性文件${ph(T.publications.id, [L2008.newNormative])}件。`,
    ],
    s3: [
      `${ctx.year}年度本机关受理政府信息公开申请${ph(T.requests.id, [L2008.received])}件` +
        (channels.length ? `，其中${channels.join('，')}` : '') +
        `。对申请的答复${ph(T.requests.id, [L2008.replies])}件` +
        (replies.length ? `，其中${replies.join('，')}` : '') +
        '。' +
        deadlinesSentence(ctx) +
        (ctx.previous ? `受理申请较上年${change(T.requests.id, [L2008.received])}。` : ''),
    ],
    s4: [
      `本年度本机关提供服务类信息${ph(T.consultations.id, [L2008.serviceInfo])}条，现场接待${ph(T.consultations.id, [L2008.onSite])}人次，接听咨询电话${ph(T.consultations.id, [L2008.phone])}人次，网上咨询${ph(T.consultations.id, [L2008.online])}人次；政府信息公开专栏页面访问量${ph(T.consultations.id, [L2008.pageViews])}人次。`,
    ],
    s5: [
      `本年度发生针对本机关政府信息公开事务的行政复议${ph(T.appeals.id, [L2008.reconsiderations])}件、行政诉讼${ph(T.appeals.id, [L2008.lawsuits])}件。` +
        `行政复议结果维持${appealsNational(LNAT.upheld)}件、结果纠正${appealsNational(LNAT.corrected)}件、其他结果${appealsNational(LNAT.otherResult)}件、尚未审结${appealsNational(LNAT.pending)}件。`,
    ],
    s6: staffDeclared
      ? [
          `（一）工作人员情况：${ph(T.spending.id, [L2008.staff])}名工作人员承担本机关政府信息公开工作，其中全职${ph(T.spending.id, [L2008.staff, L2008.fullTime])}名、兼职${ph(T.spending.id, [L2008.staff, L2008.partTime])}名。`,
          `（二）政府信息公开事务的实际支出：${ph(T.spending.id, [L2008.expenditure])}万元。`,
          `（三）收取费用：${ph(T.spending.id, [L2008.fees])}元。`,
        ]
      : [
          `${TO_COMPLETE}工作人员情况和实际支出（请先申报政府信息公开指定专职人员数和实际支出）。`,
          `收取费用${ph(T.spending.id, [L2008.fees])}元。`,
        ],
    s7: [
      `本年度发现违法用地、采矿行为${enf(L2008.discovered)}起，现场制止${enf(L2008.discovered, L2008.stopped)}起，立案查处${enf(L2008.discovered, L2008.filed)}起；市本级立案查处${enf(L2008.cityFiled)}起，结案${enf(L2008.cityClosed)}起` +
        (rate !== undefined ? `，结案率${enf(L2008.closureRate)}%` : '') +
        `。认定闲置土地${enf(L2008.idleParcels)}宗，面积${enf(L2008.idleArea)}亩；卫片执法检查图斑${enf(L2008.satPatches)}个，涉及宗地${enf(L2008.satParcels)}宗，面积${enf(L2008.satArea)}亩，发现查处违法用地${enf(L2008.satViolations)}宗；拆除违法建设${enf(L2008.demolished)}栋(处)，面积${enf(L2008.demolishedArea)}万平方米。`,
    ],
    s8: [`${TO_COMPLETE}存在的主要问题和改进措施。`],
    s9: [
      `本报告统计期限为${ctx.year}年1月1日至12月31日，统计范围为${ctx.scope === 'rollup' ? '本机关及所属下级机关' : '本机关'}。指标统计附表如下。`,
    ],
  };
}

/** The product's draft of every section, from the figures. */
export function draftSections(template: Template, ctx: DraftContext): SectionText[] {
  const drafts = template === '2008' ? draft2008(ctx) : draftNational(ctx);
  return SECTION_LAYOUTS[template].map((s) => ({ id: s.id, paragraphs: drafts[s.id] ?? [], generated: true }));
}

/** The sections as they stand: the office's text where it edited one (the last edit wins), else the draft. */
export function withEdits(template: Template, drafts: readonly SectionText[], edits: readonly SectionEdit[]) {
  return drafts.map((d): SectionText => {
    const edit = [...edits].reverse().find((e) => e.template === template && e.sectionId === d.id);
    if (!edit) return d;
    return {
      id: d.id,
      paragraphs: paragraphsOf(edit.text),
      generated: false,
      bindings: edit.bindings,
      editedBy: edit.editedBy,
      editedAt: edit.editedAt,
    };
  });
}

// ---------------------------------------------------------------- text

/** Paragraphs of a typed text: one per non-empty line. */
export const paragraphsOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

/** Sentences end with 。！？ or ；. */
export const sentencesOf = (paragraph: string): string[] => paragraph.match(/[^。！？；]+[。！？；]?/g) ?? [];

const sentencesOfSection = (paragraphs: readonly string[]): string[] => paragraphs.flatMap(sentencesOf);

/**
 * Figures written as digits outside placeholders, except dates and ordinals (2009年, 12月, 31日, 第2).
 */
export function literalFigures(sentence: string): string[] {
  const bare = sentence.replace(PLACEHOLDER, ' ');
  return [...bare.matchAll(/(第)?(\d+(?:\.\d+)?)(?![\d.]*\s*[年月日号])/g)].flatMap((m) =>
    m[1] || m[2] === undefined ? [] : [m[2]],
  );
}

const formatNumber = (n: number): string => String(Math.round(n * 1e6) / 1e6);

/** A placeholder's value as printed, or undefined when it does not resolve. */
export function resolvePlaceholder(figures: DocumentFigures, ref: CellRef): string | undefined {
  const cur = cellAt(figures.tables, ref);
  if (ref.mode === 'this-year') return cur?.value === undefined ? undefined : formatNumber(cur.value);
  const prev = figures.previous ? cellAt(figures.previous, ref) : undefined;
  if (prev?.value === undefined) return undefined;
  if (ref.mode === 'previous-year') return formatNumber(prev.value);
  if (cur?.value === undefined) return undefined;
  const diff = cur.value - prev.value;
  const unit = cur.unit ?? '';
  return diff === 0 ? '持平' : `${diff > 0 ? '增加' : '减少'}${formatNumber(Math.abs(diff))}${unit}`;
}

/** The placeholders of a text that name no cell at all (refused when an edit is made). */
export function unknownPlaceholders(text: string, figures: DocumentFigures): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .flatMap((m) => (m[1] === undefined ? [] : [m[1]]))
    .filter((address) => {
      const ref = parseAddress(address);
      if (!ref) return true;
      const tables = ref.mode === 'this-year' ? figures.tables : figures.tables.concat(figures.previous ?? []);
      return cellAt(tables, ref) === undefined;
    });
}

/**
 * Binds each literal figure of an office's text to the cell it states: among the cells the section's
 * draft cites (its sentence at the same position first, then the whole section), the first whose
 * value is that figure. A figure no cited cell has (a date, a count the tables do not hold) stays unbound.
 */
export function bindLiterals(text: string, draft: SectionText, figures: DocumentFigures): Binding[] {
  const draftSentences = sentencesOfSection(draft.paragraphs);
  const cited = (sentence: string | undefined): string[] =>
    [...(sentence ?? '').matchAll(PLACEHOLDER)]
      .flatMap((m) => (m[1] === undefined ? [] : [m[1]]))
      .filter((a) => parseAddress(a)?.mode !== 'change');
  const all = draftSentences.flatMap(cited);
  const valueAt = (address: string): string | undefined => {
    const ref = parseAddress(address);
    return ref ? resolvePlaceholder(figures, ref) : undefined;
  };
  const out: Binding[] = [];
  sentencesOfSection(paragraphsOf(text)).forEach((sentence, i) => {
    for (const literal of literalFigures(sentence)) {
      const candidates = [...cited(draftSentences[i]), ...all];
      const address = candidates.find((a) => valueAt(a) === literal);
      if (address) out.push({ sentence: i, literal, address });
    }
  });
  return out;
}

// ---------------------------------------------------------------- resolution and checks

/** The document as printed: every placeholder resolved, the tables in place, and the prose checks. */
export function resolveDocument(
  template: Template,
  agencyName: string,
  year: number,
  sections: readonly SectionText[],
  figures: DocumentFigures,
): ReportDocument {
  const checks: NarrativeCheck[] = [];
  const resolved = SECTION_LAYOUTS[template].map((layout): ResolvedSection => {
    const text = sections.find((s) => s.id === layout.id) ?? { id: layout.id, paragraphs: [], generated: true };
    const unresolved = new Set<string>();
    const resolveText = (t: string): string =>
      t.replace(PLACEHOLDER, (_m, address: string) => {
        const ref = parseAddress(address);
        const value = ref ? resolvePlaceholder(figures, ref) : undefined;
        if (value === undefined) unresolved.add(address);
        return value ?? '—';
      });
    const blocks: ResolvedBlock[] = text.paragraphs.map((p) => ({
      kind: 'paragraph',
      sentences: sentencesOf(p).map((s) => ({ text: resolveText(s), generated: text.generated })),
    }));
    for (const id of layout.tables) {
      const table = figures.tables.find((t) => t.id === id);
      if (table) blocks.push({ kind: 'table', table });
    }
    for (const address of unresolved) {
      checks.push({
        rule: 'narrative.placeholder-resolves',
        section: layout.id,
        holds: false,
        detail: `${layout.heading}：{{${address}}} 未对应到有数值的报告单元格`,
      });
    }
    const sentences = sentencesOfSection(text.paragraphs);
    for (const b of text.bindings ?? []) {
      const ref = parseAddress(b.address);
      const now = ref ? resolvePlaceholder(figures, ref) : undefined;
      const stillThere =
        literalFigures(sentences[b.sentence] ?? '').includes(b.literal) && sentences[b.sentence] !== undefined;
      if (!stillThere) continue;
      checks.push({
        rule: 'narrative.literal-matches-cell',
        section: layout.id,
        holds: now === b.literal,
        detail: `${layout.heading} 第${b.sentence + 1}句：文中数字 ${b.literal} ${now === b.literal ? '=' : '≠'} {{${b.address}}} ${now ?? '—'}`,
      });
    }
    if (text.paragraphs.some((p) => p.includes(TO_COMPLETE))) {
      checks.push({
        rule: 'narrative.section-completed',
        section: layout.id,
        holds: false,
        detail: `${layout.heading}：尚有${TO_COMPLETE}的内容，须由办公室补充`,
      });
    }
    return {
      id: layout.id,
      heading: layout.heading,
      generated: text.generated,
      ...(text.editedBy !== undefined ? { editedBy: text.editedBy } : {}),
      ...(text.editedAt !== undefined ? { editedAt: text.editedAt } : {}),
      source: text.paragraphs.join('\n'),
      blocks,
    };
  });
  return { template, title: documentTitle(agencyName, year), sections: resolved, checks };
}

/**
 * `sha256:<hex>` over the text of every section (placeholders as written, who edited it) with the
 * figures it is resolved against: the tables' content hash and last year's figures.
 */
export function documentHash(input: {
  readonly template: Template;
  readonly contentHash: string;
  readonly sections: readonly SectionText[];
  readonly previous?: readonly ReportTable[];
}): string {
  const digest = createHash('sha256').update(canonicalJson(input)).digest('hex');
  return `sha256:${digest}`;
}

/** The product's draft, resolved: the document of a report nobody has edited. */
export function draftedDocument(template: Template, ctx: DraftContext): ReportDocument {
  return resolveDocument(template, ctx.agencyName, ctx.year, draftSections(template, ctx), ctx);
}
