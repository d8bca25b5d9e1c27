// The disclosure-request slice's public surface: what the applicant slice may use of it (erasing an
// applicant's personal data goes through the requests that carry the applicant's ref), and what the
// workbench offers as choices (the statuses a list is filtered by).
export { DisclosureRequestsService } from './application/disclosure-requests.service.js';
export { requestIdParam } from './adapters/disclosure-request.dtos.js';
export { REQUEST_STATUSES } from './application/disclosure-request.stream.js';
