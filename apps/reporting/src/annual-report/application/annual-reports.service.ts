// The annual reports of agency-years: live figures from the projection, the office's declared
// facts, year close (freezing both templates' figures with a manifest), reopening, publication,
// post-close adjustments, reconciliation of a hand-filed report, and the year-end forecast.
import { Inject, Injectable } from '@nestjs/common';
import { agencyAndDescendants, agencyNameIn, ContractRegistry, type EventEnvelope } from '#contracts';
import { type NarrativeEditedData, type YearClosedData } from '#contracts/reporting';
import {
  type CommandContext,
  type CommandOptions,
  ConcurrencyError,
  DomainError,
  type StreamType,
} from '#event-sourcing';
import { CommandRunner } from '#event-sourcing/nest';
import {
  type AnnualReportCommand,
  annualReportDecider,
  type AnnualReportEvent,
  type AnnualReportState,
  annualReportStreamId,
  type ReportKey,
} from '../domain/annual-report.decider.js';
import { type LegalDate, legalDateOf, minDate, yearEnd } from '#contracts/legal-time';
import { type CaseFact } from '../domain/case-facts.js';
import { checksFor } from '../domain/checks.js';
import { deriveReport, type DerivedReport } from '../domain/derive-report.js';
import {
  bindLiterals,
  type DocumentFigures,
  documentHash,
  draftSections,
  type ReportDocument,
  resolveDocument,
  type SectionEdit,
  type SectionText,
  unknownPlaceholders,
  withEdits,
} from '../domain/document.js';
import { type Forecast, forecast } from '../domain/forecast.js';
import { type AreaTrend, monthlyTrend } from '../domain/monthly-trend.js';
import { eventsChangingYear } from '../domain/late-events.js';
import { type ExplainedFigure } from '../domain/explanation.js';
import { lastPublication, publishedScopes } from '../domain/publication.js';
import { type FiledReport, type Reconciliation, reconcile } from '../domain/reconcile.js';
import { type Figure, figuresOf, type Report, type ReportTable, tablesWithFigures } from '../domain/report-model.js';
import { replyDeadlinesSkeleton } from '../domain/reply-deadlines.js';
import { type DeclaredFacts, LNAT, tablesFor } from '../domain/templates.js';
import { type Scope, type Template, TEMPLATES, TOTAL_COLUMN } from '../domain/vocabulary.js';
import { yearFigures } from '../domain/year-figures.js';
import { type FactStore, isAtOrAbove, PROJECTION_VERSION, type Watermark } from './fact-store.js';
import { StatisticsProjection } from './statistics-projection.js';

