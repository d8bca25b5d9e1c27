// An appeal against an administrative act of an agency: an administrative reconsideration (行政复议)
// or an administrative lawsuit (行政诉讼) — direct (未经复议直接起诉) or after a reconsideration
// (复议后起诉). It is pending (尚未审结) until decided: upheld (维持), corrected (纠正) or another
// result (其他结果).
//
// The contested act lives in another service and reaches this one through Kafka, so at filing it
// may not have arrived yet. The caller passes what it knows (`knownAct`); an act not known yet
// makes the appeal `pending` confirmation — recorded, not counted — until ConfirmAct (when the act
// arrives) or flagged by FlagActOverdue after a bound. See docs/adr/0005.
import { isAgencyId } from '#contracts';
import {
  type ActConfirmationOverdueData,
  type ActConfirmedData,
  type ActKind,
  type ActReference,
  type ActReferenceCorrectedData,
  type ActReferenceDisputedData,
  type AppealDecidedData,
  type DecisionDeadlineExtendedData,
  type LawsuitFiledData,
  type ReconsiderationFiledData,
} from '#contracts/appeals';
import { DomainError, unreachable, type Decider } from '#event-sourcing';
import { addDays, legalDateProblem, legalInstant } from '#contracts/legal-time';
import {
  directLawsuitTimers,
  lawsuitAfterReconsiderationTimers,
  reconsiderationTimers,
  RECONSIDERATION_MAX_EXTENSION_DAYS,
  type Timers,
} from './timers.js';

/** What this service has seen of an act on its topic: its kind (by topic) and its agency. */
export interface KnownAct {
  readonly kind: ActKind;
  readonly agencyId: string;
}

export type AppealCommand =
  | {
      readonly type: 'FileReconsideration';
      readonly agencyId: string;
      readonly act: ActReference;
      readonly knownOn: string;
      readonly filedOn: string;
      /** Defaults to the filing date. */
      readonly acceptedOn?: string;
      readonly today: string;
      readonly knownAct: KnownAct | undefined;
    }
  | {
      readonly type: 'FileDirectLawsuit';
      readonly agencyId: string;
      readonly act: ActReference;
      readonly knownOn: string;
      readonly filedOn: string;
      readonly acceptedOn?: string;
      readonly today: string;
      readonly knownAct: KnownAct | undefined;
    }
  | {
      readonly type: 'FileLawsuitAfterReconsideration';
      readonly reconsiderationId: string;
      /** The state of that appeal, loaded by the caller (`{ status: 'none' }` when it does not exist). */
      readonly reconsideration: AppealState;
      readonly filedOn: string;
      readonly acceptedOn?: string;
      readonly today: string;
    }
  | { readonly type: 'ExtendDecisionDeadline'; readonly days: number; readonly today: string }
  | { readonly type: 'ConfirmAct'; readonly act: ActReference; readonly knownAct: KnownAct }
  | { readonly type: 'FlagActOverdue'; readonly pendingSince: string; readonly boundSeconds: number }
  | {
      readonly type: 'CorrectActReference';
      readonly act: ActReference;
      readonly agencyId: string;
      readonly knownAct: KnownAct | undefined;
    }
  | {
      readonly type: 'DecideAppeal';
      readonly decidedOn: string;
      readonly result: AppealDecidedData['result'];
      readonly otherResult?: AppealDecidedData['otherResult'];
      readonly today: string;
    };

type E<T extends string, D> = { readonly type: T; readonly data: D; readonly occurredAt?: string };
export type AppealEvent =
  | E<'ReconsiderationFiled', ReconsiderationFiledData>
  | E<'LawsuitFiled', LawsuitFiledData>
  | E<'DecisionDeadlineExtended', DecisionDeadlineExtendedData>
  | E<'ActConfirmed', ActConfirmedData>
  | E<'ActConfirmationOverdue', ActConfirmationOverdueData>
  | E<'ActReferenceDisputed', ActReferenceDisputedData>
  | E<'ActReferenceCorrected', ActReferenceCorrectedData>
  | E<'AppealDecided', AppealDecidedData>;

/** `disputed`: the act exists but belongs to another agency than the appeal names. */
export type ActStatus = 'confirmed' | 'pending' | 'disputed';

