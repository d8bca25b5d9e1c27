// Every rule of a disclosure request, as given (past events) / when (command) / then (new events or
// the rule that refuses it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '#testing';
import { type DisclosureRequestReceivedData, type Outcome } from '#contracts/applications';
import {
  deadlineOfRequest,
  disclosureRequestDecider as decider,
  requestTextsOf,
  type DisclosureRequest,
  type DisclosureRequestCommand,
  type DisclosureRequestEvent,
} from './disclosure-request.js';

const at = (date: string): string => `${date}T00:00:00+08:00`;

const received = (receiptDate: string, over: Partial<DisclosureRequestReceivedData> = {}): DisclosureRequestEvent => ({
  type: 'DisclosureRequestReceived',
  data: {
    agencyId: 'zhuzhou-city',
    receiptDate,
    channel: 'email',
    applicantType: 'natural-person',
    applicantRef: 'apl-1',
    regime: receiptDate < '2019-05-15' ? 'ordinance-2007' : 'ordinance-2019',
    ...over,
  },
  occurredAt: at(receiptDate),
});
const clarificationRequested = (requestedOn: string, dueOn: string): DisclosureRequestEvent => ({
  type: 'ClarificationRequested',
  data: { requestedOn, dueOn },
  occurredAt: at(requestedOn),
});
const clarificationReceived = (receivedOn: string): DisclosureRequestEvent => ({
  type: 'ClarificationReceived',
  data: { receivedOn },
  occurredAt: at(receivedOn),
});
const consulted = (consultedOn: string): DisclosureRequestEvent => ({
  type: 'ThirdPartyConsulted',
  data: { consultedOn, consultee: 'third-party' },
  occurredAt: at(consultedOn),
});
const opinion = (receivedOn: string): DisclosureRequestEvent => ({
  type: 'ConsultationOpinionReceived',
  data: { receivedOn },
  occurredAt: at(receivedOn),
});
const extended = (extendedOn: string, workingDays: number): DisclosureRequestEvent => ({
  type: 'DeadlineExtended',
  data: { extendedOn, workingDays },
  occurredAt: at(extendedOn),
});
const feeNoticed = (noticedOn: string, amountFen = 10000): DisclosureRequestEvent => ({
  type: 'FeeNoticed',
  data: { noticedOn, amountFen },
  occurredAt: at(noticedOn),
});
const feePaid = (paidOn: string, amountFen = 10000): DisclosureRequestEvent => ({
  type: 'FeePaid',
  data: { paidOn, amountFen },
  occurredAt: at(paidOn),
});
const replied = (repliedOn: string, outcome: Outcome = { category: 'disclosed' }): DisclosureRequestEvent => ({
  type: 'DisclosureRequestReplied',
  data: {
    repliedOn,
    outcome,
    legacyOutcome: outcome.category === 'disclosed' ? 'agreed' : null,
    replyDeadline: { status: 'within', dueOn: repliedOn },
  },
  occurredAt: at(repliedOn),
});
const withdrawn = (withdrawnOn: string): DisclosureRequestEvent => ({
  type: 'DisclosureRequestWithdrawn',
  data: { withdrawnOn, outcome: { category: 'other-processing', reason: 'other' }, legacyOutcome: null },
  occurredAt: at(withdrawnOn),
});

const receive = {
  type: 'ReceiveRequest' as const,
  today: '2019-06-10',
  agencyId: 'you-county',
  receiptDate: '2019-06-03',
  channel: 'online' as const,
  applicantType: 'commercial-enterprise' as const,
  applicantRef: 'apl-7',
  informationRequested: '  某地块出让合同  ',
};

const openRequest = (...events: DisclosureRequestEvent[]): DisclosureRequest => {
  const state = given(decider, ...events).state;
  assert.notEqual(state.phase, 'none');
  return state as DisclosureRequest;
};