export interface LoadedAnnualReport {
  readonly key: ReportKey;
  readonly state: AnnualReportState;
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

/** What the office sees of an annual report: its status, declared facts (who, when), closes. */
export interface AnnualReportView {
  readonly agencyId: string;
  readonly scope: string;
  readonly year: number;
  readonly version: number;
  readonly status: AnnualReportState['status'];
  readonly declared?: DeclaredFacts & { readonly declaredBy: string; readonly declaredAt: string };
  readonly closed?: {
    readonly closeNumber: number;
    readonly closedOn: string;
    readonly closedBy: string;
    readonly contentHashes: Record<string, string>;
  };
  readonly reopenings: ReadonlyArray<{
    readonly closeNumber: number;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  }>;
  readonly published?: { readonly publishedOn: string; readonly deadline: string; readonly onTime: boolean };
}

/**
 * A report as published, for anyone to read: the frozen tables and checks of the published close and
 * when it was published — without the manifest (offsets, event counts, late events), which is the
 * office's working detail, not part of the published document.
 */
export interface PublishedReport {
  readonly template: Template;
  readonly agencyId: string;
  readonly scope: Scope;
  readonly year: number;
  readonly asOf: string;
  readonly status: 'published';
  readonly published: {
    readonly publishedOn: string;
    readonly deadline: string;
    readonly onTime: boolean;
    readonly closeNumber: number;
    readonly closedOn: string;
  };
  readonly tables: readonly ReportTable[];
  readonly checks: ReturnType<typeof checksFor>;
  readonly contentHash: string;
  /** The document as published: the text frozen by the close, resolved against its figures. */
  readonly document: ReportDocument;
  readonly documentHash: string;
  /** How the office's own figures were made, as closed (absent for closes made before it was kept). */
  readonly explanation?: readonly ExplainedFigure[];
}

/** A report with its document (sections, text, tables in place) and the document's hash. */
export type ReportWithDocument = Report & {
  /**
   * How the figures the office answers for are made and where each part comes from (explanation.ts):
   * live, or as frozen by the close (absent for closes made before it was kept).
   */
  readonly explanation?: readonly ExplainedFigure[];
  readonly contentHash: string;
  readonly document: ReportDocument;
  readonly documentHash: string;
};

export interface LateEvent {
  readonly streamId: string;
  readonly eventType: string;
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}

export interface PostCloseAdjustments {
  readonly closeNumber: number;
  readonly closedOn: string;
  /**
   * Events consumed after the close that change the closed year's figures, whichever way they move
   * them (`domain/late-events.ts`).
   */
  readonly lateEvents: readonly LateEvent[];
  /** Figures the live derivation now gives differently from the frozen ones. */
  readonly differences: ReadonlyArray<{
    readonly template: Template;
    readonly table: string;
    readonly path: readonly string[];
    readonly column?: string;
    readonly frozen: number | null;
    readonly live: number | null;
  }>;
}

const figureKey = (f: { table: string; path: readonly string[]; column?: string }): string =>
  `${f.table}\u0000${f.path.join('\u0000')}\u0000${f.column ?? ''}`;

@Injectable()
export class AnnualReportsService {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(StatisticsProjection) private readonly projection: StatisticsProjection,
  ) {}

  private streamType(key: ReportKey): StreamType<AnnualReportCommand, AnnualReportEvent, AnnualReportState> {
    return {
      service: 'reporting',
      decider: annualReportDecider,
      registry: this.registry,
      agencyOf: () => key.agencyId,
    };
  }

  agencyIdsOf(key: Pick<ReportKey, 'agencyId' | 'scope'>): string[] {
    return key.scope === 'rollup' ? agencyAndDescendants(key.agencyId) : [key.agencyId];
  }

  async load(key: ReportKey): Promise<LoadedAnnualReport> {
    const loaded = await this.runner.load(this.streamType(key), annualReportStreamId(key));
    return { key, state: loaded.state, version: loaded.version, events: loaded.events };
  }

  async view(key: ReportKey): Promise<AnnualReportView> {
    return viewOf(await this.load(key));
  }

  // ---------------------------------------------------------------- commands

  // Each change takes the caller's If-Match (expectedVersion) and Idempotency-Key with its request
  // hash: a change retried after a lost answer gets the first result, not a 409 for its stale If-Match.
  private async run(
    key: ReportKey,
    command: AnnualReportCommand,
    ctx: CommandContext,
    options: CommandOptions,
  ): Promise<AnnualReportView> {
    await this.runner.run(this.streamType(key), annualReportStreamId(key), command, ctx, options);
    return this.view(key);
  }

  declareFacts(key: ReportKey, facts: DeclaredFacts, ctx: CommandContext, options: CommandOptions = {}) {
    return this.run(key, { type: 'DeclareFacts', report: key, ...facts }, ctx, options);
  }

  reopen(key: ReportKey, reason: string, ctx: CommandContext, options: CommandOptions = {}) {
    return this.run(key, { type: 'ReopenYear', report: key, reason }, ctx, options);
  }

  publish(key: ReportKey, ctx: CommandContext, options: CommandOptions = {}) {
    return this.run(
      key,
      { type: 'PublishReport', report: key, today: legalDateOf(ctx.now.toISOString()) },
      ctx,
      options,
    );
  }

