// A violation case (执法监察): an illegal land use (违法用地) or illegal mining (违法采矿) discovered by
// patrol (动态巡查), satellite images (卫片), a report (举报) or otherwise. It may be stopped on site
// (现场制止) before it is filed for investigation (立案查处); once filed, penalty decisions (行政处罚)
// and coercive measures (行政强制) may be taken on it, and it is closed (结案) once.
import { agencies } from '#contracts';
import {
  type CaseClosedData,
  type CaseFiledData,
  type CoerciveMeasureTakenData,
  type PenaltyDecidedData,
  type StoppedOnSiteData,
  type ViolationDiscoveredData,
} from '#contracts/enforcement';
import { DomainError, textKeyAt, unreachable, type Decider } from '#event-sourcing';
import { checkAgency, checkArea, checkDate, checkOrder } from '../../shared/domain/checks.js';
import { legalInstant } from '#contracts/legal-time';

type Kind = ViolationDiscoveredData['kind'];
type Source = ViolationDiscoveredData['source'];
type Penalty = PenaltyDecidedData['penalties'][number];
type Measure = CoerciveMeasureTakenData['measure'];

/** Every command carries `today` (the legal date now) so that no date in the future is accepted. */
export type ViolationCaseCommand =
  | {
      readonly type: 'DiscoverViolation';
      readonly agencyId: string;
      readonly kind: Kind;
      readonly source: Source;
      readonly discoveredOn: string;
      readonly areaMu: number;
      readonly today: string;
    }
  | { readonly type: 'StopOnSite'; readonly stoppedOn: string; readonly today: string }
  | { readonly type: 'FileCase'; readonly filedOn: string; readonly caseNumber?: string; readonly today: string }
  | {
      readonly type: 'DecidePenalty';
      readonly decidedOn: string;
      readonly decisionNumber?: string;
      /** The decision numbers already on file for the case (kept as case texts, not in events). */
      readonly decisionNumbersOnFile?: readonly string[];
      readonly penalties: readonly Penalty[];
      readonly fineYuan?: number;
      readonly today: string;
    }
  | {
      readonly type: 'TakeCoerciveMeasure';
      readonly decidedOn: string;
      readonly decisionNumber?: string;
      readonly decisionNumbersOnFile?: readonly string[];
      readonly measure: Measure;
      readonly today: string;
    }
  | { readonly type: 'CloseCase'; readonly closedOn: string; readonly today: string };

export type ViolationCaseEvent =
  | { readonly type: 'ViolationDiscovered'; readonly data: ViolationDiscoveredData; readonly occurredAt: string }
  | { readonly type: 'StoppedOnSite'; readonly data: StoppedOnSiteData; readonly occurredAt: string }
  | { readonly type: 'CaseFiled'; readonly data: CaseFiledData; readonly occurredAt: string }
  | { readonly type: 'PenaltyDecided'; readonly data: PenaltyDecidedData; readonly occurredAt: string }
  | { readonly type: 'CoerciveMeasureTaken'; readonly data: CoerciveMeasureTakenData; readonly occurredAt: string }
  | { readonly type: 'CaseClosed'; readonly data: CaseClosedData; readonly occurredAt: string };

export interface OpenCase {
  readonly status: 'discovered' | 'filed' | 'closed';
  readonly agencyId: string;
  readonly level: ViolationDiscoveredData['level'];
  readonly kind: Kind;
  readonly source: Source;
  readonly discoveredOn: string;
  readonly areaMu: number;
  readonly stoppedOn: string | undefined;
  readonly filedOn: string | undefined;
  readonly closedOn: string | undefined;
  readonly penaltyDecisions: number;
  readonly coerciveMeasures: number;
  /** The latest decision date: the case cannot be closed before it. */
  readonly lastDecisionOn: string | undefined;
}

export type ViolationCaseState = { readonly status: 'none' } | OpenCase;

/** 市本级 is the city bureau's own case; a county-level bureau (a county's, a district's) files at county level. */
export const levelOf = (agencyId: string): ViolationDiscoveredData['level'] =>
  agencies().levelOf(agencyId) === 'county' ? 'county' : 'city';

