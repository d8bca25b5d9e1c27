// Proactive publications (主动公开): their StreamViews (the commands run through them from the routes)
// and the count of a year.
import { phasedStream } from '../../shared/application/phased-stream.js';
import { Inject, Injectable } from '@nestjs/common';
import { agencyCondition } from '#contracts';
import { type PublicationCategory } from '#contracts/publications';
import { CaseTexts, showTexts, StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import {
  publicationDecider,
  publicationTextsOf,
  type PublicationCommand,
  type PublicationEvent,
  type PublicationState,
} from '../domain/publication.js';

export interface PublicationView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  /** Free text: stored apart (case texts), shown here while held; null when none is on file. */
  readonly title: string | null;
  readonly category: PublicationCategory;
  readonly fullTextElectronic: boolean;
  readonly publishedOn: string;
  readonly status: 'published' | 'retracted';
  readonly retractedOn: string | null;
  readonly retractionReason: string | null;
}

export function publicationView(id: string, version: number, s: PublicationState): PublicationView | undefined {
  if (s.phase === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    title: null,
    category: s.category,
    fullTextElectronic: s.fullTextElectronic,
    publishedOn: s.publishedOn,
    status: s.phase,
    retractedOn: s.retraction?.retractedOn ?? null,
    retractionReason: null,
  };
}

@Injectable()
export class PublicationsService {
  readonly cases: StreamViews<PublicationCommand, PublicationEvent, PublicationState, PublicationView>;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.cases = kinds.of((registry, documents) => ({
      stream: phasedStream(publicationDecider, registry),
      collection: 'publications',
      indexes: ['agencyId', 'publishedOn', 'category', 'status'],
      eventTypes: new Set(['publications.InformationPublished', 'publications.PublicationRetracted']),
      view: publicationView,
      notFound: { rule: 'publication.not-found', what: 'publication' },
      texts: {
        store: new CaseTexts(documents),
        of: publicationTextsOf,
        show: showTexts<PublicationView>({ title: 'title', retractionReason: 'retractionReason' }),
      },
    }));
  }

  /** 主动公开信息数 and 其中：全文电子化 of a year (retracted publications do not count). */
  async countYear(
    agencyId: string | undefined,
    withSubordinates: boolean,
    year: number,
  ): Promise<{ year: number; published: number; fullTextElectronic: number }> {
    const where = {
      ...agencyCondition(agencyId, withSubordinates),
      status: 'published',
      publishedOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` },
    };
    const [published, fullTextElectronic] = await Promise.all([
      this.cases.count(where),
      this.cases.count({ ...where, fullTextElectronic: true }),
    ]);
    return { year, published, fullTextElectronic };
  }
}