  /**
   * Replaces a section's text. Placeholders must name report cells (400 otherwise); literal figures
   * are bound to the cell of the section's draft that has that value now, so that a later change to
   * the cell shows as a failed check instead of a silently wrong sentence.
   */
  async editNarrative(
    key: ReportKey,
    template: Template,
    sectionId: string,
    text: string,
    ctx: CommandContext,
    options: CommandOptions = {},
  ): Promise<AnnualReportView> {
    const loaded = await this.load(key);
    const figures = await this.liveFigures(key, loaded);
    const unknown = unknownPlaceholders(text, figures);
    if (unknown.length > 0) {
      throw new DomainError(
        'narrative.placeholder-unknown',
        `text names no report cell with ${unknown.map((a) => `{{${a}}}`).join(', ')} (address: {{表.行….列}}, see GET …/report?format=json → document)`,
        { field: 'text' },
      );
    }
    const draft = draftSections(template, this.draftContext(key, figures)).find((s) => s.id === sectionId);
    const bindings = draft ? bindLiterals(text, draft, figures) : [];
    return this.run(key, { type: 'EditNarrative', report: key, template, sectionId, text, bindings }, ctx, options);
  }

  private draftContext(key: ReportKey, figures: DocumentFigures) {
    return { ...figures, agencyName: agencyNameIn(key.agencyId, key.year), year: key.year, scope: key.scope };
  }

  /** This year's live tables of both templates, and last year's (frozen if last year is closed). */
  private async liveFigures(
    key: ReportKey,
    loaded: LoadedAnnualReport,
    asOf?: LegalDate,
    read?: readonly CaseFact[],
  ): Promise<DocumentFigures> {
    const facts = read ?? (await this.projection.activeStore().factsFor(this.agencyIdsOf(key), key.year, key.year));
    const reports = TEMPLATES.map((t) => this.derive(key, t, facts, loaded.state.declared, asOf));
    const previous = await this.previousYearTables(key);
    return { tables: documentTables(reports), ...(previous ? { previous } : {}) };
  }

  /** Last year's tables of both templates: as closed when it is, else live; undefined when it has no figure. */
  private async previousYearTables(key: ReportKey): Promise<ReportTable[] | undefined> {
    const prevKey: ReportKey = { ...key, year: key.year - 1 };
    const prev = await this.load(prevKey);
    const ids = this.agencyIdsOf(key);
    if (prev.state.closed) {
      const closed = prev.state.closed;
      return TEMPLATES.flatMap((t) => frozenTables(closed, t, ids)?.tables ?? []);
    }
    const facts = await this.projection.activeStore().factsFor(ids, prevKey.year, prevKey.year);
    if (facts.length === 0) return undefined;
    return TEMPLATES.flatMap((t) => this.derive(prevKey, t, facts, prev.state.declared).tables);
  }

  /** The sections as they stand now: drafts from the figures, with the office's edits in place. */
  private liveSections(key: ReportKey, template: Template, loaded: LoadedAnnualReport, figures: DocumentFigures) {
    return withEdits(template, draftSections(template, this.draftContext(key, figures)), editsOf(loaded.events));
  }

  private documentOf(
    key: ReportKey,
    template: Template,
    sections: readonly SectionText[],
    figures: DocumentFigures,
  ): ReportDocument {
    return resolveDocument(template, agencyNameIn(key.agencyId, key.year), key.year, sections, figures);
  }