export interface FiledAppeal {
  readonly status: 'pending' | 'decided';
  readonly kind: 'reconsideration' | 'lawsuit-direct' | 'lawsuit-after-reconsideration';
  readonly agencyId: string;
  readonly act: ActReference;
  readonly actStatus: ActStatus;
  /** Flagged because the act was not seen within the bound; cleared when confirmed or corrected. */
  readonly actOverdue: boolean;
  readonly reconsiderationId: string | undefined;
  readonly filedOn: string;
  readonly acceptedOn: string;
  readonly filingDeadline: string;
  readonly filedInTime: boolean;
  readonly decisionDueOn: string;
  readonly extended: boolean;
  readonly decidedOn: string | undefined;
  readonly result: AppealDecidedData['result'] | undefined;
}

export type AppealState = { readonly status: 'none' } | FiledAppeal;

const sameAct = (a: ActReference, b: ActReference): boolean => a.kind === b.kind && a.ref === b.ref;

function checkDate(field: string, date: string, today: string): void {
  const problem = legalDateProblem(field, date, { today });
  if (problem) throw new DomainError(problem.rule, problem.message, { field });
}

function checkNotBefore(rule: string, field: string, date: string, otherName: string, other: string): void {
  if (date < other) throw new DomainError(rule, `${field} ${date} is before ${otherName} (${other})`, { field });
}

/** An act already known must be of the kind and agency the appeal names: a typo is caught at once. */
function actStatusAtFiling(
  agencyId: string,
  act: ActReference,
  knownAct: KnownAct | undefined,
): 'confirmed' | 'pending' {
  if (!isAgencyId(agencyId))
    throw new DomainError('agency.unknown', `unknown agency ${agencyId}`, { field: 'agencyId' });
  if (knownAct === undefined) return 'pending';
  if (knownAct.kind !== act.kind) {
    throw new DomainError('act.kind-mismatch', `${act.ref} is a ${knownAct.kind}, not a ${act.kind}`, {
      field: 'act.kind',
    });
  }
  if (knownAct.agencyId !== agencyId) {
    throw new DomainError(
      'act.agency-mismatch',
      `the act ${act.ref} belongs to ${knownAct.agencyId}, not ${agencyId}`,
      {
        field: 'agencyId',
      },
    );
  }
  return 'confirmed';
}

function filingDates(c: { knownOn?: string; filedOn: string; acceptedOn?: string; today: string }): string {
  if (c.knownOn !== undefined) checkDate('knownOn', c.knownOn, c.today);
  checkDate('filedOn', c.filedOn, c.today);
  if (c.knownOn !== undefined) checkNotBefore('filing.before-known', 'filedOn', c.filedOn, 'knownOn', c.knownOn);
  const acceptedOn = c.acceptedOn ?? c.filedOn;
  checkDate('acceptedOn', acceptedOn, c.today);
  checkNotBefore('acceptance.before-filing', 'acceptedOn', acceptedOn, 'filedOn', c.filedOn);
  return acceptedOn;
}

function filed(state: AppealState): FiledAppeal {
  if (state.status === 'none') throw new DomainError('appeal.unknown', 'no such appeal', { kind: 'not-found' });
  return state;
}

function notFiledYet(state: AppealState): void {
  if (state.status !== 'none') {
    throw new DomainError('appeal.already-filed', 'this appeal is already recorded', { kind: 'conflict' });
  }
}

const timerFields = (t: Timers) => ({
  filingDeadline: t.filingDeadline,
  filedInTime: t.filedInTime,
  decisionDueOn: t.decisionDueOn,
});

