// How a process proves to the broker who it is (DESIGN §6): SASL/SCRAM with a principal of its own —
// each service its own user, so the broker's ACLs can let it write only its own topics. SCRAM sends
// no password over the wire, only a proof; without TLS the messages themselves are still readable,
// so outside loopback or a private network the listener should be SASL_SSL.

/** The SCRAM variants Kafka offers; the project's brokers use SHA-512. */
export const SCRAM_MECHANISMS = ['scram-sha-256', 'scram-sha-512'] as const;
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

/** One member per mechanism (as kafkajs types them), so the value is a kafkajs `sasl` option as is. */
export type BrokerCredentials = {
  [M in ScramMechanism]: {
    readonly mechanism: M;
    /** The principal (`User:<username>` in the broker's ACLs). */
    readonly username: string;
    readonly password: string;
  };
}[ScramMechanism];

/** A problem with the KAFKA_SASL_* settings, naming the variable and the rule. */
export class BrokerCredentialsError extends Error {
  override readonly name = 'BrokerCredentialsError';
}

/**
 * The credentials of KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM (default
 * scram-sha-512). A broker without authentication must be chosen explicitly with
 * KAFKA_SASL_DISABLED=true (then: undefined), so that a forgotten password is an error at boot and
 * not a service that talks to whatever answers. Empty variables count as unset.
 */
export function brokerCredentialsFromEnv(env: NodeJS.ProcessEnv): BrokerCredentials | undefined {
  const username = env.KAFKA_SASL_USERNAME || undefined;
  const password = env.KAFKA_SASL_PASSWORD || undefined;
  const mechanism = (env.KAFKA_SASL_MECHANISM || 'scram-sha-512').toLowerCase();
  const disabled = env.KAFKA_SASL_DISABLED || undefined;
  if (disabled !== undefined && disabled !== 'true' && disabled !== 'false') {
    throw new BrokerCredentialsError('KAFKA_SASL_DISABLED: must be true or false');
  }
  if (disabled === 'true') {
    if (username !== undefined || password !== undefined) {
      throw new BrokerCredentialsError('KAFKA_SASL_DISABLED=true: do not also set KAFKA_SASL_USERNAME/PASSWORD');
    }
    return undefined;
  }
  if (username === undefined) {
    throw new BrokerCredentialsError(
      'KAFKA_SASL_USERNAME: required in real mode (the service authenticates to the broker), or set KAFKA_SASL_DISABLED=true',
    );
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(username)) {
    throw new BrokerCredentialsError('KAFKA_SASL_USERNAME: must be 1–100 letters, digits, . _ -');
  }
  if (password === undefined)
    throw new BrokerCredentialsError('KAFKA_SASL_PASSWORD: required with KAFKA_SASL_USERNAME');
  if (!isScramMechanism(mechanism)) {
    throw new BrokerCredentialsError(`KAFKA_SASL_MECHANISM: must be one of ${SCRAM_MECHANISMS.join(', ')}`);
  }
  return { mechanism, username, password };
}

const isScramMechanism = (m: string): m is ScramMechanism => (SCRAM_MECHANISMS as readonly string[]).includes(m);
