// How a service authenticates, from the environment only (secrets never sit in code or files of
// the repository):
//
//   AUTH_JWT_SECRET    the HS256 secret shared with the token issuer (≥ 32 characters); required in
//                      real mode — the service refuses to boot without it…
//   AUTH_DISABLED=true …unless authentication is switched off explicitly (development only)
//   AUTH_JWT_ISSUER    the `iss` tokens must carry (default `land-bureau`)
//   AUTH_JWT_AUDIENCE  the `aud` tokens must carry (default `land-bureau-api`)
//   AUTH_MAX_TOKEN_LIFETIME  the longest token life accepted: seconds, or a number with s, m, h or d
//                      (default 31d, the most the local issuer mints)
//
// The embedded mode (everything in one process) may run with nothing configured: it then makes a
// random secret for the life of the process and mints its own tokens with it (`embeddedAuth`).
import { randomBytes } from 'node:crypto';
import { isAgencyId } from '#contracts';
import { signJwt, verifyJwt } from './jwt.js';
import { ROLES, SUBJECT_PATTERN, isRole, principalFromClaims, type Principal, type Role } from './principal.js';

export const DEFAULT_ISSUER = 'land-bureau';
export const DEFAULT_AUDIENCE = 'land-bureau-api';
export const MIN_SECRET_LENGTH = 32;
/** 31 days: the longest token the local issuer mints, and the longest the services accept by default. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 31 * 24 * 3600;
/** A configured cap above this (a year) is a mistake, not a policy. */
const MAX_CONFIGURABLE_LIFETIME_SECONDS = 366 * 24 * 3600;

export interface JwtSettings {
  readonly mode: 'jwt';
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Clock skew tolerated on expiry. Default 30 s. */
  readonly clockToleranceSeconds?: number;
  /** Tokens living longer (exp − now, exp − iat) are refused. Default DEFAULT_MAX_TOKEN_LIFETIME_SECONDS. */
  readonly maxTokenLifetimeSeconds?: number;
}

export type AuthSettings = { readonly mode: 'disabled' } | JwtSettings;

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** The authentication settings of a service from its environment; AuthConfigError when unusable. */
export function authSettingsFromEnv(env: NodeJS.ProcessEnv, runtime: 'real' | 'embedded'): AuthSettings {
  const disabled = env.AUTH_DISABLED;
  if (disabled !== undefined && disabled !== 'true' && disabled !== 'false') {
    throw new AuthConfigError('AUTH_DISABLED must be true or false');
  }
  const secret = env.AUTH_JWT_SECRET;
  if (disabled === 'true') {
    if (secret !== undefined) {
      throw new AuthConfigError('set AUTH_JWT_SECRET or AUTH_DISABLED=true, not both');
    }
    return { mode: 'disabled' };
  }
  if (secret === undefined || secret === '') {
    if (runtime === 'embedded') return embeddedAuth(env).settings;
    throw new AuthConfigError(
      'AUTH_JWT_SECRET is required in real mode (or set AUTH_DISABLED=true to run without authentication)',
    );
  }
  return jwtSettings(secret, env);
}

