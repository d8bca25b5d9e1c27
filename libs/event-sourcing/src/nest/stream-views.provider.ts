// A kind of case as a Nest provider: its StreamViews, built from its declaration with the service's
// runner, registry and documents, and listening to the service's relay (so a view a process did not
// write after its append is written when the commit is relayed). What a slice's declaration file
// hands to its module instead of a hand-written service class.
import { Inject, Injectable, type Provider } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { type DomainEvent } from '../decider.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { type DocumentCollections } from '../read-model/document-collection.js';
import { StreamViews, type StreamViewsSpec, type View } from '../read-model/stream-views.js';
import { CommandRunner } from './command-runner.js';
import { DOCUMENTS } from './tokens.js';

/** What a kind of case's declaration is given: the service's contract registry and document collections. */
export type StreamViewsDeclaration<TCommand, TEvent extends DomainEvent, TState, TView extends View> = (
  registry: ContractRegistry,
  documents: DocumentCollections,
) => StreamViewsSpec<TCommand, TEvent, TState, TView>;

/**
 * The service's kinds of case, made from their declarations: a service class that owns a kind (and
 * use cases beside its commands) injects this instead of the runner, registry, documents and relay.
 */
@Injectable()
export class CaseKinds {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) private readonly registry: ContractRegistry,
    @Inject(DOCUMENTS) readonly documents: DocumentCollections,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  /** The kind's StreamViews, listening to the service's relay. */
  of<TCommand, TEvent extends DomainEvent, TState, TView extends View>(
    declaration: StreamViewsDeclaration<TCommand, TEvent, TState, TView>,
  ): StreamViews<TCommand, TEvent, TState, TView> {
    const views = new StreamViews(this.runner, this.documents, declaration(this.registry, this.documents));
    views.listenTo(this.relay);
    return views;
  }
}

/** The provider of one kind of case under `token`: `spec(registry, documents)` declares it. */
export function streamViewsProvider<TCommand, TEvent extends DomainEvent, TState, TView extends View>(
  token: symbol,
  spec: (
    registry: ContractRegistry,
    documents: DocumentCollections,
  ) => StreamViewsSpec<TCommand, TEvent, TState, TView>,
): Provider {
  return {
    provide: token,
    inject: [CommandRunner, ContractRegistry, DOCUMENTS, OutboxRelay],
    useFactory: (
      runner: CommandRunner,
      registry: ContractRegistry,
      documents: DocumentCollections,
      relay: OutboxRelay,
    ): StreamViews<TCommand, TEvent, TState, TView> => {
      const views = new StreamViews(runner, documents, spec(registry, documents));
      views.listenTo(relay);
      return views;
    },
  };
}
