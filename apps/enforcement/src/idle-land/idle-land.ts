// Idle land (闲置土地): land granted for construction and left unused beyond the statutory period is
// determined idle by the bureau — counted as parcels (宗) and area (亩), one finding per case — a kind
// of land record, declared.
import { z } from 'zod';
import { agencyIdSchema } from '#contracts';
import { idleLandDetermined } from '#contracts/enforcement';
import { landRecordSlice } from '../land-record/index.js';

export const determineBody = z.strictObject({
  agencyId: agencyIdSchema,
  determinedOn: z.iso.date(),
  parcels: z.number().describe('宗, a whole number ≥ 1'),
  areaMu: z.number().describe('亩, > 0'),
  reference: z.string().trim().min(1).max(60).optional(),
});

export const idleLand = landRecordSlice({
  kind: {
    command: 'DetermineIdleLand',
    event: 'IdleLandDetermined',
    date: 'determinedOn',
    count: 'parcels',
    area: 'areaMu',
    alreadyRecorded: { rule: 'idle-land.already-determined', message: 'this idle-land finding is already recorded' },
  },
  eventType: idleLandDetermined.type,
  collection: 'idle-land-findings',
  notFound: { rule: 'idle-land.unknown', what: 'idle-land finding' },
  routes: {
    name: 'IdleLandHttpController',
    path: 'enforcement/idle-land-findings',
    tag: 'idle land',
    create: {
      method: 'determine',
      summary: 'Record land determined idle (认定闲置土地): parcels and area',
      body: determineBody,
      example: {
        agencyId: 'zhuzhou-city',
        determinedOn: '2024-03-04',
        parcels: 3,
        areaMu: 41.5,
        reference: '株闲认〔2024〕2号',
      },
    },
    listSummary: 'List idle-land findings, filtered by agency and determination date, paged',
    eraseTextsSummary:
      'Erase the free text typed into an idle-land finding (its reference) (personal data by default); the case and its figures stay',
  },
});