function decide(command: AppealCommand, state: AppealState): AppealEvent[] {
  switch (command.type) {
    case 'FileReconsideration': {
      notFiledYet(state);
      const actConfirmation = actStatusAtFiling(command.agencyId, command.act, command.knownAct);
      const acceptedOn = filingDates(command);
      const data: ReconsiderationFiledData = {
        agencyId: command.agencyId as ReconsiderationFiledData['agencyId'],
        act: command.act,
        knownOn: command.knownOn,
        filedOn: command.filedOn,
        acceptedOn,
        ...timerFields(reconsiderationTimers(command.knownOn, command.filedOn, acceptedOn)),
        actConfirmation,
      };
      return [{ type: 'ReconsiderationFiled', data, occurredAt: legalInstant(command.filedOn) }];
    }
    case 'FileDirectLawsuit': {
      notFiledYet(state);
      const actConfirmation = actStatusAtFiling(command.agencyId, command.act, command.knownAct);
      const acceptedOn = filingDates(command);
      const data: LawsuitFiledData = {
        agencyId: command.agencyId as LawsuitFiledData['agencyId'],
        route: 'direct',
        act: command.act,
        knownOn: command.knownOn,
        filedOn: command.filedOn,
        acceptedOn,
        ...timerFields(directLawsuitTimers(command.knownOn, command.filedOn, acceptedOn)),
        actConfirmation,
      };
      return [{ type: 'LawsuitFiled', data, occurredAt: legalInstant(command.filedOn) }];
    }
    case 'FileLawsuitAfterReconsideration': {
      notFiledYet(state);
      const r = command.reconsideration;
      if (r.status === 'none') {
        throw new DomainError('lawsuit.reconsideration-unknown', `no appeal ${command.reconsiderationId}`, {
          field: 'reconsiderationId',
        });
      }
      if (r.kind !== 'reconsideration') {
        throw new DomainError('lawsuit.not-a-reconsideration', `${command.reconsiderationId} is a lawsuit`, {
          field: 'reconsiderationId',
        });
      }
      const acceptedOn = filingDates(command);
      checkNotBefore('lawsuit.before-reconsideration', 'filedOn', command.filedOn, 'the reconsideration', r.filedOn);
      // The suit contests the same act of the same agency; it is confirmed exactly when that is.
      const data: LawsuitFiledData = {
        agencyId: r.agencyId as LawsuitFiledData['agencyId'],
        route: 'after-reconsideration',
        act: r.act,
        reconsiderationId: command.reconsiderationId,
        filedOn: command.filedOn,
        acceptedOn,
        ...timerFields(lawsuitAfterReconsiderationTimers(r, command.filedOn, acceptedOn)),
        actConfirmation: r.actStatus === 'confirmed' ? 'confirmed' : 'pending',
      };
      return [{ type: 'LawsuitFiled', data, occurredAt: legalInstant(command.filedOn) }];
    }
    case 'ExtendDecisionDeadline': {
      const a = filed(state);
      if (a.kind !== 'reconsideration') {
        throw new DomainError('extension.not-reconsideration', 'only a reconsideration deadline is extended here');
      }
      if (a.status === 'decided') {
        throw new DomainError('appeal.already-decided', `decided on ${a.decidedOn}`, { kind: 'conflict' });
      }
      if (a.extended) {
        throw new DomainError('extension.already-extended', 'the deadline can be extended once', { kind: 'conflict' });
      }
      if (!Number.isInteger(command.days) || command.days < 1 || command.days > RECONSIDERATION_MAX_EXTENSION_DAYS) {
        throw new DomainError('extension.too-long', `extend by 1 to ${RECONSIDERATION_MAX_EXTENSION_DAYS} days`, {
          field: 'days',
        });
      }
      if (command.today > a.decisionDueOn) {
        throw new DomainError('extension.after-deadline', `the deadline ${a.decisionDueOn} has passed`, {
          kind: 'conflict',
        });
      }
      const decisionDueOn = addDays(a.decisionDueOn, command.days);
      return [{ type: 'DecisionDeadlineExtended', data: { extendedByDays: command.days, decisionDueOn } }];
    }
    case 'ConfirmAct': {
      const a = filed(state);
      // A confirmation of an act the appeal no longer references (corrected since) changes nothing.
      if (!sameAct(a.act, command.act) || command.knownAct.kind !== a.act.kind) return [];
      if (a.actStatus === 'confirmed') return [];
      if (command.knownAct.agencyId !== a.agencyId) {
        if (a.actStatus === 'disputed') return [];
        const data: ActReferenceDisputedData = {
          act: a.act,
          reason: 'agency-mismatch',
          actAgencyId: command.knownAct.agencyId as ActReferenceDisputedData['actAgencyId'],
        };
        return [{ type: 'ActReferenceDisputed', data }];
      }
      return [{ type: 'ActConfirmed', data: { act: a.act } }];
    }
    case 'FlagActOverdue': {
      const a = filed(state);
      if (a.actStatus !== 'pending' || a.actOverdue) return [];
      return [
        {
          type: 'ActConfirmationOverdue',
          data: { act: a.act, pendingSince: command.pendingSince, boundSeconds: command.boundSeconds },
        },
      ];
    }
    case 'CorrectActReference': {
      const a = filed(state);
      const actConfirmation = actStatusAtFiling(command.agencyId, command.act, command.knownAct);
      if (sameAct(a.act, command.act) && a.agencyId === command.agencyId && a.actStatus === actConfirmation) return [];
      const data: ActReferenceCorrectedData = {
        act: command.act,
        agencyId: command.agencyId as ActReferenceCorrectedData['agencyId'],
        actConfirmation,
      };
      return [{ type: 'ActReferenceCorrected', data }];
    }
    case 'DecideAppeal': {
      const a = filed(state);
      if (a.status === 'decided') {
        throw new DomainError('appeal.already-decided', `already decided on ${a.decidedOn}`, { kind: 'conflict' });
      }
      checkDate('decidedOn', command.decidedOn, command.today);
      checkNotBefore('decision.before-filing', 'decidedOn', command.decidedOn, 'filedOn', a.filedOn);
      if (command.otherResult !== undefined && command.result !== 'other') {
        throw new DomainError('decision.other-result-mismatch', 'otherResult is only given with result "other"', {
          field: 'otherResult',
        });
      }
      const data: AppealDecidedData = {
        decidedOn: command.decidedOn,
        result: command.result,
        ...(command.otherResult === undefined ? {} : { otherResult: command.otherResult }),
      };
      return [{ type: 'AppealDecided', data, occurredAt: legalInstant(command.decidedOn) }];
    }
    default:
      return unreachable(command);
  }
}

