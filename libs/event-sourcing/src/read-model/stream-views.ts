// One kind of case with its list view — every service's cases use it: commands go through the
// StreamCommands port (load → decide → append, with the caller's agency checked on that one load), then
// the case's view document is written with a version guard. The relay's commit listener writes it
// again when a process died between the append and the view write: a commit whose view this process
// wrote costs nothing (it remembers the versions it wrote lately), another's a point read of the view,
// and only a view not written a load of the stream.
import { type EventEnvelope } from '#contracts';
import { type CommandContext, type CommandOptions, type StreamCommands, type StreamType } from '../command-handler.js';
import { type DomainEvent } from '../decider.js';
import { DomainError } from '../domain-error.js';
import {
  type CollectionOptions,
  type DocumentCollection,
  type DocumentCollections,
  type FindQuery,
  type FindResult,
  type SortOrder,
  type Where,
} from './document-collection.js';
import { type Commit, type CommitFeed } from '../event-store.js';
import { textsOfNewCase, type CaseTextsOfStream } from './case-texts.js';
import { textErasureStream, textErasureStreamId } from './text-erasure.js';
import { RecentMap } from '../recent-map.js';

/** How many cases' view versions a process remembers writing (the relay's listener skips those). */
const VIEWS_REMEMBERED = 10_000;

export interface View {
  readonly id: string;
  readonly version: number;
}

/** What a kind of case declares: its stream type, its view and where its free text is kept. */
export interface StreamViewsSpec<TCommand, TEvent extends DomainEvent, TState, TView extends View> {
  readonly stream: StreamType<TCommand, TEvent, TState>;
  /** The view collection and the fields lists filter on. */
  readonly collection: string;
  readonly indexes?: CollectionOptions['indexes'];
  /** Qualified event types of this kind of stream: the commits the listener looks at. */
  readonly eventTypes: ReadonlySet<string>;
  /** The view of the case at a version; undefined while the case does not exist. */
  readonly view: (id: string, version: number, state: TState) => TView | undefined;
  /** The refusal of an unknown case: rule (`case.unknown`) and what the case is called. */
  readonly notFound: { readonly rule: string; readonly what: string };
  /** Where the free text typed into this kind of case is kept (never in its events or views). */
  readonly texts?: CaseTextsOfStream<TCommand, TView, TState>;
}

export class StreamViews<TCommand, TEvent extends DomainEvent, TState, TView extends View> {
  readonly stream: StreamType<TCommand, TEvent, TState>;
  private readonly views: DocumentCollection<TView>;
  private readonly toView: StreamViewsSpec<TCommand, TEvent, TState, TView>['view'];
  private readonly eventTypes: ReadonlySet<string>;
  private readonly notFound: StreamViewsSpec<TCommand, TEvent, TState, TView>['notFound'];
  private readonly texts: CaseTextsOfStream<TCommand, TView, TState> | undefined;
  /** The version of each view this process wrote lately (at least that version is stored). */
  private readonly written = new RecentMap<string, number>(VIEWS_REMEMBERED);

  constructor(
    private readonly runner: StreamCommands,
    documents: DocumentCollections,
    spec: StreamViewsSpec<TCommand, TEvent, TState, TView>,
  ) {
    this.stream = spec.stream;
    this.views = documents.collection<TView>(spec.collection, spec.indexes ? { indexes: spec.indexes } : {});
    this.toView = spec.view;
    this.eventTypes = spec.eventTypes;
    this.notFound = spec.notFound;
    this.texts = spec.texts;
  }

  listenTo(relay: CommitFeed): void {
    relay.addCommitListener((commit) => this.onCommit(commit));
  }

  async run(id: string, command: TCommand, ctx: CommandContext, options: CommandOptions = {}): Promise<TView> {
    const result = await this.runner.run(this.stream, id, command, ctx, options);
    const view = this.toView(id, result.version, result.state);
    if (!view) throw this.missing(id);
    // After the append: a refused command leaves no text behind; a retry writes it again.
    const typed = this.texts?.of(command, result.version) ?? {};
    await this.texts?.store.keep(id, result.version, typed, this.texts.subjectOf?.(result.state) ?? null);
    await this.views.upsertIfNewer(id, result.version, view);
    this.noteWritten(id, result.version);
    const known = textsOfNewCase(result, typed);
    if (this.texts && known) return this.texts.show(view, known);
    return this.show(view);
  }

