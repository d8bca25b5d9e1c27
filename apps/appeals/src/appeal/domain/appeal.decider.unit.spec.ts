import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold } from '#event-sourcing';
import { given } from '#testing';
import { appealDecider, type AppealCommand, type AppealEvent } from './appeal.decider.js';

const today = '2009-12-31';
const at = (date: string): string => `${date}T00:00:00+08:00`;
const act = { kind: 'disclosure-request', ref: 'req-1' } as const;
const known = { kind: 'disclosure-request', agencyId: 'zhuzhou-city' } as const;

const fileReconsideration = (
  over: Partial<Extract<AppealCommand, { type: 'FileReconsideration' }>> = {},
): AppealCommand => ({
  type: 'FileReconsideration',
  agencyId: 'zhuzhou-city',
  act,
  knownOn: '2009-05-04',
  filedOn: '2009-05-20',
  acceptedOn: '2009-05-22',
  today,
  knownAct: known,
  ...over,
});

const filed = (actConfirmation: 'confirmed' | 'pending'): AppealEvent => ({
  type: 'ReconsiderationFiled',
  data: {
    agencyId: 'zhuzhou-city',
    act,
    knownOn: '2009-05-04',
    filedOn: '2009-05-20',
    acceptedOn: '2009-05-22',
    filingDeadline: '2009-07-03',
    filedInTime: true,
    decisionDueOn: '2009-07-21',
    actConfirmation,
  },
  occurredAt: at('2009-05-20'),
});
const decided: AppealEvent = {
  type: 'AppealDecided',
  data: { decidedOn: '2009-07-10', result: 'upheld' },
  occurredAt: at('2009-07-10'),
};

describe('appeal: filing a reconsideration (行政复议)', () => {
  it('records the timers and a confirmed act when the act is known', () => {
    given(appealDecider)
      .when(fileReconsideration())
      .then([filed('confirmed')]);
  });

  it('records a late filing as late, without refusing it', () => {
    given(appealDecider)
      .when(fileReconsideration({ filedOn: '2009-08-01', acceptedOn: '2009-08-03' }))
      .then([
        {
          type: 'ReconsiderationFiled',
          data: {
            agencyId: 'zhuzhou-city',
            act,
            knownOn: '2009-05-04',
            filedOn: '2009-08-01',
            acceptedOn: '2009-08-03',
            filingDeadline: '2009-07-03',
            filedInTime: false,
            decisionDueOn: '2009-10-02',
            actConfirmation: 'confirmed',
          },
          occurredAt: at('2009-08-01'),
        },
      ]);
  });

  it('accepts an act not seen yet as pending confirmation', () => {
    given(appealDecider)
      .when(fileReconsideration({ knownAct: undefined }))
      .then([filed('pending')]);
  });

  it('refuses an act known under another agency or of another kind, and bad dates', () => {
    given(appealDecider)
      .when(fileReconsideration({ knownAct: { kind: 'disclosure-request', agencyId: 'you-county' } }))
      .thenThrows('act.agency-mismatch', { field: 'agencyId' });
    given(appealDecider)
      .when(fileReconsideration({ knownAct: { kind: 'enforcement-case', agencyId: 'zhuzhou-city' } }))
      .thenThrows('act.kind-mismatch', { field: 'act.kind' });
    given(appealDecider)
      .when(fileReconsideration({ knownOn: '2009-05-21' }))
      .thenThrows('filing.before-known', { field: 'filedOn' });
    given(appealDecider)
      .when(fileReconsideration({ acceptedOn: '2009-05-19' }))
      .thenThrows('acceptance.before-filing', { field: 'acceptedOn' });
    given(appealDecider)
      .when(fileReconsideration({ filedOn: '2010-01-02' }))
      .thenThrows('date.in-future', { field: 'filedOn' });
    given(appealDecider)
      .when(fileReconsideration({ agencyId: 'x' }))
      .thenThrows('agency.unknown', { field: 'agencyId' });
    given(appealDecider, filed('confirmed'))
      .when(fileReconsideration())
      .thenThrows('appeal.already-filed', { kind: 'conflict' });
  });
});

