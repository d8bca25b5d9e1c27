import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenRejected, signJwt, verifyJwt } from './jwt.js';
import { accessRule, declaredService } from './nest/auth.guard.js';
import {
  UNAUTHENTICATED,
  canRead,
  hasAnyRole,
  isOwnAgency,
  principalFromClaims,
  readableAgencies,
  scopedFilter,
  type Principal,
} from './principal.js';
import {
  AuthConfigError,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  LocalIssuer,
  authSettingsFromEnv,
  authenticate,
  embeddedAuth,
  tokensPerAgency,
  type JwtSettings,
} from './settings.js';
import { mintFromArgs } from './token-cli.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2025-03-01T08:00:00.000Z');
const nowS = NOW.getTime() / 1000;
const settings: JwtSettings = { mode: 'jwt', secret: SECRET, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE };
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const hs256 = (input: string, secret = SECRET): string =>
  createHmac('sha256', secret).update(input).digest('base64url');

const rejection = (problem: string) => (err: unknown) => {
  assert.ok(err instanceof TokenRejected, String(err));
  assert.equal(err.problem, problem);
  return true;
};

describe('HS256 tokens', () => {
  const claims = { sub: 'clerk-1', iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, exp: nowS + 60 };
  const verify = (token: string, over: Partial<Parameters<typeof verifyJwt>[2]> = {}) =>
    verifyJwt(token, SECRET, { issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, now: NOW, ...over });

  it('verifies what it signed, and matches an independent HMAC-SHA256 of header.payload', () => {
    const token = signJwt(claims, SECRET);
    const [h, p, s] = token.split('.');
    assert.equal(s, hs256(`${h}.${p}`));
    assert.deepEqual(JSON.parse(Buffer.from(h!, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.equal(verify(token).sub, 'clerk-1');
  });

  it('refuses a changed payload, another secret, and any algorithm but HS256 (none included)', () => {
    const token = signJwt(claims, SECRET);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ ...claims, sub: 'supervisor-9' })}.${s}`;
    assert.throws(() => verify(forged), rejection('signature'));
    assert.throws(() => verify(signJwt(claims, `${SECRET}-other`)), rejection('signature'));
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    assert.throws(() => verify(none), rejection('algorithm'));
    const hs512Header = b64({ alg: 'HS512', typ: 'JWT' });
    const hs512 = `${hs512Header}.${b64(claims)}.${hs256(`${hs512Header}.${b64(claims)}`)}`;
    assert.throws(() => verify(hs512), rejection('algorithm'));
  });

  it('refuses malformed tokens before reading their claims', () => {
    assert.throws(() => verify('abc.def'), rejection('malformed'));
    assert.throws(() => verify('a$c.def.ghi'), rejection('malformed'));
    assert.throws(() => verify(`${b64({ alg: 'HS256' })}.e30.@@`), rejection('malformed'));
    assert.throws(() => verify('x'.repeat(9000)), rejection('malformed'));
    const notJsonHeader = `${Buffer.from('not json').toString('base64url')}.e30.sig`;
    assert.throws(() => verify(notJsonHeader), rejection('malformed'));
  });

  it('checks expiry and not-before with 30 s of tolerance, and requires an expiry', () => {
    assert.equal(verify(signJwt({ ...claims, exp: nowS - 29 }, SECRET)).sub, 'clerk-1');
    assert.throws(() => verify(signJwt({ ...claims, exp: nowS - 30 }, SECRET)), rejection('expired'));
    assert.throws(() => verify(signJwt({ ...claims, exp: undefined }, SECRET)), rejection('claims'));
    assert.throws(() => verify(signJwt({ ...claims, exp: '9999999999' }, SECRET)), rejection('claims'));
    assert.equal(verify(signJwt({ ...claims, nbf: nowS + 29 }, SECRET)).sub, 'clerk-1');
    assert.throws(() => verify(signJwt({ ...claims, nbf: nowS + 31 }, SECRET)), rejection('not-yet-valid'));
  });

  it('requires our issuer and our audience (alone or among several)', () => {
    assert.throws(() => verify(signJwt({ ...claims, iss: 'elsewhere' }, SECRET)), rejection('issuer'));
    assert.throws(() => verify(signJwt({ ...claims, aud: 'another-api' }, SECRET)), rejection('audience'));
    assert.equal(verify(signJwt({ ...claims, aud: ['x', DEFAULT_AUDIENCE] }, SECRET)).sub, 'clerk-1');
  });
});

const user = (over: Partial<Principal>): Principal => ({
  sub: 'u-1',
  roles: ['clerk'],
  agencyId: 'zhuzhou-city',
  authenticated: true,
  ...over,
});

describe('principals and agency scope', () => {
  it('reads sub, roles and agency from the claims, refusing unknown roles and agencies', () => {
    const p = principalFromClaims({ sub: 'clerk-1', roles: ['clerk', 'clerk', 'auditor'], agencyId: 'you-county' });
    assert.deepEqual(p, { sub: 'clerk-1', roles: ['clerk', 'auditor'], agencyId: 'you-county', authenticated: true });
    assert.throws(
      () => principalFromClaims({ sub: 'a b', roles: ['clerk'], agencyId: 'you-county' }),
      rejection('claims'),
    );
    assert.throws(() => principalFromClaims({ sub: 'c', roles: [], agencyId: 'you-county' }), rejection('claims'));
    assert.throws(
      () => principalFromClaims({ sub: 'c', roles: ['admin'], agencyId: 'you-county' }),
      rejection('claims'),
    );
    assert.throws(() => principalFromClaims({ sub: 'c', roles: 'clerk', agencyId: 'you-county' }), rejection('claims'));
    assert.throws(() => principalFromClaims({ sub: 'c', roles: ['clerk'], agencyId: 'beijing' }), rejection('claims'));
  });

  it('lets a county read and change only its own cases, and the city read the roll-up but change only its own', () => {
    const county = user({ agencyId: 'you-county' });
    const city = user({ agencyId: 'zhuzhou-city' });
    assert.deepEqual(readableAgencies(county), ['you-county']);
    assert.equal(canRead(county, 'zhuzhou-city'), false);
    assert.equal(canRead(county, 'liling-city'), false);
    assert.equal(readableAgencies(city).length, 6);
    assert.equal(canRead(city, 'you-county'), true);
    assert.equal(isOwnAgency(city, 'you-county'), false);
    assert.equal(isOwnAgency(county, 'you-county'), true);
  });

  it('narrows list filters to what the caller may read', () => {
    const county = user({ agencyId: 'chaling-county' });
    const city = user({ agencyId: 'zhuzhou-city' });
    assert.deepEqual(scopedFilter(county, {}), { agencyId: 'chaling-county', withSubordinates: true });
    assert.deepEqual(scopedFilter(county, { agencyId: 'chaling-county' }), {
      agencyId: 'chaling-county',
      withSubordinates: false,
    });
    assert.equal(scopedFilter(county, { agencyId: 'zhuzhou-city', withSubordinates: true }), undefined);
    assert.deepEqual(scopedFilter(city, {}), { agencyId: undefined, withSubordinates: false });
    assert.deepEqual(scopedFilter(city, { agencyId: 'you-county' }), {
      agencyId: 'you-county',
      withSubordinates: false,
    });
  });

  it('lets everything through when authentication is switched off', () => {
    assert.equal(hasAnyRole(UNAUTHENTICATED, ['operations']), true);
    assert.equal(isOwnAgency(UNAUTHENTICATED, 'you-county'), true);
    assert.deepEqual(scopedFilter(UNAUTHENTICATED, {}), { agencyId: undefined, withSubordinates: false });
    assert.equal(hasAnyRole(user({ roles: ['auditor'] }), ['clerk', 'supervisor']), false);
  });
});

describe('access rules', () => {
  const rule = (method = 'GET', decorated = {}) => accessRule({ method, decorated });

  it('reads and writes by role unless the route says otherwise', () => {
    assert.deepEqual(rule(), { roles: ['clerk', 'supervisor', 'auditor'] });
    assert.deepEqual(rule('HEAD'), { roles: ['clerk', 'supervisor', 'auditor'] });
    assert.deepEqual(rule('POST'), { roles: ['clerk', 'supervisor'] });
    assert.deepEqual(rule('DELETE'), { roles: ['clerk', 'supervisor'] });
    assert.deepEqual(rule('POST', { roles: ['supervisor'] }), { roles: ['supervisor'] });
    assert.deepEqual(rule('GET', { public: true }), { public: true });
  });

  it('finds the owning service in the paths a route was declared with, never in a request', () => {
    assert.equal(declaredService('reporting/operations', 'api/lag'), 'reporting');
    assert.equal(declaredService('/reporting', '/annual-reports/:id'), 'reporting');
    assert.equal(declaredService('', 'applications/disclosure-requests/:id'), 'applications');
    assert.equal(declaredService(undefined, '/applications/x'), 'applications');
    assert.equal(declaredService(['appeals', 'appeals/v1'], ':id'), 'appeals');
    assert.equal(declaredService(['appeals', 'reporting'], ':id'), undefined, 'declared under two services');
    assert.equal(declaredService('', '/'), undefined, 'no prefix at all');
    assert.equal(declaredService(undefined, undefined), undefined);
  });
});

describe('settings from the environment and the local issuer', () => {
  it('refuses to run in real mode without a secret unless authentication is switched off explicitly', () => {
    assert.throws(() => authSettingsFromEnv({}, 'real'), AuthConfigError);
    assert.throws(() => authSettingsFromEnv({ AUTH_JWT_SECRET: 'short' }, 'real'), /at least 32/);
    assert.deepEqual(authSettingsFromEnv({ AUTH_DISABLED: 'true' }, 'real'), { mode: 'disabled' });
    assert.throws(() => authSettingsFromEnv({ AUTH_DISABLED: 'yes' }, 'real'), /true or false/);
    assert.throws(() => authSettingsFromEnv({ AUTH_DISABLED: 'true', AUTH_JWT_SECRET: SECRET }, 'real'), /not both/);
    assert.deepEqual(
      authSettingsFromEnv(
        { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'https://idp.example/', AUTH_JWT_AUDIENCE: 'api' },
        'real',
      ),
      {
        mode: 'jwt',
        secret: SECRET,
        issuer: 'https://idp.example/',
        audience: 'api',
        maxTokenLifetimeSeconds: 31 * 24 * 3600,
      },
    );
  });

  it('makes a random secret per process in embedded mode when none is configured', () => {
    const a = embeddedAuth({});
    const b = embeddedAuth({});
    assert.equal(a.generatedSecret, true);
    assert.notEqual(a.settings.secret, b.settings.secret);
    assert.ok(a.settings.secret.length >= 32);
    const token = a.issuer.mint({ sub: 'scenario', roles: ['clerk'], agencyId: 'zhuzhou-city' });
    assert.equal(authenticate(token, a.settings, new Date()).sub, 'scenario');
    assert.throws(() => authenticate(token, b.settings, new Date()), rejection('signature'));
    const configured = embeddedAuth({ AUTH_JWT_SECRET: SECRET });
    assert.equal(configured.generatedSecret, false);
    assert.equal(configured.settings.secret, SECRET);
    assert.equal(authSettingsFromEnv({}, 'embedded').mode, 'jwt');
  });

  it('mints tokens the services accept, for an hour by default, and refuses to mint nonsense', () => {
    const issuer = new LocalIssuer(settings, () => NOW);
    const token = issuer.mint({ sub: 'auditor-2', roles: ['auditor'], agencyId: 'liling-city' });
    assert.deepEqual(authenticate(token, settings, NOW), {
      sub: 'auditor-2',
      roles: ['auditor'],
      agencyId: 'liling-city',
      authenticated: true,
    });
    assert.throws(() => authenticate(token, settings, new Date(NOW.getTime() + 3631_000)), rejection('expired'));
    assert.throws(() => issuer.mint({ sub: 'x', roles: [], agencyId: 'liling-city' }), RangeError);
    assert.throws(() => issuer.mint({ sub: 'x', roles: ['clerk'], agencyId: 'nowhere' }), RangeError);
    assert.throws(() => issuer.mint({ sub: 'x y', roles: ['clerk'], agencyId: 'liling-city' }), RangeError);
  });

  it('mints one token per agency for a tool acting in several agencies', () => {
    const tokenFor = tokensPerAgency(new LocalIssuer(settings), { sub: 'scenario', roles: ['clerk', 'supervisor'] });
    assert.equal(tokenFor('you-county'), tokenFor('you-county'));
    assert.equal(authenticate(tokenFor('you-county'), settings, new Date()).agencyId, 'you-county');
    assert.equal(authenticate(tokenFor('zhuzhou-city'), settings, new Date()).agencyId, 'zhuzhou-city');
  });

  it('mints on the command line from AUTH_JWT_SECRET', () => {
    const { token } = mintFromArgs(['--sub', 'clerk-1', '--roles', 'clerk,supervisor', '--agency', 'zhuzhou-city'], {
      AUTH_JWT_SECRET: SECRET,
    });
    const p = authenticate(token, settings, new Date());
    assert.deepEqual([p.sub, p.roles, p.agencyId], ['clerk-1', ['clerk', 'supervisor'], 'zhuzhou-city']);
    assert.throws(
      () =>
        mintFromArgs(
          ['--sub', 'c', '--roles', 'clerk', '--agency', 'zhuzhou-city'],
          {},
          {
            read: () => undefined,
            isRunning: () => false,
          },
        ),
      /AUTH_JWT_SECRET/,
    );
    assert.throws(
      () => mintFromArgs(['--sub', 'c', '--roles', 'boss', '--agency', 'zhuzhou-city'], { AUTH_JWT_SECRET: SECRET }),
      /unknown role/,
    );
  });
});
