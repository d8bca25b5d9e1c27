// The embedded platform's issuer, reachable by `npm run token` while the platform runs (issue 18
// item 3). With no AUTH_JWT_SECRET the platform signs with a random secret made for its process, so
// nobody outside it could mint a token. While it serves, it leaves that secret in an owner-only file
// (0600, under the git-ignored .infra/), and removes the file when it exits; token-cli reads it when
// AUTH_JWT_SECRET is unset. The secret is never printed: only the file's path and the process's id.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AuthConfigError, authSettingsFromEnv, type JwtSettings } from './settings.js';

/** Where the running platform leaves its issuer: EMBEDDED_ISSUER_FILE, else .infra/embedded-issuer.json. */
export function embeddedIssuerFilePath(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  return path.resolve(cwd, env.EMBEDDED_ISSUER_FILE || path.join('.infra', 'embedded-issuer.json'));
}

const issuerFileSchema = z.strictObject({
  pid: z.number().int().positive(),
  secret: z.string().min(32),
  issuer: z.string(),
  audience: z.string(),
  /** Where the platform serves (for the message saying which issuer signed). */
  baseUrl: z.string(),
});

export type EmbeddedIssuerRecord = z.output<typeof issuerFileSchema>;

/**
 * Writes `record` to `file` readable by its owner only: created under a temporary name with mode
 * 0600 (and chmod'ed, whatever the umask) and renamed into place, so no reader sees half a file.
 */
export function writeEmbeddedIssuerFile(file: string, record: EmbeddedIssuerRecord): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${record.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * Removes the file if it is still `pid`'s: a second platform started meanwhile has replaced it, and
 * its file must outlive the first one's exit. Synchronous, so it can run in an 'exit' handler.
 */
export function removeEmbeddedIssuerFile(file: string, pid: number): void {
  try {
    const record = issuerFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (record.success && record.data.pid !== pid) return;
    unlinkSync(file);
  } catch {
    // Already gone (or never written): nothing to remove.
  }
}

/** What token-cli signs with, and a sentence saying where that came from (never the secret). */
export interface SigningChoice {
  readonly settings: JwtSettings;
  readonly source: string;
}

/** What resolving needs from the machine, given in tests. */
export interface IssuerFileAccess {
  /** The file's text and permission bits; undefined when there is no such file. */
  read(file: string): { readonly text: string; readonly mode: number } | undefined;
  /** Whether a process with this id is running. */
  isRunning(pid: number): boolean;
}

const HOW_TO =
  'set AUTH_JWT_SECRET to the secret the services use, or start the embedded platform (npm start) and keep it running';

/**
 * The settings token-cli signs with: AUTH_JWT_SECRET (with AUTH_JWT_ISSUER/AUDIENCE) when set;
 * otherwise the running embedded platform's, from its issuer file. AuthConfigError saying what to do
 * when neither is there, the file is not owner-only, or the platform that wrote it has gone.
 */
export function resolveSigningSettings(env: NodeJS.ProcessEnv, file: string, access: IssuerFileAccess): SigningChoice {
  if (env.AUTH_JWT_SECRET) {
    const settings = authSettingsFromEnv(env, 'real');
    if (settings.mode !== 'jwt') throw new AuthConfigError('authentication is switched off (AUTH_DISABLED=true)');
    return { settings, source: 'signed with AUTH_JWT_SECRET from the environment' };
  }
  const found = access.read(file);
  if (found === undefined)
    throw new AuthConfigError(`AUTH_JWT_SECRET is not set and ${file} does not exist: ${HOW_TO}`);
  // Like ssh with a private key: a secret others could read is not used (nor trusted to be ours).
  if ((found.mode & 0o077) !== 0) {
    throw new AuthConfigError(`${file} is readable by others (mode ${(found.mode & 0o777).toString(8)}): not used`);
  }
  let parsed: EmbeddedIssuerRecord;
  try {
    parsed = issuerFileSchema.parse(JSON.parse(found.text));
  } catch {
    throw new AuthConfigError(`${file} is not an embedded issuer file: ${HOW_TO}`);
  }
  if (!access.isRunning(parsed.pid)) {
    throw new AuthConfigError(`the embedded platform that wrote ${file} (pid ${parsed.pid}) is not running: ${HOW_TO}`);
  }
  const settings = authSettingsFromEnv(
    { AUTH_JWT_SECRET: parsed.secret, AUTH_JWT_ISSUER: parsed.issuer, AUTH_JWT_AUDIENCE: parsed.audience },
    'real',
  );
  if (settings.mode !== 'jwt') throw new AuthConfigError(`${file} is not an embedded issuer file`);
  return {
    settings,
    source: `signed for the embedded platform running as pid ${parsed.pid} at ${parsed.baseUrl} (secret from ${file})`,
  };
}

/** The machine itself. */
export const LOCAL_ISSUER_FILE_ACCESS: IssuerFileAccess = {
  read(file) {
    try {
      return { text: readFileSync(file, 'utf8'), mode: statSync(file).mode };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  isRunning(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it runs, as another user.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};