describe('appeal: lawsuits (行政诉讼)', () => {
  it('files a direct suit with the 3-month window of the 1989 law', () => {
    given(appealDecider)
      .when({
        type: 'FileDirectLawsuit',
        agencyId: 'zhuzhou-city',
        act,
        knownOn: '2009-03-15',
        filedOn: '2009-06-16',
        today,
        knownAct: known,
      })
      .then([
        {
          type: 'LawsuitFiled',
          data: {
            agencyId: 'zhuzhou-city',
            route: 'direct',
            act,
            knownOn: '2009-03-15',
            filedOn: '2009-06-16',
            acceptedOn: '2009-06-16',
            filingDeadline: '2009-06-15',
            filedInTime: false,
            decisionDueOn: '2009-09-16',
            actConfirmation: 'confirmed',
          },
          occurredAt: at('2009-06-16'),
        },
      ]);
  });

  it('files after a decided reconsideration: same act and agency, 15 days from the decision', () => {
    const reconsideration = fold(appealDecider, [filed('pending'), decided]);
    given(appealDecider)
      .when({
        type: 'FileLawsuitAfterReconsideration',
        reconsiderationId: 'rec-1',
        reconsideration,
        filedOn: '2009-07-20',
        today,
      })
      .then([
        {
          type: 'LawsuitFiled',
          data: {
            agencyId: 'zhuzhou-city',
            route: 'after-reconsideration',
            act,
            reconsiderationId: 'rec-1',
            filedOn: '2009-07-20',
            acceptedOn: '2009-07-20',
            filingDeadline: '2009-07-25',
            filedInTime: true,
            decisionDueOn: '2009-10-20',
            actConfirmation: 'pending',
          },
          occurredAt: at('2009-07-20'),
        },
      ]);
  });

  it('refuses a suit after a reconsideration that does not exist, is a lawsuit, or was filed later', () => {
    const base = {
      type: 'FileLawsuitAfterReconsideration',
      reconsiderationId: 'rec-1',
      filedOn: '2009-07-20',
      today,
    } as const;
    given(appealDecider)
      .when({ ...base, reconsideration: { status: 'none' } })
      .thenThrows('lawsuit.reconsideration-unknown', { field: 'reconsiderationId' });
    const direct = fold(
      appealDecider,
      given(appealDecider)
        .when({
          type: 'FileDirectLawsuit',
          agencyId: 'zhuzhou-city',
          act,
          knownOn: '2009-03-15',
          filedOn: '2009-04-16',
          today,
          knownAct: known,
        })
        .then([
          {
            type: 'LawsuitFiled',
            data: {
              agencyId: 'zhuzhou-city',
              route: 'direct',
              act,
              knownOn: '2009-03-15',
              filedOn: '2009-04-16',
              acceptedOn: '2009-04-16',
              filingDeadline: '2009-06-15',
              filedInTime: true,
              decisionDueOn: '2009-07-16',
              actConfirmation: 'confirmed',
            },
            occurredAt: at('2009-04-16'),
          },
        ]),
    );
    given(appealDecider)
      .when({ ...base, reconsideration: direct })
      .thenThrows('lawsuit.not-a-reconsideration');
    given(appealDecider)
      .when({ ...base, filedOn: '2009-05-19', reconsideration: fold(appealDecider, [filed('confirmed')]) })
      .thenThrows('lawsuit.before-reconsideration', { field: 'filedOn' });
  });
});

describe('appeal: act confirmation (the act arrives on Kafka later)', () => {
  it('confirms a pending appeal when its act arrives with the same agency; again decides nothing', () => {
    const confirmed = given(appealDecider, filed('pending'))
      .when({ type: 'ConfirmAct', act, knownAct: known })
      .then([{ type: 'ActConfirmed', data: { act } }]);
    given(appealDecider, filed('pending'), ...confirmed)
      .when({ type: 'ConfirmAct', act, knownAct: known })
      .thenNothing();
  });

  it('disputes the reference when the act belongs to another agency (once), and ignores other acts', () => {
    const other = { kind: 'disclosure-request', agencyId: 'liling-city' } as const;
    const disputed = given(appealDecider, filed('pending'))
      .when({ type: 'ConfirmAct', act, knownAct: other })
      .then([{ type: 'ActReferenceDisputed', data: { act, reason: 'agency-mismatch', actAgencyId: 'liling-city' } }]);
    given(appealDecider, filed('pending'), ...disputed)
      .when({ type: 'ConfirmAct', act, knownAct: other })
      .thenNothing();
    given(appealDecider, filed('pending'))
      .when({ type: 'ConfirmAct', act: { kind: 'disclosure-request', ref: 'req-2' }, knownAct: known })
      .thenNothing();
    given(appealDecider, filed('pending'))
      .when({ type: 'ConfirmAct', act, knownAct: { kind: 'enforcement-case', agencyId: 'zhuzhou-city' } })
      .thenNothing();
  });

  it('flags a still-pending appeal once after the bound, and still confirms it when the act comes later', () => {
    const flag = { type: 'FlagActOverdue', pendingSince: '2009-05-20T09:00:00.000Z', boundSeconds: 86400 } as const;
    const overdue = given(appealDecider, filed('pending'))
      .when(flag)
      .then([
        {
          type: 'ActConfirmationOverdue',
          data: { act, pendingSince: '2009-05-20T09:00:00.000Z', boundSeconds: 86400 },
        },
      ]);
    given(appealDecider, filed('pending'), ...overdue)
      .when(flag)
      .thenNothing();
    given(appealDecider, filed('confirmed')).when(flag).thenNothing();
    given(appealDecider, filed('pending'), ...overdue)
      .when({ type: 'ConfirmAct', act, knownAct: known })
      .then([{ type: 'ActConfirmed', data: { act } }]);
  });

  it('corrects the reference: confirmed when the new act is known under the agency, pending otherwise', () => {
    const newAct = { kind: 'disclosure-request', ref: 'req-9' } as const;
    given(appealDecider, filed('pending'))
      .when({ type: 'CorrectActReference', act: newAct, agencyId: 'zhuzhou-city', knownAct: known })
      .then([
        {
          type: 'ActReferenceCorrected',
          data: { act: newAct, agencyId: 'zhuzhou-city', actConfirmation: 'confirmed' },
        },
      ]);
    const corrected = given(appealDecider, filed('pending'))
      .when({ type: 'CorrectActReference', act: newAct, agencyId: 'you-county', knownAct: undefined })
      .then([
        { type: 'ActReferenceCorrected', data: { act: newAct, agencyId: 'you-county', actConfirmation: 'pending' } },
      ]);
    const state = fold(appealDecider, [filed('pending'), ...corrected]);
    assert.equal(state.status !== 'none' && state.agencyId, 'you-county');
    given(appealDecider, filed('pending'))
      .when({ type: 'CorrectActReference', act: newAct, agencyId: 'you-county', knownAct: known })
      .thenThrows('act.agency-mismatch', { field: 'agencyId' });
    given(appealDecider, filed('confirmed'))
      .when({ type: 'CorrectActReference', act, agencyId: 'zhuzhou-city', knownAct: known })
      .thenNothing();
  });
});