  /** Freezes both templates as the projection has them now, with the manifest of that input. */
  async close(key: ReportKey, ctx: CommandContext, options: CommandOptions = {}): Promise<AnnualReportView> {
    const loaded = await this.load(key);
    const { expectedVersion, idempotencyKey } = options;
    // A stale If-Match is refused before the snapshot is computed — unless the request carries an
    // Idempotency-Key: then the runner answers a retry of a close that landed with its first result.
    if (expectedVersion !== undefined && expectedVersion !== loaded.version && idempotencyKey === undefined) {
      throw new ConcurrencyError(annualReportStreamId(key), expectedVersion, loaded.version);
    }
    const store = this.projection.activeStore();
    const progress = await store.progressByPartition();
    const watermark: Watermark = progress.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      offset: p.nextOffset,
    }));
    // Folded from the events below the watermark only, so the figures are exactly those of the manifest.
    const facts = await store.factsFor(this.agencyIdsOf(key), key.year, key.year, watermark);
    const declared = loaded.state.declared;
    const reports = TEMPLATES.map((template) => this.derive(key, template, facts, declared));
    const eventCounts = new Map<string, number>();
    for (const p of progress) eventCounts.set(p.topic, (eventCounts.get(p.topic) ?? 0) + p.events);
    // The text is frozen with the figures: every section as it stands (drafted or edited), and last
    // year's figures it compares with, under one hash per template over text and figures.
    const previous = await this.previousYearTables(key);
    const figures: DocumentFigures = { tables: documentTables(reports), ...(previous ? { previous } : {}) };
    const documents = reports.map((r) => {
      const sections = this.liveSections(key, r.template, loaded, figures);
      return {
        template: r.template,
        documentHash: documentHash({ template: r.template, contentHash: r.contentHash, sections, previous }),
        sections: sections.map((sec) => ({
          id: sec.id,
          generated: sec.generated,
          paragraphs: [...sec.paragraphs],
          ...(sec.bindings ? { bindings: sec.bindings.map((b) => ({ ...b })) } : {}),
          ...(sec.editedBy !== undefined ? { editedBy: sec.editedBy } : {}),
          ...(sec.editedAt !== undefined ? { editedAt: sec.editedAt } : {}),
        })),
      };
    });
    const previousYear = TEMPLATES.map((template) => ({
      template,
      figures: flatFigures((previous ?? []).filter((t) => tableTemplate(t.id) === template)),
    }));
    const snapshot: Pick<YearClosedData, 'manifest' | 'reports' | 'narrative'> = {
      narrative: { previousYear, documents, measures: flatFigures(reports[0]?.measures ?? []) },
      manifest: {
        projectionVersion: PROJECTION_VERSION,
        watermark: watermark.map((w) => ({ topic: w.topic, partition: w.partition, offset: String(w.offset) })),
        eventCounts: [...eventCounts].map(([topic, events]) => ({ topic, events })),
        factCount: facts.length,
        excludedFacts: reports[0]?.excluded.length ?? 0,
      },
      reports: reports.map((r) => ({
        template: r.template,
        asOf: r.asOf,
        contentHash: r.contentHash,
        figures: flatFigures(r.tables),
        // How the office's own figures were made, frozen with them (issue 16): a later declaration or
        // stock-take changes the live explanation, never the closed one.
        ...(r.explanation.length > 0 ? { explanation: r.explanation.map(frozenExplained) } : {}),
      })),
    };
    const today = legalDateOf(ctx.now.toISOString());
    // The snapshot holds the declared facts of the version loaded: the close lands on that version.
    return this.run(key, { type: 'CloseYear', report: key, today, snapshot }, ctx, {
      ...options,
      expectedVersion: expectedVersion ?? loaded.version,
    });
  }

  // ---------------------------------------------------------------- reports

  private derive(
    key: ReportKey,
    template: Template,
    facts: readonly CaseFact[],
    declared: DeclaredFacts | undefined,
    asOf?: LegalDate,
  ): DerivedReport {
    return deriveReport({
      template,
      agencyId: key.agencyId,
      scope: key.scope,
      year: key.year,
      agencyIds: this.agencyIdsOf(key),
      facts,
      ...(declared ? { declared } : {}),
      ...(asOf ? { asOf } : {}),
    });
  }

  /** The live derivation, with the manifest of the input it was derived from. */
  async live(key: ReportKey, template: Template, asOf?: LegalDate, loaded?: LoadedAnnualReport) {
    const l = loaded ?? (await this.load(key));
    const store = this.projection.activeStore();
    const [facts, watermark] = await Promise.all([
      store.factsFor(this.agencyIdsOf(key), key.year, key.year),
      store.watermark(),
    ]);
    const derived = this.derive(key, template, facts, l.state.declared, asOf);
    return {
      derived,
      facts,
      manifest: {
        projectionVersion: PROJECTION_VERSION,
        generation: store.generation,
        watermark,
        factCount: facts.length,
        excludedFacts: derived.excluded,
        anomalies: facts.flatMap((f) => f.anomalies.map((a) => `${f.id}: ${a}`)),
        contentHash: derived.contentHash,
      },
    };
  }

  /** The report: frozen once the year is closed (unless asked as of a date), live before. */
  async report(key: ReportKey, template: Template, asOf?: LegalDate): Promise<ReportWithDocument> {
    const loaded = await this.load(key);
    const closed = loaded.state.closed;
    if (closed && asOf === undefined) {
      const frozen = frozenTables(closed, template, this.agencyIdsOf(key));
      if (frozen) {
        const adjustments = await this.adjustments(key, loaded);
        const { document, documentHash: docHash } = this.frozenDocument(key, template, closed, loaded.events);
        return {
          template,
          agencyId: key.agencyId,
          scope: key.scope,
          year: key.year,
          asOf: frozen.asOf,
          status: loaded.state.status === 'published' ? 'published' : 'closed',
          tables: frozen.tables,
          checks: checksFor(template, frozen.tables, { carriedInRequests: carriedIn(closed) }),
          ...frozenExplanation(closed, template),
          manifest: {
            ...closed.manifest,
            closeNumber: closed.closeNumber,
            closedOn: closed.closedOn,
            contentHash: frozen.contentHash,
            documentHash: docHash,
            postCloseAdjustments: adjustments,
          },
          contentHash: frozen.contentHash,
          document,
          documentHash: docHash,
        };
      }
    }
    const cut = asOf ? minDate(asOf, yearEnd(key.year)) : undefined;
    const { derived, manifest, facts } = await this.live(key, template, cut, loaded);
    const figures = await this.liveFigures(key, loaded, cut, facts);
    const sections = this.liveSections(key, template, loaded, figures);
    const docHash = documentHash({
      template,
      contentHash: derived.contentHash,
      sections,
      ...(figures.previous ? { previous: figures.previous } : {}),
    });
    return {
      template,
      agencyId: key.agencyId,
      scope: key.scope,
      year: key.year,
      asOf: derived.asOf,
      status: 'live',
      tables: derived.tables,
      checks: derived.checks,
      explanation: derived.explanation,
      manifest: { ...manifest, documentHash: docHash },
      contentHash: derived.contentHash,
      document: this.documentOf(key, template, sections, figures),
      documentHash: docHash,
    };
  }

  /**
   * The document of a closed year: the text frozen by the close, resolved against the frozen figures
   * of both templates and last year's frozen with them. A close made before documents were frozen has
   * no text: the drafts of its frozen figures, with the edits recorded so far, stand in.
   */
  private frozenDocument(
    key: ReportKey,
    template: Template,
    closed: YearClosedData,
    events: readonly EventEnvelope[],
  ): { document: ReportDocument; documentHash: string } {
    const ids = this.agencyIdsOf(key);
    const tables = TEMPLATES.flatMap((t) => frozenTables(closed, t, ids)?.tables ?? []);
    const previousFigures = closed.narrative?.previousYear ?? [];
    const previous = previousFigures.some((p) => p.figures.length > 0)
      ? previousFigures.flatMap((p) =>
          tablesWithFigures(
            tablesFor(p.template, yearFigures([], { agencyIds: ids, year: closed.year - 1 }), undefined),
            p.figures as Figure[],
          ),
        )
      : undefined;
    const measures = tablesWithFigures([replyDeadlinesSkeleton()], (closed.narrative?.measures ?? []) as Figure[]);
    const figures: DocumentFigures = { tables: [...tables, ...measures], ...(previous ? { previous } : {}) };
    const stored = closed.narrative?.documents.find((d) => d.template === template);
    const sections: SectionText[] = stored
      ? stored.sections.map((s) => ({ ...s }))
      : withEdits(template, draftSections(template, this.draftContext(key, figures)), editsOf(events));
    const contentHash = closed.reports.find((r) => r.template === template)?.contentHash ?? '';
    return {
      document: this.documentOf(key, template, sections, figures),
      documentHash:
        stored?.documentHash ?? documentHash({ template, contentHash, sections, ...(previous ? { previous } : {}) }),
    };
  }

  /**
   * The report an agency last published for a year (its roll-up if it has bureaus below it and
   * published one, else its own), in a template; undefined when none has been published.
   */
  async published(agencyId: string, year: number, template: Template): Promise<PublishedReport | undefined> {
    for (const scope of publishedScopes(agencyAndDescendants(agencyId).length > 1)) {
      const key: ReportKey = { agencyId, scope, year };
      const loaded = await this.load(key);
      const publication = lastPublication(loaded.events);
      if (!publication) continue;
      const frozen = frozenTables(publication.closed, template, this.agencyIdsOf(key));
      if (!frozen) continue;
      const { published, closed } = publication;
      const { document, documentHash: docHash } = this.frozenDocument(key, template, closed, loaded.events);
      return {
        template,
        agencyId,
        scope,
        year,
        asOf: frozen.asOf,
        status: 'published',
        published: {
          publishedOn: published.publishedOn,
          deadline: published.deadline,
          onTime: published.onTime,
          closeNumber: published.closeNumber,
          closedOn: closed.closedOn,
        },
        tables: frozen.tables,
        checks: checksFor(template, frozen.tables, { carriedInRequests: carriedIn(closed) }),
        ...frozenExplanation(closed, template),
        contentHash: frozen.contentHash,
        document,
        documentHash: docHash,
      };
    }
    return undefined;
  }

  /** Late events and changed figures since the close; undefined while the year is open. */
  async adjustments(key: ReportKey, preloaded?: LoadedAnnualReport): Promise<PostCloseAdjustments | undefined> {
    const loaded = preloaded ?? (await this.load(key));
    const closed = loaded.state.closed;
    if (!closed) return undefined;
    const store: FactStore = this.projection.activeStore();
    const ids = this.agencyIdsOf(key);
    const watermark: Watermark = closed.manifest.watermark.map((w) => ({ ...w, offset: Number(w.offset) }));
    // The cases that count in the year now, and those with late events wherever they count now: a
    // late event may have taken a case out of the year (a repeal dated in an earlier year).
    const [inYear, withLateEvents] = await Promise.all([
      store.storedFor(ids, key.year, key.year),
      store.storedWithEventsFrom(ids, watermark),
    ]);
    const candidates = new Map([...inYear, ...withLateEvents].map((s) => [s.streamId, s]));
    const late = isAtOrAbove(watermark);
    const scope = { agencyIds: ids, year: key.year };
    const lateEvents: LateEvent[] = [...candidates.values()]
      .flatMap((s) => {
        const after = s.events.filter(late);
        if (after.length === 0) return [];
        const settled = s.events.filter((e) => !late(e));
        return eventsChangingYear(s.streamId, settled, after, scope).map((e) => ({
          streamId: s.streamId,
          eventType: e.source.eventType,
          streamVersion: e.source.streamVersion,
          recordedAt: e.source.recordedAt,
          ...(e.source.topic !== undefined ? { topic: e.source.topic } : {}),
          ...(e.source.partition !== undefined ? { partition: e.source.partition } : {}),
          ...(e.source.offset !== undefined ? { offset: e.source.offset } : {}),
        }));
      })
      .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
    const facts = await store.factsFor(this.agencyIdsOf(key), key.year, key.year);
    const differences: Array<PostCloseAdjustments['differences'][number]> = [];
    for (const frozen of closed.reports) {
      const live = new Map(
        figuresOf(this.derive(key, frozen.template, facts, loaded.state.declared).tables).map((f) => [figureKey(f), f]),
      );
      const seen = new Set<string>();
      for (const f of frozen.figures) {
        const k = figureKey(f);
        seen.add(k);
        const now = live.get(k)?.value;
        if (now !== f.value) {
          differences.push({
            template: frozen.template,
            table: f.table,
            path: f.path,
            ...(f.column !== undefined ? { column: f.column } : {}),
            frozen: f.value,
            live: now ?? null,
          });
        }
      }
      for (const [k, f] of live) {
        if (!seen.has(k))
          differences.push({
            template: frozen.template,
            table: f.table,
            path: f.path,
            ...(f.column !== undefined ? { column: f.column } : {}),
            frozen: null,
            live: f.value,
          });
      }
    }
    return { closeNumber: closed.closeNumber, closedOn: closed.closedOn, lateEvents, differences };
  }

  async reconcile(
    key: ReportKey,
    template: Template,
    filed: FiledReport,
  ): Promise<Reconciliation & { against: { status: string; contentHash: string } }> {
    const [report, national] = await Promise.all([
      this.report(key, template),
      template === 'national-2021' ? undefined : this.report(key, 'national-2021'),
    ]);
    const carried = carriedInOf(national?.tables ?? report.tables);
    const result = reconcile(
      template,
      report.tables,
      filed,
      carried !== undefined ? { carriedInRequests: carried } : {},
    );
    return { ...result, against: { status: report.status, contentHash: report.contentHash } };
  }

  async forecast(key: ReportKey, template: Template, asOf: LegalDate): Promise<Forecast> {
    const loaded = await this.load(key);
    const facts = await this.projection.activeStore().factsFor(this.agencyIdsOf(key), key.year - 1, key.year);
    return forecast({
      template,
      agencyId: key.agencyId,
      scope: key.scope,
      year: key.year,
      agencyIds: this.agencyIdsOf(key),
      facts,
      ...(loaded.state.declared ? { declared: loaded.state.declared } : {}),
      asOf,
    });
  }

  /** The latest year with a case of the agency (or its roll-up), for a page's default year. */
  latestYear(key: Pick<ReportKey, 'agencyId' | 'scope'>): Promise<number | undefined> {
    return this.projection.activeStore().latestYear(this.agencyIdsOf(key));
  }

  /** Cases per month per area of the year up to `asOf`, beside the 2008 template's year-end forecast. */
  async trend(key: ReportKey, asOf: LegalDate): Promise<MonthlyTrend> {
    const agencyIds = this.agencyIdsOf(key);
    const [facts, projected] = await Promise.all([
      this.projection.activeStore().factsFor(agencyIds, key.year, key.year),
      this.forecast(key, '2008', asOf),
    ]);
    return {
      ...key,
      asOf,
      forecastMethod: projected.method,
      areas: monthlyTrend({ year: key.year, agencyIds, facts, forecastRows: projected.rows, asOf }),
    };
  }
}

