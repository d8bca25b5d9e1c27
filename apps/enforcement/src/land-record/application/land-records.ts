// A kind of land record with its list view: the StreamViews declaration every kind shares, fed by
// the kind's names (collection, event contract, the refusal of an unknown id).
import { type ContractRegistry } from '#contracts';
import { CaseTexts, showTexts, type DocumentCollections, type StreamViewsSpec } from '#event-sourcing/read-model';
import {
  landRecordDecider,
  landRecordTextsOf,
  type LandRecordCommand,
  type LandRecordData,
  type LandRecordEvent,
  type LandRecordKind,
  type LandRecordState,
} from '../domain/land-record.decider.js';

/** The list view of a land record: its id, version, agency and figures, and its reference (free text). */
export type LandRecordView<K extends LandRecordKind> = {
  readonly id: string;
  readonly version: number;
} & LandRecordData<K> & {
    /** Free text (kept apart as case texts, shown while held): null when none is on file. */
    readonly reference: string | null;
  };

export interface LandRecordViews<K extends LandRecordKind> {
  readonly kind: K;
  /** The qualified type of its one event (`enforcement.DemolitionCompleted`). */
  readonly eventType: string;
  readonly collection: string;
  readonly notFound: { readonly rule: string; readonly what: string };
}

export function landRecordViews<K extends LandRecordKind>(
  declared: LandRecordViews<K>,
): (
  registry: ContractRegistry,
  documents: DocumentCollections,
) => StreamViewsSpec<LandRecordCommand<K>, LandRecordEvent<K>, LandRecordState<K>, LandRecordView<K>> {
  const decider = landRecordDecider(declared.kind);
  return (registry, documents) => ({
    stream: {
      service: 'enforcement',
      decider,
      registry,
      agencyOf: (s) => (s.status === 'none' ? '' : s.record.agencyId),
    },
    collection: declared.collection,
    indexes: ['agencyId', declared.kind.date],
    eventTypes: new Set([declared.eventType]),
    view: (id, version, s) => (s.status === 'none' ? undefined : viewOf(declared.kind, id, version, s.record)),
    notFound: declared.notFound,
    texts: {
      store: new CaseTexts(documents),
      of: landRecordTextsOf,
      show: showTexts<LandRecordView<K>>({ reference: 'reference' } as Partial<
        Record<keyof LandRecordView<K> & string, string>
      >),
    },
  });
}

/** The view of a record: its figures named as its kind names them, no text yet. */
function viewOf<K extends LandRecordKind>(
  kind: K,
  id: string,
  version: number,
  record: LandRecordData<K>,
): LandRecordView<K> {
  const figures = record as unknown as Record<string, unknown>;
  const view = {
    id,
    version,
    agencyId: record.agencyId,
    [kind.date]: figures[kind.date],
    [kind.count]: figures[kind.count],
    [kind.area]: figures[kind.area],
    reference: null,
  };
  return view as unknown as LandRecordView<K>;
}
