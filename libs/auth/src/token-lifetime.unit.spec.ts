// The longest token life a service accepts (issue 13 item 9): a correctly signed token that expires
// in the year 2999 was accepted; now exp − now and exp − iat are capped by AUTH_MAX_TOKEN_LIFETIME
// (default 31 days, the most the local issuer mints).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signJwt, TokenRejected } from './jwt.js';
import {
  authenticate,
  authSettingsFromEnv,
  AuthConfigError,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  LocalIssuer,
  parseLifetime,
  type JwtSettings,
} from './settings.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2025-03-01T08:00:00.000Z');
const nowS = NOW.getTime() / 1000;
const DAY = 86_400;
const settings = authSettingsFromEnv({ AUTH_JWT_SECRET: SECRET }, 'real') as JwtSettings;
const base = { sub: 'clerk-1', roles: ['clerk'], agencyId: 'zhuzhou-city', iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE };
const token = (claims: Record<string, unknown>) => signJwt({ ...base, ...claims }, SECRET);

const refusedFor = (problem: string) => (err: unknown) => {
  assert.ok(err instanceof TokenRejected, String(err));
  assert.equal(err.problem, problem);
  return true;
};

describe('token lifetime cap', () => {
  it('refuses a token that expires in the year 2999, with or without iat', () => {
    const exp2999 = Date.UTC(2999, 0, 1) / 1000;
    assert.throws(() => authenticate(token({ iat: nowS, exp: exp2999 }), settings, NOW), refusedFor('lifetime'));
    assert.throws(() => authenticate(token({ exp: exp2999 }), settings, NOW), refusedFor('lifetime'));
    // The same cap without configured settings (a service wired with hand-made settings).
    const bare: JwtSettings = { mode: 'jwt', secret: SECRET, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE };
    assert.throws(() => authenticate(token({ exp: exp2999 }), bare, NOW), refusedFor('lifetime'));
  });

  it('accepts the longest token the local issuer mints, to the end of its life', () => {
    assert.equal(settings.maxTokenLifetimeSeconds, 31 * DAY);
    const minted = new LocalIssuer(settings, () => NOW).mint({
      sub: 'clerk-1',
      roles: ['clerk'],
      agencyId: 'zhuzhou-city',
      ttlSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    });
    assert.equal(authenticate(minted, settings, NOW).sub, 'clerk-1');
    assert.equal(authenticate(minted, settings, new Date(NOW.getTime() + 30 * DAY * 1000)).sub, 'clerk-1');
    // Without iat: a token with 31 days left is accepted; one day more is not.
    assert.equal(authenticate(token({ exp: nowS + 31 * DAY }), settings, NOW).sub, 'clerk-1');
    assert.throws(() => authenticate(token({ exp: nowS + 32 * DAY }), settings, NOW), refusedFor('lifetime'));
  });

  it('counts the life from iat: a 90-day token is refused even with a day left; a future iat is refused', () => {
    const longLived = token({ iat: nowS - 89 * DAY, exp: nowS + DAY });
    assert.throws(() => authenticate(longLived, settings, NOW), refusedFor('lifetime'));
    assert.throws(
      () => authenticate(token({ iat: nowS + 3600, exp: nowS + 7200 }), settings, NOW),
      refusedFor('not-yet-valid'),
    );
    assert.throws(() => authenticate(token({ iat: 'yesterday', exp: nowS + 60 }), settings, NOW), refusedFor('claims'));
  });

  it('takes AUTH_MAX_TOKEN_LIFETIME in seconds or with a unit, and refuses nonsense naming the variable', () => {
    assert.equal(parseLifetime(undefined), 31 * DAY);
    assert.equal(parseLifetime(''), 31 * DAY);
    assert.equal(parseLifetime('3600'), 3600);
    assert.equal(parseLifetime('12h'), 12 * 3600);
    assert.equal(parseLifetime('7d'), 7 * DAY);
    const eightHours = authSettingsFromEnv({ AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME: '8h' }, 'real');
    assert.throws(
      () => authenticate(token({ iat: nowS, exp: nowS + 9 * 3600 }), eightHours as JwtSettings, NOW),
      refusedFor('lifetime'),
    );
    for (const bad of ['forever', '-5', '10y', '30', '400d', '1.5d']) {
      assert.throws(
        () => authSettingsFromEnv({ AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME: bad }, 'real'),
        (err: unknown) => err instanceof AuthConfigError && /AUTH_MAX_TOKEN_LIFETIME/.test(err.message),
        bad,
      );
    }
  });
});
