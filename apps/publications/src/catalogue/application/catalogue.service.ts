// The catalogue of information available on request (依申请公开信息目录): its StreamViews (the
// commands run through them from the routes) and the count of entries listed on a day.
import { phasedStream } from '../../shared/application/phased-stream.js';
import { Inject, Injectable } from '@nestjs/common';
import { agencyCondition } from '#contracts';
import { CaseTexts, showTexts, StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import {
  catalogueEntryDecider,
  catalogueEntryTextsOf,
  type CatalogueEntryCommand,
  type CatalogueEntryEvent,
  type CatalogueEntryState,
} from '../domain/catalogue-entry.js';

export interface CatalogueEntryView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  /** Free text: stored apart (case texts), shown here while held; null when none is on file. */
  readonly title: string | null;
  readonly listedOn: string;
  readonly status: 'listed' | 'delisted';
  readonly delistedOn: string | null;
}

export function catalogueEntryView(
  id: string,
  version: number,
  s: CatalogueEntryState,
): CatalogueEntryView | undefined {
  if (s.phase === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    title: null,
    listedOn: s.listedOn,
    status: s.phase,
    delistedOn: s.delistedOn ?? null,
  };
}

@Injectable()
export class CatalogueService {
  readonly cases: StreamViews<CatalogueEntryCommand, CatalogueEntryEvent, CatalogueEntryState, CatalogueEntryView>;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.cases = kinds.of((registry, documents) => ({
      stream: phasedStream(catalogueEntryDecider, registry),
      collection: 'catalogue_entries',
      indexes: ['agencyId', 'listedOn', 'status'],
      eventTypes: new Set(['publications.CatalogueEntryListed', 'publications.CatalogueEntryDelisted']),
      view: catalogueEntryView,
      notFound: { rule: 'catalogue-entry.not-found', what: 'catalogue entry' },
      texts: {
        store: new CaseTexts(documents),
        of: catalogueEntryTextsOf,
        show: showTexts<CatalogueEntryView>({ title: 'title' }),
      },
    }));
  }

  /** Entries listed on a day (listed on or before it, not delisted on or before it). */
  async countListedOn(agencyId: string | undefined, withSubordinates: boolean, date: string): Promise<number> {
    const base = { ...agencyCondition(agencyId, withSubordinates), listedOn: { $lte: date } };
    const [stillListed, delistedLater] = await Promise.all([
      this.cases.count({ ...base, status: 'listed' }),
      this.cases.count({ ...base, status: 'delisted', delistedOn: { $gt: date } }),
    ]);
    return stillListed + delistedLater;
  }
}
