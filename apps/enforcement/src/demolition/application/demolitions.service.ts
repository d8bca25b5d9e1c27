// Demolitions of illegal buildings (拆除违法建设): record one, read one, list many.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { demolitionCompleted } from '#contracts/enforcement';
import { type CommandContext } from '#event-sourcing';
import { CommandRunner, DOCUMENTS } from '#event-sourcing/nest';
import { OutboxRelay } from '#event-sourcing/outbox';
import {
  CaseTexts,
  showTexts,
  type DocumentCollections,
  type FindResult,
  StreamViews,
  type Where,
} from '#event-sourcing/read-model';
import { legalToday, withDateWarnings, type WithDateWarnings } from '#contracts/legal-time';
import {
  demolitionDecider,
  demolitionTextsOf,
  type DemolitionCommand,
  type DemolitionEvent,
  type DemolitionState,
} from '../domain/demolition.decider.js';

export interface DemolitionView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly completedOn: string;
  readonly buildings: number;
  readonly floorAreaM2: number;
  /** Free text (kept apart as case texts, shown while held): null when none is on file. */
  readonly reference: string | null;
}

const toView = (id: string, version: number, s: DemolitionState): DemolitionView | undefined =>
  s.status === 'none'
    ? undefined
    : {
        id,
        version,
        agencyId: s.demolition.agencyId,
        completedOn: s.demolition.completedOn,
        buildings: s.demolition.buildings,
        floorAreaM2: s.demolition.floorAreaM2,
        reference: null,
      };

@Injectable()
export class DemolitionsService implements OnModuleInit {
  private readonly demolitions: StreamViews<DemolitionCommand, DemolitionEvent, DemolitionState, DemolitionView>;

  constructor(
    @Inject(CommandRunner) runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.demolitions = new StreamViews(runner, documents, {
      stream: {
        service: 'enforcement',
        decider: demolitionDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.demolition.agencyId),
      },
      collection: 'demolitions',
      indexes: ['agencyId', 'completedOn'],
      eventTypes: new Set([demolitionCompleted.type]),
      view: toView,
      notFound: { rule: 'demolition.unknown', what: 'demolition' },
      texts: {
        store: new CaseTexts(documents),
        of: demolitionTextsOf,
        show: showTexts<DemolitionView>({ reference: 'reference' }),
      },
    });
  }

  onModuleInit(): void {
    this.demolitions.listenTo(this.relay);
  }

  async complete(
    input: Omit<DemolitionCommand, 'type' | 'today'>,
    ctx: CommandContext,
    meta: { idempotencyKey?: string; requestHash?: string },
  ): Promise<WithDateWarnings<DemolitionView>> {
    const command: DemolitionCommand = { type: 'CompleteDemolition', ...input, today: legalToday(ctx.now) };
    return withDateWarnings(
      await this.demolitions.run(
        await this.demolitions.idForCreate(input.agencyId, meta.idempotencyKey),
        command,
        ctx,
        meta,
      ),
      command,
    );
  }

  get(id: string): Promise<DemolitionView> {
    return this.demolitions.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<DemolitionView>> {
    return this.demolitions.list(where, { completedOn: -1 }, skip, limit);
  }

  /** Erases the free text of one case (its reference); its event and figures stay. */
  async eraseTexts(id: string, ctx: CommandContext, mayActFor: (agencyId: string) => void): Promise<DemolitionView> {
    return this.demolitions.eraseTexts(id, ctx, mayActFor);
  }
}