function filedState(
  kind: FiledAppeal['kind'],
  d: ReconsiderationFiledData | LawsuitFiledData,
  reconsiderationId: string | undefined,
): FiledAppeal {
  return {
    status: 'pending',
    kind,
    agencyId: d.agencyId,
    act: d.act,
    actStatus: d.actConfirmation,
    actOverdue: false,
    reconsiderationId,
    filedOn: d.filedOn,
    acceptedOn: d.acceptedOn,
    filingDeadline: d.filingDeadline,
    filedInTime: d.filedInTime,
    decisionDueOn: d.decisionDueOn,
    extended: false,
    decidedOn: undefined,
    result: undefined,
  };
}

function evolve(state: AppealState, event: AppealEvent): AppealState {
  switch (event.type) {
    case 'ReconsiderationFiled':
      return filedState('reconsideration', event.data, undefined);
    case 'LawsuitFiled':
      return filedState(
        event.data.route === 'direct' ? 'lawsuit-direct' : 'lawsuit-after-reconsideration',
        event.data,
        event.data.reconsiderationId,
      );
    // The events of a filed appeal, folded below once the appeal exists.
    case 'ActConfirmed':
    case 'ActConfirmationOverdue':
    case 'ActReferenceCorrected':
    case 'ActReferenceDisputed':
    case 'DecisionDeadlineExtended':
    case 'AppealDecided':
      break;
    default:
      return unreachable(event);
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DecisionDeadlineExtended':
      return { ...state, extended: true, decisionDueOn: event.data.decisionDueOn };
    case 'ActConfirmed':
      return { ...state, actStatus: 'confirmed', actOverdue: false };
    case 'ActConfirmationOverdue':
      return { ...state, actOverdue: true };
    case 'ActReferenceDisputed':
      return { ...state, actStatus: 'disputed' };
    case 'ActReferenceCorrected':
      return {
        ...state,
        act: event.data.act,
        agencyId: event.data.agencyId,
        actStatus: event.data.actConfirmation,
        actOverdue: false,
      };
    case 'AppealDecided':
      return { ...state, status: 'decided', decidedOn: event.data.decidedOn, result: event.data.result };
    default:
      return unreachable(event);
  }
}

export const appealDecider: Decider<AppealCommand, AppealEvent, AppealState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
