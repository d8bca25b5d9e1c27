// The broker's ACLs (infra/broker-access.mjs, the one place that says who may do what) for a test
// stack's TOPIC_PREFIX: its services then meet the same refusals production's do.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrokerCredentials } from '#messaging';
import { repoRoot } from '#auth';

interface AclBinding {
  readonly principal: string;
  readonly resourceType: 'TOPIC' | 'GROUP';
  readonly patternType: 'LITERAL' | 'PREFIXED';
  readonly name: string;
  readonly operation: 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DELETE';
}

export interface BrokerAccessModule {
  readonly BROKER_SERVICES: readonly string[];
  readonly CONSUMES: Readonly<Record<string, readonly string[]>>;
  readonly OPERATIONS_HOST: string;
  brokerAcls(prefix?: string): AclBinding[];
  provisionBrokerAccessAt(
    client: { brokers: readonly string[]; sasl?: BrokerCredentials },
    prefix?: string,
  ): Promise<void>;
}

export const brokerAccess = async (): Promise<BrokerAccessModule> =>
  (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'broker-access.mjs')).href)) as BrokerAccessModule;

/** Grants every service its ACLs on the names under `prefix`, as a super user (idempotent). */
export async function provisionBrokerAccessFor(
  admin: { brokers: readonly string[]; sasl?: BrokerCredentials },
  prefix: string,
): Promise<void> {
  await (await brokerAccess()).provisionBrokerAccessAt(admin, prefix);
}