describe('receiving a request', () => {
  it('records the receipt date as the legal time and fixes the regime by it', () => {
    given(decider)
      .when(receive)
      .then([
        {
          type: 'DisclosureRequestReceived',
          data: {
            agencyId: 'you-county',
            receiptDate: '2019-06-03',
            channel: 'online',
            applicantType: 'commercial-enterprise',
            applicantRef: 'apl-7',
            regime: 'ordinance-2019',
          },
          occurredAt: '2019-06-03T00:00:00+08:00',
        },
      ]);
  });

  it('a request received on 2019-05-14 falls under the 2007 条例, one received on 2019-05-15 under the 2019 one', () => {
    const regimeOf = (receiptDate: string): unknown =>
      given(decider)
        .when({ ...receive, receiptDate })
        .then([
          {
            type: 'DisclosureRequestReceived',
            data: {
              agencyId: 'you-county',
              receiptDate,
              channel: 'online',
              applicantType: 'commercial-enterprise',
              applicantRef: 'apl-7',
              regime: receiptDate < '2019-05-15' ? 'ordinance-2007' : 'ordinance-2019',
            },
            occurredAt: at(receiptDate),
          },
        ])[0]!.data;
    assert.equal((regimeOf('2019-05-14') as DisclosureRequestReceivedData).regime, 'ordinance-2007');
    assert.equal((regimeOf('2019-05-15') as DisclosureRequestReceivedData).regime, 'ordinance-2019');
    // …and so different time limits: see deadline.unit.spec.ts for the counted dates.
    assert.deepEqual(deadlineOfRequest(openRequest(received('2019-05-14'))), {
      status: 'running',
      dueDate: '2019-06-04',
      allowedWorkingDays: 15,
    });
    assert.deepEqual(deadlineOfRequest(openRequest(received('2019-05-15'))), {
      status: 'running',
      dueDate: '2019-06-13',
      allowedWorkingDays: 20,
    });
  });

  it('refuses a receipt date in the future', () => {
    given(decider)
      .when({ ...receive, receiptDate: '2019-06-11' })
      .thenThrows('receipt.date-in-future', { field: 'receiptDate', kind: 'invalid' });
  });

  it('refuses a receipt date before the 条例 was in force, a non-date, an unknown agency, an empty request', () => {
    given(decider)
      .when({ ...receive, receiptDate: '2008-04-30' })
      .thenThrows('receipt.before-ordinance');
    given(decider)
      .when({ ...receive, receiptDate: '2019-02-30' })
      .thenThrows('date.invalid', { field: 'receiptDate' });
    given(decider)
      .when({ ...receive, agencyId: 'atlantis' })
      .thenThrows('agency.unknown', { field: 'agencyId' });
    given(decider)
      .when({ ...receive, informationRequested: '  ' })
      .thenThrows('receipt.information-missing', { field: 'informationRequested' });
  });

  it('refuses to receive the same request twice', () => {
    given(decider, received('2019-06-03')).when(receive).thenThrows('receipt.already-received', { kind: 'conflict' });
  });
});

describe('clarification (补正)', () => {
  it('is requested once, within 7 working days of receipt under the 2019 条例', () => {
    // Received Mon 2019-06-03: 6-4(1) 6-5 6-6 | 6-7 端午 | 6-10(4) 6-11 6-12 6-13(7).
    given(decider, received('2019-06-03'))
      .when({ type: 'RequestClarification', today: '2019-06-20', requestedOn: '2019-06-13', dueOn: '2019-06-28' })
      .then([clarificationRequested('2019-06-13', '2019-06-28')]);
    given(decider, received('2019-06-03'))
      .when({ type: 'RequestClarification', today: '2019-06-20', requestedOn: '2019-06-14', dueOn: '2019-06-28' })
      .thenThrows('clarification.too-late', { field: 'requestedOn' });
  });

  it('the 7-day window is a 2019 rule: a 2009 request may be asked to clarify later', () => {
    given(decider, received('2009-03-02'))
      .when({ type: 'RequestClarification', today: '2009-04-01', requestedOn: '2009-03-20', dueOn: '2009-04-03' })
      .then([clarificationRequested('2009-03-20', '2009-04-03')]);
  });

  it('refuses a second clarification request (一次性告知) and a due date not after the request', () => {
    given(
      decider,
      received('2019-06-03'),
      clarificationRequested('2019-06-05', '2019-06-19'),
      clarificationReceived('2019-06-10'),
    )
      .when({ type: 'RequestClarification', today: '2019-06-20', requestedOn: '2019-06-11', dueOn: '2019-06-25' })
      .thenThrows('clarification.already-requested', { kind: 'conflict' });
    given(decider, received('2019-06-03'))
      .when({ type: 'RequestClarification', today: '2019-06-20', requestedOn: '2019-06-05', dueOn: '2019-06-05' })
      .thenThrows('clarification.due-not-after-request', { field: 'dueOn' });
  });

  it('stops the clock, and restarts the count from the day the clarification arrives', () => {
    const waiting = openRequest(received('2019-06-03'), clarificationRequested('2019-06-05', '2019-06-19'));
    assert.equal(deadlineOfRequest(waiting)?.status, 'paused');
    const clarified = openRequest(
      received('2019-06-03'),
      clarificationRequested('2019-06-05', '2019-06-19'),
      clarificationReceived('2019-06-12'),
    );
    // Restart on Wed 6-12: 6-13(1) 6-14(2) 6-17 … 6-21(7) 6-24 … 6-28(12) 7-1 … 7-5(17) 7-8 7-9 7-10(20).
    assert.deepEqual(deadlineOfRequest(clarified), {
      status: 'running',
      dueDate: '2019-07-10',
      allowedWorkingDays: 20,
    });
  });

  it('refuses a clarification nobody asked for', () => {
    given(decider, received('2019-06-03'))
      .when({ type: 'ReceiveClarification', today: '2019-06-20', receivedOn: '2019-06-10' })
      .thenThrows('clarification.not-awaited', { kind: 'conflict' });
  });
});