function jwtSettings(secret: string, env: NodeJS.ProcessEnv): JwtSettings {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AuthConfigError(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const name = /^[A-Za-z0-9._:/-]{1,200}$/;
  const issuer = env.AUTH_JWT_ISSUER || DEFAULT_ISSUER;
  const audience = env.AUTH_JWT_AUDIENCE || DEFAULT_AUDIENCE;
  if (!name.test(issuer)) throw new AuthConfigError('AUTH_JWT_ISSUER must be a plain name or URL');
  if (!name.test(audience)) throw new AuthConfigError('AUTH_JWT_AUDIENCE must be a plain name or URL');
  const maxTokenLifetimeSeconds = parseLifetime(env.AUTH_MAX_TOKEN_LIFETIME);
  return { mode: 'jwt', secret, issuer, audience, maxTokenLifetimeSeconds };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** AUTH_MAX_TOKEN_LIFETIME (`3600`, `12h`, `31d`) in seconds; unset or empty: the default. */
export function parseLifetime(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  const unit = UNIT_SECONDS[match?.[2] || 's'];
  const seconds = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!(seconds >= 60 && seconds <= MAX_CONFIGURABLE_LIFETIME_SECONDS)) {
    throw new AuthConfigError(
      'AUTH_MAX_TOKEN_LIFETIME must be a duration like 3600, 12h or 31d, between one minute and 366 days',
    );
  }
  return seconds;
}

/** A random secret for one process's life (embedded mode and tests). */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** The principal a token stands for, if it is one of ours; throws TokenRejected otherwise. */
export function authenticate(token: string, settings: JwtSettings, now: Date): Principal {
  const claims = verifyJwt(token, settings.secret, {
    issuer: settings.issuer,
    audience: settings.audience,
    now,
    maxLifetimeSeconds: settings.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    ...(settings.clockToleranceSeconds !== undefined ? { clockToleranceSeconds: settings.clockToleranceSeconds } : {}),
  });
  return principalFromClaims(claims);
}

export interface TokenRequest {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly agencyId: string;
  /** Default one hour. */
  readonly ttlSeconds?: number;
}

/**
 * The local issuer (development, tests, the embedded platform): mints tokens the services accept,
 * signed with the deployment's secret. A real deployment's tokens come from its identity provider,
 * configured with the same secret, issuer and audience.
 */
export class LocalIssuer {
  constructor(
    readonly settings: JwtSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  mint(request: TokenRequest): string {
    if (!SUBJECT_PATTERN.test(request.sub)) {
      throw new RangeError('sub must be 1–100 characters of A–Z a–z 0–9 . _ : @ -');
    }
    if (request.roles.length === 0 || !request.roles.every(isRole)) {
      throw new RangeError(`roles must be one or more of ${ROLES.join(', ')}`);
    }
    if (!isAgencyId(request.agencyId)) throw new RangeError(`unknown agency ${request.agencyId}`);
    const ttl = request.ttlSeconds ?? 3600;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS) {
      throw new RangeError('ttlSeconds must be a whole number of seconds, at most 31 days');
    }
    const iat = Math.floor(this.now().getTime() / 1000);
    return signJwt(
      {
        iss: this.settings.issuer,
        aud: this.settings.audience,
        sub: request.sub,
        roles: [...request.roles],
        agencyId: request.agencyId,
        iat,
        exp: iat + ttl,
      },
      this.settings.secret,
    );
  }
}

export interface EmbeddedAuth {
  readonly settings: JwtSettings;
  readonly issuer: LocalIssuer;
  /** True when no AUTH_JWT_SECRET was configured and the secret was made for this process. */
  readonly generatedSecret: boolean;
}

/**
 * The embedded platform's authentication: the configured secret if there is one, else a random one
 * for this process only — tokens minted by `issuer` then work until the process ends, and nobody
 * outside it can make one.
 */
export function embeddedAuth(env: NodeJS.ProcessEnv = process.env): EmbeddedAuth {
  const configured = env.AUTH_JWT_SECRET;
  const generatedSecret = configured === undefined || configured === '';
  const settings = jwtSettings(generatedSecret ? randomSecret() : configured, env);
  return { settings, issuer: new LocalIssuer(settings), generatedSecret };
}

/**
 * The settings a service module runs with: those given; none in real mode is a wiring mistake
 * (refused); none in embedded mode switches authentication off (a composition that wants it, like
 * the platform, passes `embeddedAuth().settings`).
 */
export function serviceAuthSettings(runtime: 'real' | 'embedded', settings: AuthSettings | undefined): AuthSettings {
  if (settings) return settings;
  if (runtime === 'real') {
    throw new AuthConfigError('a service in real mode needs its auth settings (authSettingsFromEnv)');
  }
  return { mode: 'disabled' };
}

/**
 * One token per agency for a tool acting in several agencies' names (the platform's scenario feed:
 * each case is recorded by a user of its own agency), minted on first use.
 */
export function tokensPerAgency(
  issuer: LocalIssuer,
  user: { readonly sub: string; readonly roles: readonly Role[]; readonly ttlSeconds?: number },
): (agencyId: string) => string {
  const minted = new Map<string, string>();
  return (agencyId) => {
    let token = minted.get(agencyId);
    if (token === undefined) {
      token = issuer.mint({ ...user, agencyId });
      minted.set(agencyId, token);
    }
    return token;
  };
}
