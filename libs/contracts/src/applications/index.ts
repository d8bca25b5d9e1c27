// The public event contracts of the `applications` service (topic `applications.events`).
import { type EventContract } from '../registry.js';
import {
  clarificationReceived,
  clarificationRequested,
  consultationOpinionReceived,
  deadlineExtended,
  disclosureRequestReceived,
  disclosureRequestReplied,
  disclosureRequestWithdrawn,
  feeNoticed,
  feeNoticeLapsed,
  feePaid,
  thirdPartyConsulted,
} from './events.js';

export * from './vocabulary.js';
export * from './outcomes.js';
export * from './events.js';

export const applicationsContracts: readonly EventContract[] = [
  disclosureRequestReceived,
  clarificationRequested,
  clarificationReceived,
  thirdPartyConsulted,
  consultationOpinionReceived,
  deadlineExtended,
  feeNoticed,
  feePaid,
  feeNoticeLapsed,
  disclosureRequestReplied,
  disclosureRequestWithdrawn,
] as readonly EventContract[];