describe('consultation of a third party or another agency', () => {
  it('pauses the clock until the opinion arrives', () => {
    given(decider, received('2019-06-03'))
      .when({ type: 'ConsultThirdParty', today: '2019-06-05', consultedOn: '2019-06-05', consultee: 'third-party' })
      .then([consulted('2019-06-05')]);
    const resumed = openRequest(received('2019-06-03'), consulted('2019-06-05'), opinion('2019-06-14'));
    assert.deepEqual(deadlineOfRequest(resumed), { status: 'running', dueDate: '2019-07-10', allowedWorkingDays: 20 });
  });

  it('one consultation at a time; an opinion needs an open consultation', () => {
    given(decider, received('2019-06-03'), consulted('2019-06-05'))
      .when({ type: 'ConsultThirdParty', today: '2019-06-06', consultedOn: '2019-06-06', consultee: 'other-agency' })
      .thenThrows('consultation.already-open', { kind: 'conflict' });
    given(decider, received('2019-06-03'))
      .when({ type: 'ReceiveConsultationOpinion', today: '2019-06-06', receivedOn: '2019-06-06' })
      .thenThrows('consultation.not-open', { kind: 'conflict' });
  });
});

describe('free text (personal data by default) stays out of the events', () => {
  it('no event of a receipt or an extension carries what was typed; requestTextsOf returns it, trimmed', () => {
    const typed = '张三丰测试 11010519491231002X 13912345678';
    const extend: DisclosureRequestCommand = {
      type: 'ExtendDeadline',
      today: '2019-06-20',
      extendedOn: '2019-06-20',
      reason: ` ${typed} `,
    };
    const events = [
      ...given(decider)
        .when({ ...receive, informationRequested: typed })
        .then([
          received('2019-06-03', {
            agencyId: 'you-county',
            channel: 'online',
            applicantType: 'commercial-enterprise',
            applicantRef: 'apl-7',
          }),
        ]),
      ...given(decider, received('2019-06-03'))
        .when(extend)
        .then([extended('2019-06-20', 20)]),
    ];
    assert.ok(!JSON.stringify(events).includes('张三丰'));
    assert.deepEqual(requestTextsOf({ ...receive, informationRequested: ` ${typed}` }), {
      informationRequested: typed,
    });
    assert.deepEqual(requestTextsOf(extend), { extensionReason: typed });
  });
});

