// The three kinds of decision count (行政许可, 行政处罚, 行政强制), each one declaration of its routes
// (`decisionCountRoutes`, period-figures.http.controller.ts): its path, roles, and OpenAPI text.
import { READ_ROLES } from '#auth';
import { COERCIONS, LICENSING, PENALTIES } from '../application/period-figures.service.js';
import { decisionCountRoutes } from './period-figures.http.controller.js';

const officeExample = { count: 17, source: '行政执法监督平台', note: '一季度' };

export const LicensingDecisionsHttpController = decisionCountRoutes({
  name: 'LicensingDecisionsHttpController',
  kind: LICENSING,
  base: 'publications/licensing-decisions',
  roles: {},
  documentReadParams: true,
  summaries: {
    declare: 'Declare the number of 行政许可 decisions of a period (replaces an earlier declaration)',
    countedFrom: "Choose where a year's 行政许可 count comes from (declarations only)",
    get: "A year's declared 行政许可 counts: its periods and total (本年处理决定数量)",
    history: 'Every declaration of a year, corrections included',
    list: 'Declared 行政许可 counts by agency and year',
  },
  examples: { declare: { count: 42 }, countedFrom: { source: 'declarations' } },
});

export const PenaltyDecisionsHttpController = decisionCountRoutes({
  name: 'PenaltyDecisionsHttpController',
  kind: PENALTIES,
  base: 'publications/penalty-decisions',
  roles: { declare: ['clerk', 'supervisor'], read: READ_ROLES },
  documentReadParams: false,
  summaries: {
    declare: 'Declare the number of 行政处罚 decisions of a period (replaces an earlier declaration)',
    countedFrom: "Choose where a year's 行政处罚 count comes from: declarations or enforcement's cases",
    get: "A year's declared 行政处罚 counts: its periods, total and where the count comes from",
    history: 'Every 行政处罚 declaration of a year, corrections and source choices included',
    list: 'Declared 行政处罚 counts by agency and year',
  },
  examples: { declare: officeExample, countedFrom: { source: 'enforcement-cases' } },
});

export const CoercionDecisionsHttpController = decisionCountRoutes({
  name: 'CoercionDecisionsHttpController',
  kind: COERCIONS,
  base: 'publications/coercion-decisions',
  roles: { declare: ['clerk', 'supervisor'], read: READ_ROLES },
  documentReadParams: false,
  summaries: {
    declare: 'Declare the number of 行政强制 decisions of a period (replaces an earlier declaration)',
    countedFrom: "Choose where a year's 行政强制 count comes from: declarations or enforcement's cases",
    get: "A year's declared 行政强制 counts: its periods, total and where the count comes from",
    history: 'Every 行政强制 declaration of a year, corrections and source choices included',
    list: 'Declared 行政强制 counts by agency and year',
  },
  examples: { declare: officeExample, countedFrom: { source: 'enforcement-cases' } },
});
