// Idle-land findings (闲置土地): record one, read one, list many.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { idleLandDetermined } from '#contracts/enforcement';
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
  idleLandDecider,
  idleLandTextsOf,
  type IdleLandCommand,
  type IdleLandEvent,
  type IdleLandState,
} from '../domain/idle-land.decider.js';

export interface IdleLandView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly determinedOn: string;
  readonly parcels: number;
  readonly areaMu: number;
  /** Free text (kept apart as case texts, shown while held): null when none is on file. */
  readonly reference: string | null;
}

const toView = (id: string, version: number, s: IdleLandState): IdleLandView | undefined =>
  s.status === 'none'
    ? undefined
    : {
        id,
        version,
        agencyId: s.finding.agencyId,
        determinedOn: s.finding.determinedOn,
        parcels: s.finding.parcels,
        areaMu: s.finding.areaMu,
        reference: null,
      };

@Injectable()
export class IdleLandService implements OnModuleInit {
  private readonly findings: StreamViews<IdleLandCommand, IdleLandEvent, IdleLandState, IdleLandView>;

  constructor(
    @Inject(CommandRunner) runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.findings = new StreamViews(runner, documents, {
      stream: {
        service: 'enforcement',
        decider: idleLandDecider,
        registry,
        agencyOf: (s) => (s.status === 'none' ? '' : s.finding.agencyId),
      },
      collection: 'idle-land-findings',
      indexes: ['agencyId', 'determinedOn'],
      eventTypes: new Set([idleLandDetermined.type]),
      view: toView,
      notFound: { rule: 'idle-land.unknown', what: 'idle-land finding' },
      texts: {
        store: new CaseTexts(documents),
        of: idleLandTextsOf,
        show: showTexts<IdleLandView>({ reference: 'reference' }),
      },
    });
  }

  onModuleInit(): void {
    this.findings.listenTo(this.relay);
  }

  async determine(
    input: Omit<IdleLandCommand, 'type' | 'today'>,
    ctx: CommandContext,
    meta: { idempotencyKey?: string; requestHash?: string },
  ): Promise<WithDateWarnings<IdleLandView>> {
    const command: IdleLandCommand = { type: 'DetermineIdleLand', ...input, today: legalToday(ctx.now) };
    return withDateWarnings(
      await this.findings.run(await this.findings.idForCreate(input.agencyId, meta.idempotencyKey), command, ctx, meta),
      command,
    );
  }

  get(id: string): Promise<IdleLandView> {
    return this.findings.get(id);
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<IdleLandView>> {
    return this.findings.list(where, { determinedOn: -1 }, skip, limit);
  }

  /** Erases the free text of one case (its reference); its event and figures stay. */
  async eraseTexts(id: string, ctx: CommandContext, mayActFor: (agencyId: string) => void): Promise<IdleLandView> {
    return this.findings.eraseTexts(id, ctx, mayActFor);
  }
}