describe('extension of the deadline', () => {
  it('extends once, by the regime maximum by default, with a reason', () => {
    given(decider, received('2019-06-03'))
      .when({ type: 'ExtendDeadline', today: '2019-06-20', extendedOn: '2019-06-20', reason: ' 档案检索 ' })
      .then([extended('2019-06-20', 20)]);
    given(decider, received('2009-03-02'))
      .when({ type: 'ExtendDeadline', today: '2009-03-10', extendedOn: '2009-03-10', reason: '档案检索' })
      .then([extended('2009-03-10', 15)]);
  });

  it('refuses a second extension', () => {
    given(decider, received('2019-06-03'), extended('2019-06-20', 10))
      .when({ type: 'ExtendDeadline', today: '2019-06-21', extendedOn: '2019-06-21', workingDays: 5, reason: 'more' })
      .thenThrows('extension.already-extended', { kind: 'conflict' });
  });

  it('refuses more than 15 working days under the 2007 条例 (20 under 2019), and no reason', () => {
    given(decider, received('2009-03-02'))
      .when({ type: 'ExtendDeadline', today: '2009-03-10', extendedOn: '2009-03-10', workingDays: 16, reason: 'x' })
      .thenThrows('extension.too-long', { field: 'workingDays' });
    given(decider, received('2019-06-03'))
      .when({ type: 'ExtendDeadline', today: '2019-06-10', extendedOn: '2019-06-10', workingDays: 21, reason: 'x' })
      .thenThrows('extension.too-long', { field: 'workingDays' });
    given(decider, received('2019-06-03'))
      .when({ type: 'ExtendDeadline', today: '2019-06-10', extendedOn: '2019-06-10', reason: '   ' })
      .thenThrows('extension.reason-missing', { field: 'reason' });
  });

  it('refuses an extension decided after the deadline passed', () => {
    // Received 2019-06-03, due 2019-07-02 (see deadline spec).
    given(decider, received('2019-06-03'))
      .when({ type: 'ExtendDeadline', today: '2019-07-03', extendedOn: '2019-07-03', reason: 'late' })
      .thenThrows('extension.after-deadline', { field: 'extendedOn' });
    given(decider, received('2019-06-03'))
      .when({ type: 'ExtendDeadline', today: '2019-07-03', extendedOn: '2019-07-02', reason: 'in time' })
      .then([
        {
          type: 'DeadlineExtended',
          data: { extendedOn: '2019-07-02', workingDays: 20 },
          occurredAt: at('2019-07-02'),
        },
      ]);
  });

  it('adds its working days to the time limit', () => {
    // Due 2019-07-02 plus 20 working days: 7-3 … 7-5(3) 7-8 … 7-12(8) 7-15 … 7-19(13) 7-22 … 7-26(18) 7-29 7-30(20).
    const r = openRequest(received('2019-06-03'), extended('2019-06-20', 20));
    assert.deepEqual(deadlineOfRequest(r), { status: 'running', dueDate: '2019-07-30', allowedWorkingDays: 40 });
  });
});

describe('fees', () => {
  it('notices a fee once, in whole fen, and records its payment', () => {
    given(decider, received('2021-03-01'))
      .when({ type: 'NoticeFee', today: '2021-03-05', noticedOn: '2021-03-05', amountFen: 20000 })
      .then([feeNoticed('2021-03-05', 20000)]);
    given(decider, received('2021-03-01'))
      .when({ type: 'NoticeFee', today: '2021-03-05', noticedOn: '2021-03-05', amountFen: 0 })
      .thenThrows('fee.invalid-amount', { field: 'amountFen' });
    given(decider, received('2021-03-01'), feeNoticed('2021-03-05'))
      .when({ type: 'NoticeFee', today: '2021-03-08', noticedOn: '2021-03-08', amountFen: 100 })
      .thenThrows('fee.already-noticed', { kind: 'conflict' });
    given(decider, received('2021-03-01'), feeNoticed('2021-03-05', 20000))
      .when({ type: 'PayFee', today: '2021-03-09', paidOn: '2021-03-09' })
      .then([feePaid('2021-03-09', 20000)]);
    given(decider, received('2021-03-01'))
      .when({ type: 'PayFee', today: '2021-03-09', paidOn: '2021-03-09' })
      .thenThrows('fee.not-noticed', { kind: 'conflict' });
    given(decider, received('2021-03-01'), feeNoticed('2021-03-05'), feePaid('2021-03-09'))
      .when({ type: 'PayFee', today: '2021-03-10', paidOn: '2021-03-10' })
      .thenThrows('fee.already-paid', { kind: 'conflict' });
  });

  it('under the 2019 条例 the clock pauses from the notice to the payment', () => {
    // Received Mon 2021-03-01; notice Wed 3-03 after 3-02(1) 3-03(2); paid Fri 3-12: 3-04..3-12 do not count.
    // Resume: 3-15(3) … 3-19(7) 3-22 … 3-26(12) 3-29 3-30 3-31 4-1 4-2(17) | 4-3..4-5 清明 | 4-6 4-7 4-8(20).
    const r = openRequest(received('2021-03-01'), feeNoticed('2021-03-03'), feePaid('2021-03-12'));
    assert.deepEqual(deadlineOfRequest(r), { status: 'running', dueDate: '2021-04-08', allowedWorkingDays: 20 });
    // Under the 2007 条例 a fee notice does not stop the clock.
    const old = openRequest(received('2009-03-02'), feeNoticed('2009-03-04'));
    assert.equal(deadlineOfRequest(old)?.status, 'running');
  });

  it('lapses an unpaid notice only after 20 working days, concluding with 其他处理 · 逾期未缴费', () => {
    // Notice Mon 2021-03-01: 3-02(1) … 3-05(4) 3-08 … 3-12(9) 3-15 … 3-19(14) 3-22 … 3-26(19) 3-29(20).
    given(decider, received('2021-02-24'), feeNoticed('2021-03-01'))
      .when({ type: 'LapseFeeNotice', today: '2021-03-29', lapsedOn: '2021-03-29' })
      .thenThrows('fee.lapse-too-early', { field: 'lapsedOn' });
    given(decider, received('2021-02-24'), feeNoticed('2021-03-01'))
      .when({ type: 'LapseFeeNotice', today: '2021-03-30', lapsedOn: '2021-03-30' })
      .then([
        { type: 'FeeNoticeLapsed', data: { lapsedOn: '2021-03-30' }, occurredAt: at('2021-03-30') },
        {
          type: 'DisclosureRequestReplied',
          data: {
            repliedOn: '2021-03-30',
            outcome: { category: 'other-processing', reason: 'fee-unpaid' },
            legacyOutcome: null,
            // An unpaid fee is the applicant abandoning the request: no reply was owed in time.
            replyDeadline: { status: 'not-applicable' },
          },
          occurredAt: at('2021-03-30'),
        },
      ]);
  });

  it('refuses to conclude as fee-unpaid by a reply: the lapse is recorded instead', () => {
    given(decider, received('2021-02-24'), feeNoticed('2021-03-01'))
      .when({
        type: 'Reply',
        today: '2021-04-30',
        repliedOn: '2021-04-30',
        outcome: { category: 'other-processing', reason: 'fee-unpaid' },
      })
      .thenThrows('reply.fee-unpaid-needs-lapse');
  });
});