describe('appeal: deadline extension and decision', () => {
  it('extends a reconsideration deadline once, by at most 30 days, before it passes', () => {
    const extended = given(appealDecider, filed('confirmed'))
      .when({ type: 'ExtendDecisionDeadline', days: 30, today: '2009-07-21' })
      .then([{ type: 'DecisionDeadlineExtended', data: { extendedByDays: 30, decisionDueOn: '2009-08-20' } }]);
    given(appealDecider, filed('confirmed'), ...extended)
      .when({ type: 'ExtendDecisionDeadline', days: 5, today: '2009-07-22' })
      .thenThrows('extension.already-extended', { kind: 'conflict' });
    given(appealDecider, filed('confirmed'))
      .when({ type: 'ExtendDecisionDeadline', days: 31, today: '2009-07-01' })
      .thenThrows('extension.too-long', { field: 'days' });
    given(appealDecider, filed('confirmed'))
      .when({ type: 'ExtendDecisionDeadline', days: 10, today: '2009-07-22' })
      .thenThrows('extension.after-deadline', { kind: 'conflict' });
    given(appealDecider, filed('confirmed'), decided)
      .when({ type: 'ExtendDecisionDeadline', days: 10, today: '2009-07-11' })
      .thenThrows('appeal.already-decided', { kind: 'conflict' });
  });

  it('decides once, not before the filing, with otherResult only for 其他结果', () => {
    given(appealDecider, filed('confirmed'))
      .when({ type: 'DecideAppeal', decidedOn: '2009-07-10', result: 'upheld', today })
      .then([decided]);
    given(appealDecider, filed('confirmed'))
      .when({ type: 'DecideAppeal', decidedOn: '2009-06-10', result: 'other', otherResult: 'withdrawn', today })
      .then([
        {
          type: 'AppealDecided',
          data: { decidedOn: '2009-06-10', result: 'other', otherResult: 'withdrawn' },
          occurredAt: at('2009-06-10'),
        },
      ]);
    given(appealDecider, filed('confirmed'), decided)
      .when({ type: 'DecideAppeal', decidedOn: '2009-07-11', result: 'corrected', today })
      .thenThrows('appeal.already-decided', { kind: 'conflict' });
    given(appealDecider, filed('confirmed'))
      .when({ type: 'DecideAppeal', decidedOn: '2009-05-19', result: 'upheld', today })
      .thenThrows('decision.before-filing', { field: 'decidedOn' });
    given(appealDecider, filed('confirmed'))
      .when({ type: 'DecideAppeal', decidedOn: '2009-07-10', result: 'upheld', otherResult: 'dismissed', today })
      .thenThrows('decision.other-result-mismatch', { field: 'otherResult' });
    given(appealDecider)
      .when({ type: 'DecideAppeal', decidedOn: '2009-07-10', result: 'upheld', today })
      .thenThrows('appeal.unknown', { kind: 'not-found' });
  });
});