function openCase(state: ViolationCaseState): OpenCase {
  if (state.status === 'none') throw new DomainError('case.unknown', 'no such violation case', { kind: 'not-found' });
  if (state.status === 'closed') {
    throw new DomainError('case.closed', `the case was closed on ${state.closedOn}`, { kind: 'conflict' });
  }
  return state;
}

function filedCase(state: ViolationCaseState, what: string): OpenCase & { filedOn: string } {
  const c = openCase(state);
  if (c.filedOn === undefined) {
    throw new DomainError(`${what}.case-not-filed`, `the case must be filed (立案) first`, { kind: 'conflict' });
  }
  return c as OpenCase & { filedOn: string };
}

/** A number names one decision: it may not be used twice on a case. */
function checkDecisionNumber(decisionNumber: string | undefined, onFile: readonly string[] = []): void {
  if (decisionNumber !== undefined && onFile.includes(decisionNumber)) {
    throw new DomainError('decision.number-repeated', 'this decision number is already recorded on this case', {
      field: 'decisionNumber',
      kind: 'conflict',
    });
  }
}

/**
 * The free text a command typed (case and decision numbers: personal data by default, since a
 * clerk may type anything): kept beside the case by the service, never in its events. A case may
 * take several decisions, so a decision number is keyed by the version of its event.
 */
export function violationCaseTextsOf(
  command: ViolationCaseCommand,
  streamVersion: number,
): Record<string, string | undefined> {
  switch (command.type) {
    case 'FileCase':
      return { caseNumber: command.caseNumber };
    case 'DecidePenalty':
    case 'TakeCoerciveMeasure':
      return { [textKeyAt('decisionNumber', streamVersion)]: command.decisionNumber };
    // These type no free text.
    case 'DiscoverViolation':
    case 'StopOnSite':
    case 'CloseCase':
      return {};
    default:
      return unreachable(command);
  }
}