describe('reply', () => {
  it('records exactly one outcome of the national tree with its 2008-era name', () => {
    given(decider, received('2019-06-03'))
      .when({
        type: 'Reply',
        today: '2019-06-20',
        repliedOn: '2019-06-20',
        outcome: { category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'other-agency' },
      })
      .then([
        {
          type: 'DisclosureRequestReplied',
          data: {
            repliedOn: '2019-06-20',
            outcome: { category: 'cannot-provide', reason: 'not-held', notHeldBecause: 'other-agency' },
            legacyOutcome: 'outside-remit',
            // 20 working days after Mon 2019-06-03, 端午 (Fri 6-07) off: Tue 2019-07-02.
            replyDeadline: { status: 'within', dueOn: '2019-07-02' },
          },
          occurredAt: at('2019-06-20'),
        },
      ]);
  });

  it('refuses to reply twice, or to a withdrawn request', () => {
    const reply = {
      type: 'Reply' as const,
      today: '2019-07-01',
      repliedOn: '2019-07-01',
      outcome: { category: 'disclosed' as const },
    };
    given(decider, received('2019-06-03'), replied('2019-06-20'))
      .when(reply)
      .thenThrows('reply.already-replied', { kind: 'conflict' });
    given(decider, received('2019-06-03'), withdrawn('2019-06-10'))
      .when(reply)
      .thenThrows('reply.request-withdrawn', { kind: 'conflict' });
  });

  it('refuses a reason outside the tree, naming the field', () => {
    const reply = (outcome: unknown) => ({
      type: 'Reply' as const,
      today: '2019-07-01',
      repliedOn: '2019-07-01',
      outcome: outcome as Outcome,
    });
    const g = given(decider, received('2019-06-03'));
    g.when(reply({ category: 'withheld', reason: 'duplicate-request' })).thenThrows('reply.outcome-outside-tree', {
      field: 'outcome.reason',
    });
    g.when(reply({ category: 'withheld' })).thenThrows('reply.outcome-outside-tree', { field: 'outcome.reason' });
    g.when(reply({ category: 'disclosed', reason: 'other' })).thenThrows('reply.outcome-outside-tree', {
      field: 'outcome.reason',
    });
    g.when(reply({ category: 'approved' })).thenThrows('reply.outcome-outside-tree', { field: 'outcome.category' });
    g.when(reply({ category: 'withheld', reason: 'third-party-rights' })).thenThrows('reply.outcome-outside-tree', {
      field: 'outcome.thirdPartyInterest',
    });
    g.when(reply({ category: 'cannot-provide', reason: 'needs-creation', notHeldBecause: 'other-agency' })).thenThrows(
      'reply.outcome-outside-tree',
      { field: 'outcome.notHeldBecause' },
    );
  });

  it('no-clarification needs an unanswered clarification past its due date', () => {
    const reply = (repliedOn: string) => ({
      type: 'Reply' as const,
      today: '2019-07-01',
      repliedOn,
      outcome: { category: 'other-processing' as const, reason: 'no-clarification' as const },
    });
    given(decider, received('2019-06-03')).when(reply('2019-06-20')).thenThrows('reply.no-clarification-not-awaited');
    given(decider, received('2019-06-03'), clarificationRequested('2019-06-05', '2019-06-19'))
      .when(reply('2019-06-19'))
      .thenThrows('reply.no-clarification-before-due', { field: 'repliedOn' });
    given(decider, received('2019-06-03'), clarificationRequested('2019-06-05', '2019-06-19'))
      .when(reply('2019-06-20'))
      .then([
        {
          type: 'DisclosureRequestReplied',
          data: {
            repliedOn: '2019-06-20',
            outcome: { category: 'other-processing', reason: 'no-clarification' },
            legacyOutcome: 'unclear-request',
            // No clarification by its due date is abandonment (2019 条例 第三十条): no deadline applies.
            replyDeadline: { status: 'not-applicable' },
          },
          occurredAt: at('2019-06-20'),
        },
      ]);
  });

  it('still-unclear-after-clarification needs a clarification that came back', () => {
    const reply = {
      type: 'Reply' as const,
      today: '2019-07-01',
      repliedOn: '2019-07-01',
      outcome: { category: 'cannot-provide' as const, reason: 'still-unclear-after-clarification' as const },
    };
    given(decider, received('2019-06-03')).when(reply).thenThrows('reply.unclear-without-clarification');
    given(
      decider,
      received('2019-06-03'),
      clarificationRequested('2019-06-05', '2019-06-19'),
      clarificationReceived('2019-06-10'),
    )
      .when(reply)
      .then([
        {
          type: 'DisclosureRequestReplied',
          data: {
            repliedOn: '2019-07-01',
            outcome: reply.outcome,
            legacyOutcome: 'unclear-request',
            // The count restarted when the clarification arrived (Mon 6-10): 20 working days → 2019-07-08.
            replyDeadline: { status: 'within', dueOn: '2019-07-08' },
          },
          occurredAt: at('2019-07-01'),
        },
      ]);
  });
});

