// The annual-report slice's public surface: what the agencies slice uses of it (the projection, the
// report service, the HTTP request types).
export {
  StatisticsProjection,
  PROJECTION_OPTIONS,
  SOURCE_TOPICS,
  type ProjectionOptions,
} from './application/statistics-projection.js';
export { AnnualReportsService } from './application/annual-reports.service.js';
export { type HttpRequest, type ResponseLike } from './adapters/http-schemas.js';