/** What GET /reporting/trend answers (the operations service's monitoring page draws it). */
export interface MonthlyTrend extends ReportKey {
  readonly asOf: LegalDate;
  readonly forecastMethod: string;
  readonly areas: AreaTrend[];
}

/** The figures of tables as a close records them (plain, mutable copies). */
function flatFigures(tables: readonly ReportTable[]) {
  return figuresOf(tables).map((f) => ({
    table: f.table,
    path: [...f.path],
    ...(f.column !== undefined ? { column: f.column } : {}),
    value: f.value,
  }));
}

/**
 * What the document is resolved against: both templates' statutory tables and the derived measures
 * (the same for both templates: they come from the same facts).
 */
const documentTables = (reports: readonly DerivedReport[]): ReportTable[] => [
  ...reports.flatMap((r) => r.tables),
  ...(reports[0]?.measures ?? []),
];

/** The frozen tables of a template, rebuilt from the figures the close recorded. */
export function frozenTables(
  closed: YearClosedData,
  template: Template,
  agencyIds: readonly string[],
): { tables: ReportTable[]; asOf: string; contentHash: string } | undefined {
  const frozen = closed.reports.find((r) => r.template === template);
  if (!frozen) return undefined;
  const skeleton = tablesFor(template, yearFigures([], { agencyIds, year: closed.year }), undefined);
  const tables = tablesWithFigures(skeleton, frozen.figures as Figure[]);
  return { tables, asOf: frozen.asOf, contentHash: frozen.contentHash };
}

