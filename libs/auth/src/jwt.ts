// JSON Web Tokens signed with HS256 (RFC 7519 / 7515), on node:crypto alone: the services only ever
// check tokens signed with the one shared secret of the deployment, so a general JOSE library (key
// sets, RSA, encryption) would be code to audit for nothing. Only `alg: HS256` is accepted — never
// `none`, never an algorithm the token picks for itself.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  readonly sub?: unknown;
  readonly iss?: unknown;
  readonly aud?: unknown;
  /** Seconds since the epoch. */
  readonly exp?: unknown;
  readonly nbf?: unknown;
  readonly iat?: unknown;
  readonly [claim: string]: unknown;
}

/** Why a token was refused; the message says it in words (never repeating the token). */
export type TokenProblem =
  'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'claims' | 'lifetime';

export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** Required `iss`, when set. */
  readonly issuer?: string;
  /** Required among `aud` (a string or an array), when set. */
  readonly audience?: string;
  readonly now: Date;
  /** Clock skew tolerated on `exp` and `nbf`. Default 30 s. */
  readonly clockToleranceSeconds?: number;
  /** Longer tokens are refused unread. Default 8192 characters. */
  readonly maxLength?: number;
  /**
   * The longest lifetime accepted, in seconds: a token whose expiry lies further than this from now,
   * or from its issue time (`iat`), is refused. None when unset.
   */
  readonly maxLifetimeSeconds?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decodeJson(part: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw new TokenRejected('malformed', `the token's ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejected('malformed', `the token's ${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TokenRejected('malformed', `the token's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

const signature = (signingInput: string, secret: string): Buffer =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput).digest();

/** A compact JWS of `claims` with HS256. */
export function signJwt(claims: JwtClaims, secret: string): string {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A stolen token is only as dangerous as it is long-lived: whatever an issuer wrote, the service
 * accepts at most `max` seconds of life — counted from now (so a token without `iat` is capped too:
 * `iat` is optional in RFC 7519 and identity providers may leave it out) and from its issue time when
 * it has one (so a token minted with a long life is refused even near its end, and one claiming to be
 * issued in the future is refused).
 */
function lifetimeWithin(exp: number, iat: number | undefined, now: number, tolerance: number, max: number): void {
  const days = (max / 86_400).toFixed(max % 86_400 === 0 ? 0 : 2);
  if (exp - now > max + tolerance) {
    throw new TokenRejected('lifetime', `the token expires more than ${days} days from now (longer than accepted)`);
  }
  if (iat === undefined) return;
  if (iat > now + tolerance)
    throw new TokenRejected('not-yet-valid', 'the token claims to be issued in the future (iat)');
  if (exp - iat > max) {
    throw new TokenRejected('lifetime', `the token was issued to live more than ${days} days (exp - iat)`);
  }
}

/** The claims of a token signed with `secret`, current and meant for us; TokenRejected otherwise. */
export function verifyJwt(token: string, secret: string, options: VerifyOptions): JwtClaims {
  if (token.length > (options.maxLength ?? 8192)) throw new TokenRejected('malformed', 'the token is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenRejected('malformed', 'the token is not a signed JWT (three parts)');
  const [head, body, sig] = parts as [string, string, string];
  const header = decodeJson(head, 'header');
  if (header.alg !== 'HS256') throw new TokenRejected('algorithm', 'the token must be signed with HS256');
  if (header.crit !== undefined) throw new TokenRejected('algorithm', 'the token names critical extensions');
  if (!BASE64URL.test(sig)) throw new TokenRejected('malformed', "the token's signature is not base64url");
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(`${head}.${body}`, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new TokenRejected('signature', 'the token signature does not match');
  }
  // Only now, the signature checked, are the claims worth reading.
  const claims = decodeJson(body, 'payload') as JwtClaims;
  const now = options.now.getTime() / 1000;
  const tolerance = options.clockToleranceSeconds ?? 30;
  if (!isSeconds(claims.exp)) throw new TokenRejected('claims', 'the token has no expiry (exp)');
  if (now - tolerance >= claims.exp) throw new TokenRejected('expired', 'the token expired');
  if (claims.nbf !== undefined && (!isSeconds(claims.nbf) || now + tolerance < claims.nbf)) {
    throw new TokenRejected('not-yet-valid', 'the token is not valid yet (nbf)');
  }
  if (claims.iat !== undefined && !isSeconds(claims.iat)) {
    throw new TokenRejected('claims', 'the token has a malformed issue time (iat)');
  }
  if (options.maxLifetimeSeconds !== undefined) {
    lifetimeWithin(claims.exp, claims.iat, now, tolerance, options.maxLifetimeSeconds);
  }
  if (options.issuer !== undefined && claims.iss !== options.issuer) {
    throw new TokenRejected('issuer', 'the token was issued by someone else (iss)');
  }
  if (options.audience !== undefined) {
    const aud = claims.aud;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(options.audience))
      throw new TokenRejected('audience', 'the token is meant for someone else (aud)');
  }
  return claims;
}
