// The applicant slice's public surface: what the disclosure-request slice may use of it (the
// applicant's personal data is kept here; requests carry only the pseudonymous ref).
export { ApplicantsService, applicantRefFor, type ApplicantPersonalData } from './application/applicants.service.js';