/** 二、上年结转 总计 from national table 三, when present. */
function carriedInOf(tables: readonly ReportTable[]): number | undefined {
  const t = tables.find((x) => x.id === 'national-3');
  return t?.rows.find((r) => r.label === LNAT.carriedIn)?.values?.[TOTAL_COLUMN];
}

/** An explained figure as the YearClosed event carries it (no undefined keys: the contract is strict). */
type FrozenExplained = NonNullable<YearClosedData['reports'][number]['explanation']>[number];
function frozenExplained(x: ExplainedFigure): FrozenExplained {
  return {
    table: x.table,
    path: [...x.path],
    ...(x.column !== undefined ? { column: x.column } : {}),
    value: x.value,
    parts: x.parts.map((p) => ({
      source: p.source,
      value: p.value,
      ...(p.agencyId !== undefined ? { agencyId: p.agencyId } : {}),
      ...(p.asOf !== undefined ? { asOf: p.asOf } : {}),
      ...(p.chosen !== undefined ? { chosen: p.chosen } : {}),
      ...(p.notUsed ? { notUsed: { ...p.notUsed } } : {}),
    })),
  };
}

/** The explanation a close froze for a template, as a report field (nothing for older closes). */
function frozenExplanation(closed: YearClosedData, template: Template): { explanation?: readonly ExplainedFigure[] } {
  const explanation = closed.reports.find((r) => r.template === template)?.explanation;
  return explanation ? { explanation } : {};
}