describe("the reply's deadline (replyDeadline: the due date in force on the reply day)", () => {
  // Received Mon 2019-06-03 (2019 条例: 20 working days). 6-04(1) 6-05(2) 6-06(3) | 6-07 端午 |
  // 6-10(4) … 6-14(8) 6-17 … 6-21(13) 6-24 … 6-28(18) 7-01(19) 7-02(20): due Tue 2019-07-02.
  const replyOn = (repliedOn: string, outcome: Outcome = { category: 'disclosed' }) => ({
    type: 'Reply' as const,
    today: '2019-12-31',
    repliedOn,
    outcome,
  });
  const deadlineOfReply = (events: DisclosureRequestEvent[], repliedOn: string) => {
    const [reply] = decider.decide(replyOn(repliedOn), given(decider, ...events).state);
    assert.equal(reply?.type, 'DisclosureRequestReplied');
    return (reply!.data as { replyDeadline: unknown }).replyDeadline;
  };

  it('a reply on the due date is within it; a reply the day after is late', () => {
    assert.deepEqual(deadlineOfReply([received('2019-06-03')], '2019-07-02'), {
      status: 'within',
      dueOn: '2019-07-02',
    });
    assert.deepEqual(deadlineOfReply([received('2019-06-03')], '2019-07-03'), { status: 'late', dueOn: '2019-07-02' });
  });

  it('an extension moves the due date: the same reply is then within it', () => {
    // Extended on 6-28 by 20: 7-03(1) … 7-05(3) 7-08 … 7-12(8) 7-15 … 7-19(13) 7-22 … 7-26(18) 7-29 7-30(20).
    assert.deepEqual(deadlineOfReply([received('2019-06-03'), extended('2019-06-28', 20)], '2019-07-03'), {
      status: 'within',
      dueOn: '2019-07-30',
    });
  });

  it('a clarification restarts the count from the day it arrives', () => {
    // Clarified on Wed 6-12: 6-13(1) 6-14(2) 6-17 … 6-21(7) 6-24 … 6-28(12) 7-01 … 7-05(17) 7-08 7-09 7-10(20).
    const events = [received('2019-06-03'), clarificationRequested('2019-06-05', '2019-06-19')];
    assert.deepEqual(deadlineOfReply([...events, clarificationReceived('2019-06-12')], '2019-07-05'), {
      status: 'within',
      dueOn: '2019-07-10',
    });
    assert.deepEqual(deadlineOfReply([...events, clarificationReceived('2019-06-12')], '2019-07-11'), {
      status: 'late',
      dueOn: '2019-07-10',
    });
  });

  it('a consultation does not count; one still open on the reply day ends with the reply', () => {
    // Consulted 6-10, opinion 6-14: 6-11 … 6-14 do not count, so the 20th working day is Mon 7-08.
    assert.deepEqual(
      deadlineOfReply([received('2019-06-03'), consulted('2019-06-10'), opinion('2019-06-14')], '2019-07-05'),
      { status: 'within', dueOn: '2019-07-08' },
    );
    // Consulted on 6-28 (the 18th working day), no opinion yet: replied on 7-10, the clock resumes after
    // it, 7-11(19) 7-12(20) — the reply is within.
    assert.deepEqual(deadlineOfReply([received('2019-06-03'), consulted('2019-06-28')], '2019-07-10'), {
      status: 'within',
      dueOn: '2019-07-12',
    });
  });

  it('is unknown, never guessed, when a year the count runs through has no holiday notice on file', () => {
    // From 2026-12-25 on the 2027 notice decides (it may move 元旦 days into December); it is not on file.
    const [reply] = decider.decide(
      { ...replyOn('2026-12-15'), today: '2027-01-05' },
      given(decider, received('2026-12-10')).state,
    );
    assert.deepEqual((reply!.data as { replyDeadline: unknown }).replyDeadline, {
      status: 'unknown',
      reason: 'calendar-not-on-file',
    });
  });
});

