// Every published event contract, by owning service. A consumer builds its registry from this.
import { ContractRegistry, type EventContract } from './registry.js';
import { applicationsContracts } from './applications/index.js';
import { publicationsContracts } from './publications/index.js';
import { consultationsContracts } from './consultations/index.js';
import { enforcementContracts } from './enforcement/index.js';
import { appealsContracts } from './appeals/index.js';
import { reportingContracts } from './reporting/index.js';
import { operationsContracts } from './operations/index.js';
import { type ServiceName } from './topics.js';

export const contractsByService: Readonly<Record<ServiceName, readonly EventContract[]>> = {
  applications: applicationsContracts,
  publications: publicationsContracts,
  consultations: consultationsContracts,
  enforcement: enforcementContracts,
  appeals: appealsContracts,
  reporting: reportingContracts,
  operations: operationsContracts,
};

export const allContracts: readonly EventContract[] = Object.values(contractsByService).flat();

export const createContractRegistry = (contracts: Iterable<EventContract> = allContracts): ContractRegistry =>
  new ContractRegistry(contracts);
