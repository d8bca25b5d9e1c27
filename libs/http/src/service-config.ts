// A service's configuration, validated at boot. MONGODB_URI and KAFKA_BROKERS together select the
// real mode; neither selects the embedded mode (in-memory store and transport). In real mode
// AUTH_JWT_SECRET is required (or AUTH_DISABLED=true, explicitly); HTTP limits: BODY_LIMIT,
// RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND, RATE_LIMIT_DISABLED, TRUST_PROXY_HOPS. HOST: the address the
// service listens on (default 127.0.0.1). In real mode the service authenticates to the broker as its
// own principal: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD (KAFKA_SASL_MECHANISM, default scram-sha-512),
// or KAFKA_SASL_DISABLED=true, explicitly. AGENCIES_FILE: the deployment's agencies (a JSON list, ADR
// 0014); default the 2009 scenario's 株洲 bureaus.
import { isIP } from 'node:net';
import { z } from 'zod';
import { authSettingsFromEnv, type AuthSettings } from '#auth';
import { readAgenciesFile, ZHUZHOU_AGENCIES, type AgencyRegistry } from '#contracts';
import { type EventSourcingRuntime } from '#event-sourcing/nest';
import { brokerCredentialsFromEnv, type BrokerCredentials } from '#messaging';
import { httpLimitsFromEnv, type HttpLimits } from './service-app.js';

/**
 * Loopback unless told otherwise (DESIGN §6): a service started by hand or by the native stack is not
 * reachable from other machines. A container sets HOST=0.0.0.0, its port published by compose.
 */
export const DEFAULT_HOST = '127.0.0.1';

export interface ServiceConfig {
  readonly port: number;
  /** HOST: the IP address the HTTP server binds to (0.0.0.0 or :: for every interface). */
  readonly host: string;
  readonly runtime: EventSourcingRuntime;
  readonly auth: AuthSettings;
  readonly http: HttpLimits;
  /**
   * TOPIC_PREFIX: prefixed to every topic the service writes and reads, so that several stacks
   * (end-to-end test runs) can share one broker. Empty in production.
   */
  readonly topicPrefix: string;
  /** The agencies cases may belong to (AGENCIES_FILE); main puts them in force with `useAgencies`. */
  readonly agencies: AgencyRegistry;
}

const schemaWithPort = (defaultPort: number) =>
  z
    .object({
      PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort),
      HOST: z
        .string()
        .refine((h) => isIP(h) !== 0, 'must be an IP address to listen on, like 127.0.0.1 or 0.0.0.0 (not a name)')
        .default(DEFAULT_HOST),
      MONGODB_URI: z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
        .optional(),
      KAFKA_BROKERS: z
        .string()
        .regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be host:port[,host:port…]')
        .optional(),
      TOPIC_PREFIX: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]{0,80}$/, 'must be lower-case letters, digits, . _ -')
        .optional(),
    })
    .refine((c) => (c.MONGODB_URI === undefined) === (c.KAFKA_BROKERS === undefined), {
      message: 'set both MONGODB_URI and KAFKA_BROKERS (real mode) or neither (embedded mode)',
      path: ['MONGODB_URI'],
    });

export function loadServiceConfig(env: NodeJS.ProcessEnv, defaultPort: number): ServiceConfig {
  // An empty variable counts as unset (docker-compose and shells often pass empty strings).
  const parsed = schemaWithPort(defaultPort).safeParse({
    PORT: env.PORT || undefined,
    HOST: env.HOST || undefined,
    MONGODB_URI: env.MONGODB_URI || undefined,
    KAFKA_BROKERS: env.KAFKA_BROKERS || undefined,
    TOPIC_PREFIX: env.TOPIC_PREFIX || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const { PORT, HOST, MONGODB_URI, KAFKA_BROKERS, TOPIC_PREFIX } = parsed.data;
  // Only real mode talks to a broker; the password is kept out of every error message.
  let kafkaSasl: BrokerCredentials | undefined;
  if (MONGODB_URI && KAFKA_BROKERS) {
    try {
      kafkaSasl = brokerCredentialsFromEnv(env);
    } catch (err) {
      throw new Error(`invalid configuration: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const runtime: EventSourcingRuntime =
    MONGODB_URI && KAFKA_BROKERS
      ? {
          mode: 'real',
          mongoUri: MONGODB_URI,
          kafkaBrokers: KAFKA_BROKERS.split(','),
          ...(kafkaSasl ? { kafkaSasl } : {}),
        }
      : { mode: 'embedded' };
  let auth: AuthSettings;
  try {
    auth = authSettingsFromEnv(env, runtime.mode);
  } catch (err) {
    throw new Error(`invalid configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    port: PORT,
    host: HOST,
    runtime,
    auth,
    http: httpLimitsFromEnv(env),
    topicPrefix: TOPIC_PREFIX ?? '',
    agencies: agenciesFromEnv(env),
  };
}

/** AGENCIES_FILE's list, every problem named (file, entry, field, rule): a bad file stops boot. */
function agenciesFromEnv(env: NodeJS.ProcessEnv): AgencyRegistry {
  if (!env.AGENCIES_FILE) return ZHUZHOU_AGENCIES;
  try {
    return readAgenciesFile(env.AGENCIES_FILE);
  } catch (err) {
    throw new Error(`invalid configuration: AGENCIES_FILE: ${err instanceof Error ? err.message : String(err)}`);
  }
}