function decide(command: ViolationCaseCommand, state: ViolationCaseState): ViolationCaseEvent[] {
  switch (command.type) {
    case 'DiscoverViolation': {
      if (state.status !== 'none') {
        throw new DomainError('case.already-discovered', 'this violation case already exists', { kind: 'conflict' });
      }
      checkDate('discoveredOn', command.discoveredOn, command.today);
      checkAgency(command.agencyId, command.discoveredOn);
      checkArea('areaMu', command.areaMu);
      const data: ViolationDiscoveredData = {
        agencyId: command.agencyId as ViolationDiscoveredData['agencyId'],
        level: levelOf(command.agencyId),
        kind: command.kind,
        source: command.source,
        discoveredOn: command.discoveredOn,
        areaMu: command.areaMu,
      };
      return [{ type: 'ViolationDiscovered', data, occurredAt: legalInstant(command.discoveredOn) }];
    }
    case 'StopOnSite': {
      const c = openCase(state);
      if (c.stoppedOn !== undefined) {
        throw new DomainError('stop.already-stopped', `already stopped on site on ${c.stoppedOn}`, {
          kind: 'conflict',
        });
      }
      if (c.filedOn !== undefined) {
        throw new DomainError('stop.after-filing', 'a filed case is investigated, not stopped on site', {
          kind: 'conflict',
        });
      }
      checkDate('stoppedOn', command.stoppedOn, command.today);
      checkOrder('stop.before-discovery', 'stoppedOn', command.stoppedOn, 'the discovery', c.discoveredOn);
      return [
        { type: 'StoppedOnSite', data: { stoppedOn: command.stoppedOn }, occurredAt: legalInstant(command.stoppedOn) },
      ];
    }
    case 'FileCase': {
      const c = openCase(state);
      if (c.filedOn !== undefined) {
        throw new DomainError('file.already-filed', `the case was already filed on ${c.filedOn}`, { kind: 'conflict' });
      }
      checkDate('filedOn', command.filedOn, command.today);
      checkOrder('file.before-discovery', 'filedOn', command.filedOn, 'the discovery', c.discoveredOn);
      if (c.stoppedOn !== undefined)
        checkOrder('file.before-stop', 'filedOn', command.filedOn, 'the stop', c.stoppedOn);
      const data: CaseFiledData = { filedOn: command.filedOn };
      return [{ type: 'CaseFiled', data, occurredAt: legalInstant(command.filedOn) }];
    }
    case 'DecidePenalty': {
      const c = filedCase(state, 'penalty');
      checkDate('decidedOn', command.decidedOn, command.today);
      checkOrder('decision.before-filing', 'decidedOn', command.decidedOn, 'the filing', c.filedOn);
      checkDecisionNumber(command.decisionNumber, command.decisionNumbersOnFile);
      const penalties = command.penalties;
      if (penalties.length === 0 || new Set(penalties).size !== penalties.length) {
        throw new DomainError('penalty.kinds-invalid', 'name each penalty kind once, at least one', {
          field: 'penalties',
        });
      }
      const fines = penalties.includes('fine');
      if (fines && (command.fineYuan === undefined || !(command.fineYuan > 0))) {
        throw new DomainError('penalty.fine-amount-missing', 'a fine needs its amount in yuan (> 0)', {
          field: 'fineYuan',
        });
      }
      if (!fines && command.fineYuan !== undefined) {
        throw new DomainError('penalty.amount-without-fine', 'fineYuan is given but no fine is among the penalties', {
          field: 'fineYuan',
        });
      }
      const data: PenaltyDecidedData = {
        decidedOn: command.decidedOn,
        penalties: [...penalties],
        ...(command.fineYuan === undefined ? {} : { fineYuan: command.fineYuan }),
      };
      return [{ type: 'PenaltyDecided', data, occurredAt: legalInstant(command.decidedOn) }];
    }
    case 'TakeCoerciveMeasure': {
      const c = filedCase(state, 'coercive');
      checkDate('decidedOn', command.decidedOn, command.today);
      checkOrder('decision.before-filing', 'decidedOn', command.decidedOn, 'the filing', c.filedOn);
      checkDecisionNumber(command.decisionNumber, command.decisionNumbersOnFile);
      const data: CoerciveMeasureTakenData = {
        decidedOn: command.decidedOn,
        measure: command.measure,
      };
      return [{ type: 'CoerciveMeasureTaken', data, occurredAt: legalInstant(command.decidedOn) }];
    }
    case 'CloseCase': {
      const c = filedCase(state, 'close');
      checkDate('closedOn', command.closedOn, command.today);
      checkOrder('close.before-filing', 'closedOn', command.closedOn, 'the filing', c.filedOn);
      if (c.lastDecisionOn !== undefined) {
        checkOrder('close.before-decision', 'closedOn', command.closedOn, 'the last decision', c.lastDecisionOn);
      }
      return [{ type: 'CaseClosed', data: { closedOn: command.closedOn }, occurredAt: legalInstant(command.closedOn) }];
    }
    default:
      return unreachable(command);
  }
}

const later = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);

function evolve(state: ViolationCaseState, event: ViolationCaseEvent): ViolationCaseState {
  if (event.type === 'ViolationDiscovered') {
    const d = event.data;
    return {
      status: 'discovered',
      agencyId: d.agencyId,
      level: d.level,
      kind: d.kind,
      source: d.source,
      discoveredOn: d.discoveredOn,
      areaMu: d.areaMu,
      stoppedOn: undefined,
      filedOn: undefined,
      closedOn: undefined,
      penaltyDecisions: 0,
      coerciveMeasures: 0,
      lastDecisionOn: undefined,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'StoppedOnSite':
      return { ...state, stoppedOn: event.data.stoppedOn };
    case 'CaseFiled':
      return { ...state, status: 'filed', filedOn: event.data.filedOn };
    case 'PenaltyDecided':
      return {
        ...state,
        penaltyDecisions: state.penaltyDecisions + 1,
        lastDecisionOn: later(state.lastDecisionOn, event.data.decidedOn),
      };
    case 'CoerciveMeasureTaken':
      return {
        ...state,
        coerciveMeasures: state.coerciveMeasures + 1,
        lastDecisionOn: later(state.lastDecisionOn, event.data.decidedOn),
      };
    case 'CaseClosed':
      return { ...state, status: 'closed', closedOn: event.data.closedOn };
    default:
      return unreachable(event);
  }
}

export const violationCaseDecider: Decider<ViolationCaseCommand, ViolationCaseEvent, ViolationCaseState> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
