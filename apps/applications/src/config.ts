// The service's configuration, validated at boot. Without MONGODB_URI and KAFKA_BROKERS it runs
// embedded (in-memory store and transport); with both, against the real infrastructure. In real
// mode AUTH_JWT_SECRET is required (or AUTH_DISABLED=true, explicitly); HTTP limits: BODY_LIMIT,
// RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND, RATE_LIMIT_DISABLED, TRUST_PROXY_HOPS.
import { z } from 'zod';
import { authSettingsFromEnv, type AuthSettings } from '#auth';
import { type EventSourcingRuntime } from '#event-sourcing';
import { httpLimitsFromEnv, type HttpLimits } from '#http';

export const DEFAULT_PORT = 3001;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORT),
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

export interface ServiceConfig {
  readonly port: number;
  readonly runtime: EventSourcingRuntime;
  readonly auth: AuthSettings;
  readonly http: HttpLimits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  const runtime: EventSourcingRuntime =
    c.MONGODB_URI && c.KAFKA_BROKERS
      ? { mode: 'real', mongoUri: c.MONGODB_URI, kafkaBrokers: c.KAFKA_BROKERS.split(',') }
      : { mode: 'embedded' };
  let auth: AuthSettings;
  try {
    auth = authSettingsFromEnv(env, runtime.mode);
  } catch (err) {
    throw new Error(`invalid configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { port: c.PORT, runtime, auth, http: httpLimitsFromEnv(env) };
}
