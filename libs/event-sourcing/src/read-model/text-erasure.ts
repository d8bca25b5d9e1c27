// The audit of a case-text erasure (DESIGN §4): one small stream per case,
// `case-texts-erased:<caseId>`, whose events `<service>.CaseTextsErased` say that a supervisor
// erased the free text of the case, and how many texts — never the text. It lives beside the
// case's own stream so that every kind of case gets it without a command of its own, and changes
// none of the case's figures.
import { type ServiceName } from '#contracts';
import { type StreamType } from '../command-handler.js';
import { type Decider, type DomainEvent } from '../decider.js';

export interface EraseCaseTexts {
  readonly type: 'EraseCaseTexts';
  readonly caseId: string;
  readonly agencyId: string;
  /** How many texts the erasure found held. */
  readonly texts: number;
}

export type CaseTextsErasedEvent = DomainEvent<
  'CaseTextsErased',
  { readonly caseId: string; readonly agencyId: string; readonly texts: number }
>;

export interface TextErasures {
  readonly agencyId: string;
  readonly erasures: number;
}

export const textErasureDecider: Decider<EraseCaseTexts, CaseTextsErasedEvent, TextErasures> = {
  decide: (command) => [
    {
      type: 'CaseTextsErased',
      data: { caseId: command.caseId, agencyId: command.agencyId, texts: command.texts },
    },
  ],
  evolve: (state, event) => ({ agencyId: event.data.agencyId, erasures: state.erasures + 1 }),
  initialState: { agencyId: '', erasures: 0 },
};

export const textErasureStreamId = (caseId: string): string => `case-texts-erased:${caseId}`;

export const textErasureStream = (
  service: ServiceName,
  registry: StreamType<EraseCaseTexts, CaseTextsErasedEvent, TextErasures>['registry'],
): StreamType<EraseCaseTexts, CaseTextsErasedEvent, TextErasures> => ({
  service,
  decider: textErasureDecider,
  registry,
  agencyOf: (s) => s.agencyId,
});
