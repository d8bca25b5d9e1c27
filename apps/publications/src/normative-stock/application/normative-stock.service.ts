// The opening stock of normative documents in force and its corrections, per agency and kind. A
// correction's reason is free text: kept apart (case texts), shown on read, erasable.
import { phasedStream } from '../../shared/application/phased-stream.js';
import { Inject, Injectable } from '@nestjs/common';
import { type NormativeDocumentKind, type NormativeStockCorrectionCause } from '#contracts/publications';
import { type CommandContext, type CommandOptions, textKeyAt } from '#event-sourcing';
import { CaseTexts, type CaseTextValues, StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import { legalToday } from '#contracts/legal-time';
import {
  normativeStockDecider,
  normativeStockStreamId,
  normativeStockTextsOf,
  type NormativeStockCommand,
  type NormativeStockEvent,
  type NormativeStockState,
} from '../domain/normative-stock.js';

export interface NormativeStockView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly kind: NormativeDocumentKind;
  /** Documents in force at the end of `asOf`, as counted by the office; null until declared. */
  readonly opening: { readonly asOf: string; readonly count: number } | null;
  readonly corrections: ReadonlyArray<{
    readonly correctedOn: string;
    readonly change: number;
    readonly cause: NormativeStockCorrectionCause;
    /** Free text, shown while held. */
    readonly reason: string | null;
  }>;
}

/** The view as stored: the stream versions of the corrections, for their reasons to be put in on read. */
type StoredView = NormativeStockView & { readonly correctionVersions: readonly number[] };

function normativeStockView(id: string, version: number, s: NormativeStockState): StoredView | undefined {
  if (s.phase === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    kind: s.kind,
    opening: s.opening ?? null,
    corrections: s.corrections.map(({ correctedOn, change, cause }) => ({ correctedOn, change, cause, reason: null })),
    correctionVersions: s.corrections.map((c) => c.version),
  };
}

function showReasons(view: StoredView, texts: CaseTextValues): StoredView {
  return {
    ...view,
    corrections: view.corrections.map((c, i) => {
      const v = view.correctionVersions[i];
      return { ...c, reason: v === undefined ? null : (texts[textKeyAt('reason', v)] ?? null) };
    }),
  };
}

const publicView = ({ correctionVersions: _, ...view }: StoredView): NormativeStockView => view;

@Injectable()
export class NormativeStockService {
  readonly cases: StreamViews<NormativeStockCommand, NormativeStockEvent, NormativeStockState, StoredView>;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.cases = kinds.of((registry, documents) => ({
      stream: phasedStream(normativeStockDecider, registry),
      collection: 'normative_stock',
      indexes: ['agencyId', 'kind'],
      eventTypes: new Set(['publications.NormativeStockDeclared', 'publications.NormativeStockCorrected']),
      view: normativeStockView,
      notFound: { rule: 'normative-stock.not-found', what: 'normative document stock' },
      texts: { store: new CaseTexts(documents), of: normativeStockTextsOf, show: showReasons },
    }));
  }

  async declareOpening(
    agencyId: string,
    kind: NormativeDocumentKind,
    asOf: string,
    count: number,
    ctx: CommandContext,
    meta: CommandOptions,
  ): Promise<NormativeStockView> {
    const command: NormativeStockCommand = {
      type: 'DeclareOpeningStock',
      today: legalToday(ctx.now),
      agencyId,
      kind,
      asOf,
      count,
    };
    return publicView(await this.cases.run(normativeStockStreamId(kind, agencyId), command, ctx, meta));
  }

  async correct(
    agencyId: string,
    kind: NormativeDocumentKind,
    correction: { correctedOn: string; change: number; cause: NormativeStockCorrectionCause; reason: string },
    ctx: CommandContext,
    meta: CommandOptions,
  ): Promise<NormativeStockView> {
    const command: NormativeStockCommand = {
      type: 'CorrectStock',
      today: legalToday(ctx.now),
      agencyId,
      kind,
      ...correction,
    };
    return publicView(await this.cases.run(normativeStockStreamId(kind, agencyId), command, ctx, meta));
  }

  async get(agencyId: string, kind: NormativeDocumentKind): Promise<NormativeStockView> {
    return publicView(await this.cases.get(normativeStockStreamId(kind, agencyId)));
  }

  history(agencyId: string, kind: NormativeDocumentKind) {
    return this.cases.history(normativeStockStreamId(kind, agencyId));
  }
}
