// Demolitions of illegal buildings (拆除违法建设): buildings (栋(处)) and floor area (m²), one
// completed demolition per case — a kind of land record, declared.
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { demolitionCompleted } from '#contracts/enforcement';
import { landRecordSlice } from '../land-record/index.js';

export const demolitionBody = z.strictObject({
  agencyId: agencyIdSchema,
  completedOn: z.iso.date(),
  buildings: z.number().describe('栋(处), a whole number ≥ 1'),
  floorAreaM2: z.number().describe('floor area in m², > 0'),
  reference: z.string().trim().min(1).max(60).optional(),
});

export const demolitions = landRecordSlice({
  kind: {
    command: 'CompleteDemolition',
    event: 'DemolitionCompleted',
    date: 'completedOn',
    count: 'buildings',
    area: 'floorAreaM2',
    alreadyRecorded: { rule: 'demolition.already-recorded', message: 'this demolition is already recorded' },
  },
  eventType: demolitionCompleted.type,
  collection: 'demolitions',
  notFound: { rule: 'demolition.unknown', what: 'demolition' },
  routes: {
    name: 'DemolitionsHttpController',
    path: 'enforcement/demolitions',
    tag: 'demolitions',
    create: {
      method: 'complete',
      summary: 'Record a completed demolition of illegal buildings (拆除违法建设)',
      body: demolitionBody,
      example: {
        agencyId: 'zhuzhou-city',
        completedOn: '2024-03-04',
        buildings: 2,
        floorAreaM2: 460,
        reference: '株拆〔2024〕5号',
      },
    },
    listSummary: 'List demolitions, filtered by agency and completion date, paged',
    eraseTextsSummary:
      'Erase the free text typed into a demolition (its reference) (personal data by default); the case and its figures stay',
  },
});
