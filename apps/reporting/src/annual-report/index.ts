// The annual-report slice's public surface: what the operations slice uses of it (the projection's
// health and rebuilds, the report service, the HTTP request types). Its domain's public part is
// domain/index.ts.
export {
  StatisticsProjection,
  PROJECTION_OPTIONS,
  SOURCE_TOPICS,
  type ProjectionOptions,
} from './application/statistics-projection.js';
export { AnnualReportsService } from './application/annual-reports.service.js';
export { type HttpRequest, type ResponseLike } from './adapters/http-schemas.js';
