// The local issuer on the command line (development and manual tests):
//
//   AUTH_JWT_SECRET=… npm run token -- --sub clerk-1 --roles clerk --agency zhuzhou-city [--ttl 3600]
//
// prints a bearer token the services accept (they are started with the same AUTH_JWT_SECRET, and
// AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE if set). `--roles` takes a comma-separated list.
import { parseArgs } from 'node:util';
import { ROLES, isRole } from './principal.js';
import { AuthConfigError, LocalIssuer, authSettingsFromEnv } from './settings.js';

const USAGE = `usage: npm run token -- --sub <user id> --roles <${ROLES.join('|')}>[,…] --agency <agency id> [--ttl <seconds>]
  signs with AUTH_JWT_SECRET (and AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE) from the environment`;

export function mintFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sub: { type: 'string' },
      roles: { type: 'string', multiple: true },
      agency: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  if (!values.sub || !values.roles || !values.agency) throw new RangeError('--sub, --roles and --agency are required');
  const roles = values.roles
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new RangeError(`unknown role(s) ${unknown.join(', ')}: use ${ROLES.join(', ')}`);
  const ttl = values.ttl === undefined ? undefined : Number(values.ttl);
  if (!env.AUTH_JWT_SECRET) throw new AuthConfigError('set AUTH_JWT_SECRET to the secret the services use');
  const settings = authSettingsFromEnv(env, 'real');
  if (settings.mode !== 'jwt') throw new AuthConfigError('authentication is switched off (AUTH_DISABLED=true)');
  return new LocalIssuer(settings).mint({
    sub: values.sub,
    roles: roles.filter(isRole),
    agencyId: values.agency,
    ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
  });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  try {
    process.stdout.write(`${mintFromArgs(process.argv.slice(2), process.env)}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}