function carriedIn(closed: YearClosedData): number {
  const national = closed.reports.find((r) => r.template === 'national-2021');
  return (
    national?.figures.find((f) => f.table === 'national-3' && f.path[0] === LNAT.carriedIn && f.column === TOTAL_COLUMN)
      ?.value ?? 0
  );
}

export function viewOf(loaded: LoadedAnnualReport): AnnualReportView {
  const { key, state, version, events } = loaded;
  const last = (type: string) => [...events].reverse().find((e) => e.type === `reporting.${type}`);
  const declaredEvent = last('FactsDeclared');
  const closedEvent = last('YearClosed');
  const reopenEvents = events.filter((e) => e.type === 'reporting.YearReopened');
  return {
    agencyId: key.agencyId,
    scope: key.scope,
    year: key.year,
    version,
    status: state.status,
    ...(state.declared && declaredEvent
      ? {
          declared: {
            fullTimeStaff: state.declared.fullTimeStaff,
            partTimeStaff: state.declared.partTimeStaff,
            expenditureWanYuan: state.declared.expenditureWanYuan,
            declaredBy: declaredEvent.actor,
            declaredAt: declaredEvent.recordedAt,
          },
        }
      : {}),
    ...(state.closed && closedEvent
      ? {
          closed: {
            closeNumber: state.closed.closeNumber,
            closedOn: state.closed.closedOn,
            closedBy: closedEvent.actor,
            contentHashes: Object.fromEntries(state.closed.reports.map((r) => [r.template, r.contentHash])),
          },
        }
      : {}),
    reopenings: reopenEvents.map((e) => {
      const d = e.data as { reopenedCloseNumber: number; reason: string };
      return { closeNumber: d.reopenedCloseNumber, reason: d.reason, by: e.actor, at: e.recordedAt };
    }),
    ...(state.published
      ? {
          published: {
            publishedOn: state.published.publishedOn,
            deadline: state.published.deadline,
            onTime: state.published.onTime,
          },
        }
      : {}),
  };
}

/** Which template a table id belongs to (`2008-…`, `national-…`). */
const tableTemplate = (tableId: string): Template => (tableId.startsWith('2008') ? '2008' : 'national-2021');

/** The office's edits of the report's text, in the order made, with who and when from their envelopes. */
export function editsOf(events: readonly EventEnvelope[]): SectionEdit[] {
  return events
    .filter((e) => e.type === 'reporting.NarrativeEdited')
    .map((e) => {
      const d = e.data as NarrativeEditedData;
      return {
        template: d.template as Template,
        sectionId: d.sectionId,
        text: d.text,
        bindings: d.bindings,
        editedBy: e.actor,
        editedAt: e.recordedAt,
      };
    });
}
