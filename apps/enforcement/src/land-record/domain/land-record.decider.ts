// A land record (a demolition of illegal buildings, a finding of idle land): one recorded act of the
// bureau, on a legal date, counting units (栋(处), 宗) and an area (m², 亩). One record per stream.
// Each kind is this decider with its own names (its declaration): the rules are the same.
import { DomainError, type Decider } from '#event-sourcing';
import { legalInstant } from '#contracts/legal-time';
import { checkAgency, checkArea, checkCount, checkDate } from '../../shared/domain/checks.js';

/** The names a kind of land record gives its command, event and three figures. */
export interface LandRecordKind<
  C extends string = string,
  E extends string = string,
  D extends string = string,
  N extends string = string,
  A extends string = string,
> {
  readonly command: C;
  readonly event: E;
  /** The legal date of the act: the year it counts in. */
  readonly date: D;
  /** The units counted, a whole number ≥ 1. */
  readonly count: N;
  /** The area, > 0. */
  readonly area: A;
  /** The refusal of a second record on the same stream. */
  readonly alreadyRecorded: { readonly rule: string; readonly message: string };
}

type Figures<K extends LandRecordKind> = { readonly [F in K['date']]: string } & {
  readonly [F in K['count'] | K['area']]: number;
};

export type LandRecordData<K extends LandRecordKind> = { readonly agencyId: string } & Figures<K>;

export type LandRecordCommand<K extends LandRecordKind> = {
  readonly type: K['command'];
  readonly agencyId: string;
  /** Free text (the bureau's document number): kept beside the case, never in its event. */
  readonly reference?: string;
  readonly today: string;
} & Figures<K>;

export type LandRecordEvent<K extends LandRecordKind> = {
  readonly type: K['event'];
  readonly data: LandRecordData<K>;
  readonly occurredAt: string;
};

export type LandRecordState<K extends LandRecordKind> =
  { readonly status: 'none' } | { readonly status: 'recorded'; readonly record: LandRecordData<K> };

/** The free text a command typed (its reference): kept beside the case by the service, never in its events. */
export const landRecordTextsOf = (command: { readonly reference?: string }): Record<string, string | undefined> => ({
  reference: command.reference,
});

/** The decider of one kind of land record. */
export function landRecordDecider<K extends LandRecordKind>(
  kind: K,
): Decider<LandRecordCommand<K>, LandRecordEvent<K>, LandRecordState<K>> {
  const figure = (command: LandRecordCommand<K>, field: string): unknown =>
    (command as unknown as Record<string, unknown>)[field];
  return {
    decide(command, state) {
      if (state.status !== 'none') {
        throw new DomainError(kind.alreadyRecorded.rule, kind.alreadyRecorded.message, { kind: 'conflict' });
      }
      const date = figure(command, kind.date) as string;
      const count = figure(command, kind.count) as number;
      const area = figure(command, kind.area) as number;
      checkDate(kind.date, date, command.today);
      checkAgency(command.agencyId, date);
      checkCount(kind.count, count, 1);
      checkArea(kind.area, area, { positive: true });
      const data = { agencyId: command.agencyId, [kind.date]: date, [kind.count]: count, [kind.area]: area };
      return [{ type: kind.event, data: data as LandRecordData<K>, occurredAt: legalInstant(date) }];
    },
    evolve(_state, event) {
      return { status: 'recorded', record: event.data };
    },
    initialState: { status: 'none' },
  };
}
