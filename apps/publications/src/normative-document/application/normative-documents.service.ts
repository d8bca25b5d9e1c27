// Normative documents (规章, 行政规范性文件): their StreamViews (the commands run through them from the
// routes) and the three counts of the national report — issued this year, repealed this year, in
// force at the end of the year.
import { phasedStream } from '../../shared/application/phased-stream.js';
import { Inject, Injectable } from '@nestjs/common';
import { agencyCondition } from '#contracts';
import { NORMATIVE_DOCUMENT_KINDS, type NormativeDocumentKind } from '#contracts/publications';
import { CaseTexts, showTexts, StreamViews } from '#event-sourcing/read-model';
import { CaseKinds } from '#event-sourcing/nest';
import {
  normativeDocumentDecider,
  normativeDocumentTextsOf,
  type NormativeDocumentCommand,
  type NormativeDocumentEvent,
  type NormativeDocumentState,
} from '../domain/normative-document.js';

export interface NormativeDocumentView {
  readonly id: string;
  readonly version: number;
  readonly agencyId: string;
  readonly kind: NormativeDocumentKind;
  /** Free text (title, 文号, repeal reason): stored apart (case texts), shown while held. */
  readonly title: string | null;
  readonly documentNumber: string | null;
  readonly issuedOn: string;
  readonly status: 'in-force' | 'repealed';
  readonly repealedOn: string | null;
  readonly repealReason: string | null;
}

export function normativeDocumentView(
  id: string,
  version: number,
  s: NormativeDocumentState,
): NormativeDocumentView | undefined {
  if (s.phase === 'none') return undefined;
  return {
    id,
    version,
    agencyId: s.agencyId,
    kind: s.kind,
    title: null,
    documentNumber: null,
    issuedOn: s.issuedOn,
    status: s.phase,
    repealedOn: s.repeal?.repealedOn ?? null,
    repealReason: null,
  };
}

export interface NormativeDocumentCounts {
  readonly year: number;
  /** Per kind: 本年制发件数, 本年废止件数, 现行有效件数 (at 31 December of the year). */
  readonly byKind: Record<NormativeDocumentKind, { issued: number; repealed: number; inForce: number }>;
}

@Injectable()
export class NormativeDocumentsService {
  readonly cases: StreamViews<
    NormativeDocumentCommand,
    NormativeDocumentEvent,
    NormativeDocumentState,
    NormativeDocumentView
  >;

  constructor(@Inject(CaseKinds) kinds: CaseKinds) {
    this.cases = kinds.of((registry, documents) => ({
      stream: phasedStream(normativeDocumentDecider, registry),
      collection: 'normative_documents',
      indexes: ['agencyId', 'kind', 'issuedOn', 'repealedOn', 'status'],
      eventTypes: new Set(['publications.NormativeDocumentIssued', 'publications.NormativeDocumentRepealed']),
      view: normativeDocumentView,
      notFound: { rule: 'normative-document.not-found', what: 'normative document' },
      texts: {
        store: new CaseTexts(documents),
        of: normativeDocumentTextsOf,
        show: showTexts<NormativeDocumentView>({
          title: 'title',
          documentNumber: 'documentNumber',
          repealReason: 'repealReason',
        }),
      },
    }));
  }

  async counts(
    agencyId: string | undefined,
    withSubordinates: boolean,
    year: number,
  ): Promise<NormativeDocumentCounts> {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const agency = agencyCondition(agencyId, withSubordinates);
    const entries = await Promise.all(
      NORMATIVE_DOCUMENT_KINDS.map(async (kind) => {
        const base = { ...agency, kind };
        const [issued, repealed, inForceStill, inForceThenRepealedLater] = await Promise.all([
          this.cases.count({ ...base, issuedOn: { $gte: start, $lte: end } }),
          this.cases.count({ ...base, repealedOn: { $gte: start, $lte: end } }),
          this.cases.count({ ...base, issuedOn: { $lte: end }, status: 'in-force' }),
          this.cases.count({ ...base, issuedOn: { $lte: end }, status: 'repealed', repealedOn: { $gt: end } }),
        ]);
        return [kind, { issued, repealed, inForce: inForceStill + inForceThenRepealedLater }] as const;
      }),
    );
    return { year, byKind: Object.fromEntries(entries) as NormativeDocumentCounts['byKind'] };
  }
}
