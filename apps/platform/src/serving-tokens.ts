// What `npm start` hands its users while it serves (issue 18 item 3): a token per role — a clerk and
// a supervisor of the scenario's agency to record and approve cases, an auditor and an operations
// user of the city bureau to read reports and watch the pipeline — and, when the secret was made for
// this process, the issuer file through which `npm run token` mints more (removed when it exits).
import { agencies } from '#contracts';
import {
  removeEmbeddedIssuerFile,
  writeEmbeddedIssuerFile,
  type EmbeddedAuth,
  type Role,
  type TokenRequest,
} from '#auth';

export interface ServingToken {
  /** Who the token stands for, in the words the banner prints. */
  readonly who: string;
  readonly request: TokenRequest;
}

/** The users `npm start` prints a token for (one hour each). */
export function servingTokenRequests(agencyId: string): readonly ServingToken[] {
  const user = (sub: string, roles: readonly Role[], agency: string): TokenRequest => ({
    sub,
    roles,
    agencyId: agency,
  });
  // The top of the registry reads every agency below it (the city bureau, in the 2009 scenario).
  const top = agencies().top();
  return [
    {
      who: `a clerk of ${agencyId} (records and changes its cases)`,
      request: user('platform-clerk', ['clerk'], agencyId),
    },
    {
      who: `a supervisor of ${agencyId} (also approves extensions, erases personal data)`,
      request: user('platform-supervisor', ['supervisor'], agencyId),
    },
    {
      who: `an auditor of ${top} (reads cases and reports of every agency)`,
      request: user('platform-auditor', ['auditor'], top),
    },
    {
      who: `operations (the monitoring page, metrics)`,
      request: user('platform-operations', ['operations', 'auditor'], top),
    },
  ];
}

/** The banner's lines: each user and their token, and how to mint others. */
export function servingTokenLines(auth: EmbeddedAuth, agencyId: string, issuerFile: string | undefined): string[] {
  const lines = ['[platform] tokens for these APIs (1 h each; send as Authorization: Bearer <token>):'];
  for (const { who, request } of servingTokenRequests(agencyId)) {
    lines.push(`  ${who}:`, `    ${auth.issuer.mint(request)}`);
  }
  lines.push(
    issuerFile === undefined
      ? '[platform] more tokens: AUTH_JWT_SECRET=… npm run token -- --sub <user> --roles <role> --agency <agency>'
      : `[platform] more tokens while this runs: npm run token -- --sub <user> --roles clerk --agency ${agencyId} ` +
          `(it signs with this process's secret, from ${issuerFile}: owner-only, removed at exit)`,
  );
  return lines;
}

/**
 * Leaves this process's issuer in `file` until the process ends: removed on a normal exit, on an
 * uncaught error and on Ctrl-C or SIGTERM (after which the signal ends the process as it would have).
 */
export function leaveIssuerFileWhileRunning(auth: EmbeddedAuth, file: string, baseUrl: string): void {
  const { pid } = process;
  writeEmbeddedIssuerFile(file, {
    pid,
    secret: auth.settings.secret,
    issuer: auth.settings.issuer,
    audience: auth.settings.audience,
    baseUrl,
  });
  const remove = (): void => removeEmbeddedIssuerFile(file, pid);
  process.once('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      remove();
      process.kill(pid, signal);
    });
  }
}
