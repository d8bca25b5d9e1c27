// HTTP: record consultations (咨询) one by one, answer them, read and list them — the kernel's case
// routes, made from this declaration.
import { type z } from 'zod';
import { dateRangeWhere } from '#contracts/legal-time';
import { caseRoutes, changeRoute } from '#event-sourcing/http';
import { type ConsultationCommand } from '../domain/consultation.decider.js';
import { CONSULTATIONS } from '../application/consultation.stream.js';
import { answerConsultationBody, consultationFilters, receiveConsultationBody } from './consultation.dtos.js';

export const ConsultationsHttpController = caseRoutes({
  name: 'ConsultationsHttpController',
  path: 'consultations/consultations',
  tag: 'consultations',
  views: CONSULTATIONS,
  create: {
    method: 'receive',
    summary: 'Record a consultation received through a channel (one contact, 人次)',
    body: receiveConsultationBody,
    example: { agencyId: 'zhuzhou-city', channel: 'phone', receivedOn: '2024-03-04', topic: 'land-registration' },
    command: (body, today): ConsultationCommand => ({ type: 'ReceiveConsultation', ...body, today }),
    docs: {
      idempotencyKey: 'a retry with the same key returns the first result',
      created: 'recorded; ETag is the case version',
    },
  },
  changes: {
    ifMatch: 'the ETag (version) the change is based on',
    idempotencyKey: 'a retry with the same key (and the same If-Match) returns the first result',
    routes: [
      changeRoute({
        method: 'answer',
        path: ':id/answer',
        op: 'answer',
        summary: 'Record the answer of a consultation',
        body: answerConsultationBody,
        example: { answeredOn: '2024-03-05' },
        command: ({ answeredOn }, today): ConsultationCommand => ({ type: 'AnswerConsultation', answeredOn, today }),
      }),
    ],
  },
  get: { summary: 'A consultation at its current version' },
  list: {
    summary: 'List consultations, newest receipt first, filtered and paged',
    sort: { receivedOn: -1 },
    query: consultationFilters,
    where: (q: z.output<z.ZodObject<typeof consultationFilters>>) => ({
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...dateRangeWhere('receivedOn', q.from, q.to),
    }),
  },
});
