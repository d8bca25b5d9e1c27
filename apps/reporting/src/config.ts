// The service's configuration, validated at boot. MONGODB_URI and KAFKA_BROKERS together select the
// real mode; neither selects the embedded mode (in-memory store and transport).
import { z } from 'zod';
import { type EventSourcingRuntime } from '#event-sourcing';

export const DEFAULT_PORT = 3006;

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
  .refine((env) => (env.MONGODB_URI === undefined) === (env.KAFKA_BROKERS === undefined), {
    message: 'set both MONGODB_URI and KAFKA_BROKERS (real mode) or neither (embedded mode)',
    path: ['MONGODB_URI'],
  });

export interface ServiceConfig {
  readonly port: number;
  readonly runtime: EventSourcingRuntime;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = schema.safeParse({
    PORT: env.PORT || undefined,
    MONGODB_URI: env.MONGODB_URI || undefined,
    KAFKA_BROKERS: env.KAFKA_BROKERS || undefined,
  });
  if (!parsed.success) {
    throw new Error(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const { PORT, MONGODB_URI, KAFKA_BROKERS } = parsed.data;
  return {
    port: PORT,
    runtime:
      MONGODB_URI && KAFKA_BROKERS
        ? { mode: 'real', mongoUri: MONGODB_URI, kafkaBrokers: KAFKA_BROKERS.split(',') }
        : { mode: 'embedded' },
  };
}
