// Declared tallies of an agency-year: page views of the disclosure column and service information
// provided. Declaring is absolute (the figure of a period, not an increment), so a conflicting
// concurrent declaration is simply re-decided on the newer state unless the caller sent If-Match.
import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry } from '#contracts';
import { DomainError, type CommandContext, type StreamType, type CommandOptions } from '#event-sourcing';
import { CommandRunner, DOCUMENTS } from '#event-sourcing/nest';
import {
  type DocumentCollection,
  type DocumentCollections,
  type FindResult,
  type Where,
} from '#event-sourcing/read-model';
import { legalToday } from '#contracts/legal-time';
import { type TallyFigures, yearOfPeriod } from '../domain/declared-tally.js';
import {
  pageViewTallyDecider,
  serviceInformationTallyDecider,
  type PageViewCommand,
  type PageViewEvent,
  type ServiceInformationCommand,
  type ServiceInformationEvent,
  type TallyState,
} from '../domain/tally.decider.js';

export type TallyKind = 'page-views' | 'service-information';

export interface TallyView {
  readonly id: string;
  readonly kind: TallyKind;
  readonly agencyId: string;
  readonly year: number;
  readonly yearTotal: number;
  /** figures[source][period]; service information has the one source `all`. */
  readonly figures: TallyFigures;
  readonly version: number;
}

export const TALLY_VIEWS = 'tallies';

export const tallyStreamId = (kind: TallyKind, agencyId: string, year: number): string => `${kind}:${agencyId}:${year}`;

@Injectable()
export class TalliesService {
  private readonly pageViews: StreamType<PageViewCommand, PageViewEvent, TallyState>;
  private readonly serviceInformation: StreamType<ServiceInformationCommand, ServiceInformationEvent, TallyState>;
  private readonly views: DocumentCollection<TallyView>;

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ContractRegistry) registry: ContractRegistry,
    @Inject(DOCUMENTS) documents: DocumentCollections,
  ) {
    const agencyOf = (s: TallyState): string => (s.status === 'none' ? '' : s.agencyId);
    this.pageViews = { service: 'consultations', decider: pageViewTallyDecider, registry, agencyOf };
    this.serviceInformation = { service: 'consultations', decider: serviceInformationTallyDecider, registry, agencyOf };
    this.views = documents.collection<TallyView>(TALLY_VIEWS, { indexes: ['agencyId', 'year'] });
  }

  async recordPageViews(
    input: { agencyId: string; period: string; source: string; views: number },
    ctx: CommandContext,
    options: CommandOptions = {},
  ): Promise<TallyView> {
    const id = tallyStreamId('page-views', input.agencyId, yearOfPeriod(input.period));
    const result = await this.runner.run(
      this.pageViews,
      id,
      { type: 'RecordPageViews', ...input, today: legalToday(ctx.now) },
      ctx,
      { ...options, retryOnConflict: 3 },
    );
    return this.refresh('page-views', id, result.version, result.state);
  }

  async declareServiceInformation(
    input: { agencyId: string; period: string; items: number },
    ctx: CommandContext,
    options: CommandOptions = {},
  ): Promise<TallyView> {
    const id = tallyStreamId('service-information', input.agencyId, yearOfPeriod(input.period));
    const result = await this.runner.run(
      this.serviceInformation,
      id,
      { type: 'DeclareServiceInformation', ...input, today: legalToday(ctx.now) },
      ctx,
      { ...options, retryOnConflict: 3 },
    );
    return this.refresh('service-information', id, result.version, result.state);
  }

  async get(kind: TallyKind, agencyId: string, year: number): Promise<TallyView> {
    const id = tallyStreamId(kind, agencyId, year);
    const loaded =
      kind === 'page-views'
        ? await this.runner.load(this.pageViews, id)
        : await this.runner.load(this.serviceInformation, id);
    const view = tallyView(kind, id, loaded.version, loaded.state);
    if (!view)
      throw new DomainError('tally.unknown', `nothing declared for ${agencyId} ${year}`, { kind: 'not-found' });
    return view;
  }

  list(where: Where, skip: number, limit: number): Promise<FindResult<TallyView>> {
    return this.views.find({ where, sort: { year: -1, agencyId: 1 }, skip, limit });
  }

  private async refresh(kind: TallyKind, id: string, version: number, state: TallyState): Promise<TallyView> {
    const view = tallyView(kind, id, version, state);
    if (!view) throw new DomainError('tally.unknown', 'nothing declared', { kind: 'not-found' });
    await this.views.upsertIfNewer(id, version, view);
    return view;
  }
}

function tallyView(kind: TallyKind, id: string, version: number, s: TallyState): TallyView | undefined {
  if (s.status === 'none') return undefined;
  return { id, kind, agencyId: s.agencyId, year: s.year, yearTotal: s.yearTotal, figures: s.figures, version };
}
