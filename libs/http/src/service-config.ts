// A service's configuration, validated at boot. MONGODB_URI and KAFKA_BROKERS together select the
// real mode; neither selects the embedded mode (in-memory store and transport). In real mode
// AUTH_JWT_SECRET is required (or AUTH_DISABLED=true, explicitly); HTTP limits: BODY_LIMIT,
// RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND, RATE_LIMIT_DISABLED, TRUST_PROXY_HOPS.
import { z } from 'zod';
import { authSettingsFromEnv, type AuthSettings } from '#auth';
import { type EventSourcingRuntime } from '#event-sourcing';
import { httpLimitsFromEnv, type HttpLimits } from './service-app.js';

export interface ServiceConfig {
  readonly port: number;
  readonly runtime: EventSourcingRuntime;
  readonly auth: AuthSettings;
  readonly http: HttpLimits;
}

const schemaWithPort = (defaultPort: number) =>
  z
    .object({
      PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort),
      MONGODB_URI: z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
        .optional(),
      KAFKA_BROKERS: z
        .string()
        .regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be host:port[,host:port…]')
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
    MONGODB_URI: env.MONGODB_URI || undefined,
    KAFKA_BROKERS: env.KAFKA_BROKERS || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const { PORT, MONGODB_URI, KAFKA_BROKERS } = parsed.data;
  const runtime: EventSourcingRuntime =
    MONGODB_URI && KAFKA_BROKERS
      ? { mode: 'real', mongoUri: MONGODB_URI, kafkaBrokers: KAFKA_BROKERS.split(',') }
      : { mode: 'embedded' };
  let auth: AuthSettings;
  try {
    auth = authSettingsFromEnv(env, runtime.mode);
  } catch (err) {
    throw new Error(`invalid configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { port: PORT, runtime, auth, http: httpLimitsFromEnv(env) };
}