describe('withdrawal', () => {
  it('concludes the request under 其他处理 · 其他', () => {
    given(decider, received('2019-06-03'))
      .when({ type: 'Withdraw', today: '2019-06-10', withdrawnOn: '2019-06-10' })
      .then([withdrawn('2019-06-10')]);
  });

  it('refuses a withdrawal after the reply', () => {
    given(decider, received('2019-06-03'), replied('2019-06-20'))
      .when({ type: 'Withdraw', today: '2019-06-21', withdrawnOn: '2019-06-21' })
      .thenThrows('withdrawal.already-concluded', { kind: 'conflict' });
  });
});

describe('every step', () => {
  it('is refused on a request that does not exist', () => {
    given(decider)
      .when({ type: 'Withdraw', today: '2019-06-10', withdrawnOn: '2019-06-10' })
      .thenThrows('request.not-found', { kind: 'not-found' });
  });

  it('is refused once the request is concluded', () => {
    given(decider, received('2019-06-03'), replied('2019-06-20'))
      .when({ type: 'ConsultThirdParty', today: '2019-06-21', consultedOn: '2019-06-21', consultee: 'third-party' })
      .thenThrows('request.concluded', { kind: 'conflict' });
  });

  it('is refused when dated in the future or before the previous step', () => {
    given(decider, received('2019-06-03'))
      .when({ type: 'ConsultThirdParty', today: '2019-06-05', consultedOn: '2019-06-06', consultee: 'third-party' })
      .thenThrows('date.in-future', { field: 'consultedOn' });
    given(decider, received('2019-06-03'), consulted('2019-06-10'))
      .when({ type: 'ReceiveConsultationOpinion', today: '2019-06-20', receivedOn: '2019-06-07' })
      .thenThrows('date.before-previous-step', { field: 'receivedOn' });
    given(decider, received('2019-06-03'))
      .when({ type: 'Reply', today: '2019-06-20', repliedOn: '2019-06-01', outcome: { category: 'disclosed' } })
      .thenThrows('date.before-previous-step', { field: 'repliedOn' });
  });
});
