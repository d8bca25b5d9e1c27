// One kind of case of the service with its list view: commands run load → decide → append through
// the CommandRunner and then write the view (read-your-writes); a commit listener of the outbox relay
// keeps the view converged when a process died in between (at least once, version-guarded).
import { agencyAndDescendants, type EventEnvelope } from '#contracts';
import {
  type CaseTextsOfStream,
  type CommandContext,
  type CommandOptions,
  type CommandRunner,
  type Commit,
  type DocumentCollection,
  type DocumentCollections,
  type DomainError,
  type DomainEvent,
  type FindQuery,
  type FindResult,
  type OutboxRelay,
  type StreamType,
  type Where,
  type CollectionOptions,
  textErasureStream,
  textErasureStreamId,
  textsOfNewCase,
} from '#event-sourcing';

export interface CaseView {
  readonly id: string;
  readonly version: number;
}

export interface ViewedStreamSpec<TCommand, TEvent extends DomainEvent, TState, TView extends CaseView> {
  readonly stream: StreamType<TCommand, TEvent, TState>;
  readonly collection: string;
  readonly indexes?: CollectionOptions['indexes'];
  /** The qualified event types of this kind of case: commits of other kinds are not its business. */
  readonly eventTypes: ReadonlySet<string>;
  readonly view: (id: string, version: number, state: TState) => TView | undefined;
  readonly notFound: (id: string) => DomainError;
  /** Where the free text typed into this kind of case is kept (never in its events or views). */
  readonly texts?: CaseTextsOfStream<TCommand, TView>;
}

export class ViewedStream<TCommand, TEvent extends DomainEvent, TState, TView extends CaseView> {
  private readonly views: DocumentCollection<TView>;

  constructor(
    private readonly runner: CommandRunner,
    documents: DocumentCollections,
    relay: OutboxRelay,
    private readonly spec: ViewedStreamSpec<TCommand, TEvent, TState, TView>,
  ) {
    this.views = documents.collection<TView>(spec.collection, spec.indexes ? { indexes: spec.indexes } : {});
    relay.addCommitListener((commit) => this.onCommit(commit));
  }

  /** Runs a command; answers the view after it (also for an idempotent retry or a no-op). */
  async run(id: string, command: TCommand, ctx: CommandContext, options: CommandOptions = {}): Promise<TView> {
    const result = await this.runner.run(this.spec.stream, id, command, ctx, options);
    const view = this.spec.view(id, result.version, result.state);
    if (!view) throw this.spec.notFound(id);
    // After the append: a refused command leaves no text behind; a retry writes it again.
    const typed = this.spec.texts?.of(command, result.version) ?? {};
    await this.spec.texts?.store.keep(id, result.version, typed);
    await this.views.upsertIfNewer(id, result.version, view);
    const known = textsOfNewCase(result, typed);
    if (this.spec.texts && known) return this.spec.texts.show(view, known);
    return this.show(view);
  }

  /** The id a create of this kind of case opens in `agencyId` under `idempotencyKey`. */
  idForCreate(agencyId: string, idempotencyKey: string | undefined): Promise<string> {
    return this.runner.idForCreate(this.spec.stream.service, agencyId, idempotencyKey);
  }

  /** The case at its current version, read from its events (not from the view). */
  async get(id: string): Promise<TView> {
    const loaded = await this.runner.load(this.spec.stream, id);
    const view = this.spec.view(id, loaded.version, loaded.state);
    if (!view) throw this.spec.notFound(id);
    return this.show(view);
  }

  /**
   * Erases the free text of one case and audits it (`publications.CaseTextsErased`, no text); the
   * case, its events and figures stay as they are.
   */
  async eraseTexts(id: string, ctx: CommandContext): Promise<TView> {
    const { stream } = this.spec;
    const loaded = await this.runner.load(stream, id);
    if (!this.spec.view(id, loaded.version, loaded.state)) throw this.spec.notFound(id);
    const texts = this.spec.texts ? await this.spec.texts.store.eraseCase(id, ctx.actor, ctx.now) : 0;
    const agencyId = stream.agencyOf(loaded.state);
    await this.runner.run(
      textErasureStream(stream.service, stream.registry),
      textErasureStreamId(id),
      { type: 'EraseCaseTexts', caseId: id, agencyId, texts },
      ctx,
    );
    return this.get(id);
  }

  async history(id: string): Promise<EventEnvelope[]> {
    const loaded = await this.runner.load(this.spec.stream, id);
    if (loaded.version === 0) throw this.spec.notFound(id);
    return loaded.events;
  }

  async find(query: FindQuery): Promise<FindResult<TView>> {
    const found = await this.views.find(query);
    if (!this.spec.texts) return found;
    const { show } = this.spec.texts;
    const texts = await this.spec.texts.store.ofMany(found.items.map((v) => v.id));
    return { total: found.total, items: found.items.map((v) => show(v, texts.get(v.id) ?? {})) };
  }

  private async show(view: TView): Promise<TView> {
    return this.spec.texts ? this.spec.texts.show(view, await this.spec.texts.store.of(view.id)) : view;
  }

  count(where: Where): Promise<number> {
    return this.views.count(where);
  }

  private async onCommit(commit: Commit): Promise<void> {
    if (!commit.events.some((e) => this.spec.eventTypes.has(e.type))) return;
    const loaded = await this.runner.load(this.spec.stream, commit.streamId);
    const view = this.spec.view(commit.streamId, loaded.version, loaded.state);
    if (view) await this.views.upsertIfNewer(commit.streamId, loaded.version, view);
  }
}

/** An agency filter: the agency alone, or with `withSubordinates` it and every agency below it. */
export function agencyWhere(agencyId: string | undefined, withSubordinates = false): Where {
  if (agencyId === undefined) return {};
  return { agencyId: withSubordinates ? { $in: agencyAndDescendants(agencyId) } : agencyId };
}
