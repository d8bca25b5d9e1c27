// The local issuer on the command line (development and manual tests):
//
//   AUTH_JWT_SECRET=… npm run token -- --sub clerk-1 --roles clerk --agency zhuzhou-city [--ttl 3600]
//
// prints a bearer token the services accept (they are started with the same AUTH_JWT_SECRET, and
// AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE if set). `--roles` takes a comma-separated list. Without
// AUTH_JWT_SECRET it signs for the running embedded platform (`npm start`), whose per-process secret
// it reads from the platform's owner-only issuer file; stderr says which of the two it used.
import { parseArgs } from 'node:util';
import {
  embeddedIssuerFilePath,
  LOCAL_ISSUER_FILE_ACCESS,
  resolveSigningSettings,
  type IssuerFileAccess,
} from './embedded-issuer-file.js';
import { ROLES, isRole } from './principal.js';
import { LocalIssuer } from './settings.js';

const USAGE = `usage: npm run token -- --sub <user id> --roles <${ROLES.join('|')}>[,…] --agency <agency id> [--ttl <seconds>]
  signs with AUTH_JWT_SECRET (and AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE) from the environment; without
  AUTH_JWT_SECRET, for the running embedded platform (npm start), from its issuer file
  (EMBEDDED_ISSUER_FILE, default .infra/embedded-issuer.json)`;

/** The token, and where its signing secret came from (for stderr). */
export function mintFromArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  access: IssuerFileAccess = LOCAL_ISSUER_FILE_ACCESS,
): { readonly token: string; readonly source: string } {
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
  const { settings, source } = resolveSigningSettings(env, embeddedIssuerFilePath(env), access);
  const token = new LocalIssuer(settings).mint({
    sub: values.sub,
    roles: roles.filter(isRole),
    agencyId: values.agency,
    ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
  });
  return { token, source };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  try {
    const { token, source } = mintFromArgs(process.argv.slice(2), process.env);
    process.stderr.write(`${source}\n`);
    process.stdout.write(`${token}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}
