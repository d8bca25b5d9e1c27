import { describe, it } from 'node:test';
import { given } from '#testing';
import { consultationDecider, type ConsultationEvent } from './consultation.decider.js';

const today = '2009-12-31';
const received: ConsultationEvent = {
  type: 'ConsultationReceived',
  data: { agencyId: 'zhuzhou-city', channel: 'phone', receivedOn: '2009-03-02' },
  occurredAt: '2009-03-02T00:00:00+08:00',
};

describe('consultation: receive', () => {
  it('records the channel and receipt date, with the legal time of the receipt day in Asia/Shanghai', () => {
    given(consultationDecider)
      .when({
        type: 'ReceiveConsultation',
        agencyId: 'zhuzhou-city',
        channel: 'online',
        receivedOn: '2009-12-31',
        topic: 'land-registration',
        today,
      })
      .then([
        {
          type: 'ConsultationReceived',
          data: { agencyId: 'zhuzhou-city', channel: 'online', receivedOn: '2009-12-31', topic: 'land-registration' },
          occurredAt: '2009-12-31T00:00:00+08:00',
        },
      ]);
  });

  it('refuses an unknown agency, an impossible date and a date after today', () => {
    const base = { type: 'ReceiveConsultation', agencyId: 'zhuzhou-city', channel: 'phone', today } as const;
    given(consultationDecider)
      .when({ ...base, agencyId: 'nowhere', receivedOn: '2009-03-02' })
      .thenThrows('agency.unknown', { field: 'agencyId' });
    given(consultationDecider)
      .when({ ...base, receivedOn: '2009-02-29' })
      .thenThrows('date.invalid', { field: 'receivedOn' });
    given(consultationDecider)
      .when({ ...base, receivedOn: '2010-01-01' })
      .thenThrows('date.in-future', { field: 'receivedOn' });
  });

  it('refuses to receive the same consultation twice', () => {
    given(consultationDecider, received)
      .when({
        type: 'ReceiveConsultation',
        agencyId: 'zhuzhou-city',
        channel: 'phone',
        receivedOn: '2009-03-02',
        today,
      })
      .thenThrows('consultation.already-received', { kind: 'conflict' });
  });
});

describe('consultation: answer', () => {
  it('records the answer date', () => {
    given(consultationDecider, received)
      .when({ type: 'AnswerConsultation', answeredOn: '2009-03-03', today })
      .then([
        { type: 'ConsultationAnswered', data: { answeredOn: '2009-03-03' }, occurredAt: '2009-03-03T00:00:00+08:00' },
      ]);
  });

  it('refuses to answer a consultation never received, before it was received, or twice', () => {
    given(consultationDecider)
      .when({ type: 'AnswerConsultation', answeredOn: '2009-03-03', today })
      .thenThrows('consultation.unknown', { kind: 'not-found' });
    given(consultationDecider, received)
      .when({ type: 'AnswerConsultation', answeredOn: '2009-03-01', today })
      .thenThrows('consultation.answered-before-received', { field: 'answeredOn' });
    given(consultationDecider, received, {
      type: 'ConsultationAnswered',
      data: { answeredOn: '2009-03-02' },
      occurredAt: '2009-03-02T00:00:00+08:00',
    })
      .when({ type: 'AnswerConsultation', answeredOn: '2009-03-03', today })
      .thenThrows('consultation.already-answered', { kind: 'conflict' });
  });
});
