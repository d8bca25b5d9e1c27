// What the appeals service knows of the acts appeals contest, learnt from other services' topics
// (collection `known-acts`), and which appeals still wait for their act (collection
// `pending-act-references`). See docs/adr/0005-appeals-against-acts-not-yet-seen.md.
import { type ActKind, type ActReference } from '#contracts/appeals';
import { type DocumentCollection, type DocumentCollections } from '#event-sourcing/read-model';
import { type KnownAct } from '../domain/appeal.decider.js';

export interface KnownActDocument {
  readonly kind: ActKind;
  readonly ref: string;
  readonly agencyId: string;
  /** The event that made it known, and when that event was recorded. */
  readonly eventType: string;
  readonly eventId: string;
  readonly recordedAt: string;
}

export interface PendingActReference {
  readonly appealId: string;
  readonly actKind: ActKind;
  readonly actRef: string;
  /** When the appeal started waiting (ISO): the bound of the overdue flag runs from here. */
  readonly since: string;
}

const ACT_KINDS: readonly ActKind[] = ['disclosure-request', 'enforcement-case'];
const knownActId = (kind: ActKind, ref: string): string => `${kind}:${ref}`;

export class KnownActs {
  readonly acts: DocumentCollection<KnownActDocument>;
  readonly pending: DocumentCollection<PendingActReference>;

  constructor(documents: DocumentCollections) {
    this.acts = documents.collection<KnownActDocument>('known-acts');
    this.pending = documents.collection<PendingActReference>('pending-act-references', { indexes: ['actRef'] });
  }

  /** Records an act seen on its topic; the stream version guards against older redeliveries. */
  async record(act: KnownActDocument, streamVersion: number): Promise<void> {
    await this.acts.upsertIfNewer(knownActId(act.kind, act.ref), streamVersion, act);
  }

  /**
   * The act with this reference, of whatever kind it turns out to be (so a reference given under
   * the wrong kind is caught), or undefined when it has not been seen.
   */
  async lookup(ref: string): Promise<KnownAct | undefined> {
    for (const kind of ACT_KINDS) {
      const found = await this.acts.get(knownActId(kind, ref));
      if (found) return { kind: found.kind, agencyId: found.agencyId };
    }
    return undefined;
  }

  /** Registers an appeal as waiting for its act, keeping the first `since`. */
  async awaitAct(appealId: string, act: ActReference, since: string): Promise<void> {
    const existing = await this.pending.get(appealId);
    if (existing && existing.actRef === act.ref && existing.actKind === act.kind) return;
    await this.pending.put(appealId, { appealId, actKind: act.kind, actRef: act.ref, since });
  }

  /** The appeal's registration as waiting, if it has one. */
  registration(appealId: string): Promise<PendingActReference | undefined> {
    return this.pending.get(appealId);
  }

  async stopWaiting(appealId: string): Promise<void> {
    await this.pending.delete(appealId);
  }

  async waitingFor(act: ActReference): Promise<PendingActReference[]> {
    return (await this.pending.find({ where: { actRef: act.ref, actKind: act.kind } })).items;
  }

  async allWaiting(limit: number): Promise<PendingActReference[]> {
    return (await this.pending.find({ sort: { since: 1 }, limit })).items;
  }
}