  /** The id a create of this kind of case opens in `agencyId` under `idempotencyKey`. */
  idForCreate(agencyId: string, idempotencyKey: string | undefined): Promise<string> {
    return this.runner.idForCreate(this.stream.service, agencyId, idempotencyKey);
  }

  /** The case as it stands now (its stream loaded: what a reader of one case is owed), texts shown. */
  get(id: string): Promise<TView> {
    return this.read(id, this.toView);
  }

  /**
   * The case as it stands now in a projection of its own (a detail richer than the list view),
   * texts shown: `project` is the list view's function or one that extends its view.
   */
  async read<TDetail extends TView>(
    id: string,
    project: (id: string, version: number, state: TState) => TDetail | undefined,
  ): Promise<TDetail> {
    const loaded = await this.runner.load(this.stream, id);
    const detail = project(id, loaded.version, loaded.state);
    if (!detail) throw this.missing(id);
    // `show` adds the text fields to whatever it is given, a detail as well as a view.
    return (await this.show(detail)) as TDetail;
  }

  /**
   * Erases the free text of one case and audits it (`<service>.CaseTextsErased`, no text); the
   * case, its events and figures stay as they are. Erasing again erases nothing and is audited too.
   */
  async eraseTexts(id: string, ctx: CommandContext, mayActFor?: (agencyId: string) => void): Promise<TView> {
    const loaded = await this.runner.load(this.stream, id);
    const view = this.toView(id, loaded.version, loaded.state);
    if (!view) throw this.missing(id);
    const agencyId = this.stream.agencyOf(loaded.state);
    mayActFor?.(agencyId);
    const texts = this.texts ? await this.texts.store.eraseCase(id, ctx.actor, ctx.now) : 0;
    const audit = textErasureStream(this.stream.service, this.stream.registry);
    await this.runner.run(audit, textErasureStreamId(id), { type: 'EraseCaseTexts', caseId: id, agencyId, texts }, ctx);
    // The case's own stream did not change: the view as loaded, without the erased text.
    return this.show(view);
  }

  async state(id: string): Promise<{ state: TState; version: number }> {
    return this.runner.load(this.stream, id);
  }

  list(
    where: Where,
    sort: Readonly<Record<string, SortOrder>>,
    skip: number,
    limit: number,
  ): Promise<FindResult<TView>> {
    return this.find({ where, sort, skip, limit });
  }

  /** The case's events, oldest first (its history as recorded). */
  async history(id: string): Promise<EventEnvelope[]> {
    const loaded = await this.runner.load(this.stream, id);
    if (loaded.version === 0) throw this.missing(id);
    return loaded.events;
  }

  async find(query: FindQuery): Promise<FindResult<TView>> {
    const found = await this.views.find(query);
    if (!this.texts) return found;
    const { show } = this.texts;
    const texts = await this.texts.store.ofMany(found.items.map((v) => v.id));
    return { total: found.total, items: found.items.map((v) => show(v, texts.get(v.id) ?? {})) };
  }

  /** The views as stored, without their texts: for counting and grouping, never for a reader. */
  findStored(query: FindQuery): Promise<FindResult<TView>> {
    return this.views.find(query);
  }

  count(where: Where): Promise<number> {
    return this.views.count(where);
  }

  private async show(view: TView): Promise<TView> {
    return this.texts ? this.texts.show(view, await this.texts.store.of(view.id)) : view;
  }

  private missing(id: string): DomainError {
    return new DomainError(this.notFound.rule, `no ${this.notFound.what} ${id}`, { kind: 'not-found' });
  }

  private async onCommit(commit: Commit): Promise<void> {
    if (!commit.events.some((e) => this.eventTypes.has(e.type))) return;
    // Usually this process's command wrote the view already: nothing to read.
    if ((this.written.get(commit.streamId) ?? 0) >= commit.lastVersion) return;
    // Another replica's command, or a view this process forgot: a point read is cheaper than the stream.
    const stored = await this.views.getVersioned(commit.streamId);
    if (stored && stored.version >= commit.lastVersion) return;
    const loaded = await this.runner.load(this.stream, commit.streamId);
    const view = this.toView(commit.streamId, loaded.version, loaded.state);
    if (!view) return;
    await this.views.upsertIfNewer(commit.streamId, loaded.version, view);
    this.noteWritten(commit.streamId, loaded.version);
  }

  private noteWritten(id: string, version: number): void {
    if ((this.written.get(id) ?? 0) < version) this.written.set(id, version);
  }
}
