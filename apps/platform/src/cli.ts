// Options of `npm start` (the embedded platform). Pure: parsed and validated here, used in main.ts.
import path from 'node:path';
import { resolveTemplateOption, TEMPLATE_IDS, type TemplateOption } from './templates.js';

export interface PlatformOptions {
  readonly help: boolean;
  /** Write the report and stop, instead of serving the APIs until Ctrl-C. */
  readonly exit: boolean;
  /** Feed nothing: serve the services with nothing recorded (an integrator's own data goes in through the APIs). */
  readonly empty: boolean;
  readonly scenarioFile: string;
  /** `--agencies <file.json>`: the deployment's agencies instead of the 2009 scenario's (ADR 0014). */
  readonly agenciesFile: string | undefined;
  /** Report for this agency (default: the scenario's); the city's report is its roll-up. */
  readonly agencyId: string | undefined;
  /** Report for this year (default: the scenario's). */
  readonly year: number | undefined;
  /** The template whose tables are printed and whose files are written, or every one. */
  readonly template: TemplateOption;
  readonly outDir: string;
  readonly port: number;
  /** What the caller should know about the options given (a deprecated name used), to print on stderr. */
  readonly notes: readonly string[];
}

export const DEFAULT_SCENARIO = 'apps/platform/scenarios/zhuzhou-2009.json';

export const USAGE = `Usage: npm start -- [options]

Runs all seven services in one process on in-memory adapters (embedded mode), feeds a scenario
through their HTTP APIs, waits for the reporting projection to catch up, prints the report's
tables, writes the report in every format, and keeps serving the APIs until Ctrl-C.

Options:
  --empty              feed no scenario: serve the APIs with nothing recorded (every report is an
                       empty year until cases are recorded; GET /operations/api/caught-up
                       says when the reports reflect them); with --agency and --year only
  --exit               write the report and exit 0 instead of serving
  --scenario <file>    scenario file (default ${DEFAULT_SCENARIO})
  --agencies <file>    the agencies cases belong to, a JSON list [{ "id", "name", "parentId"?, "level"? }]
                       (also validFrom/validTo and names [{ "name", "from" }]); default the 2009
                       scenario's 株洲 bureaus, or AGENCIES_FILE when set
  --agency <id>        agency of the report (default: the scenario's; the city is its roll-up)
  --year <yyyy>        statistical year (default: the scenario's)
  --template <name>    ${TEMPLATE_IDS.join(' | ')} | all: the tables printed and the files written (default all);
                       the names of the reporting API's ?template= (appendix-2008 is a deprecated name of 2008)
  --out <dir>          output folder (default out/<scenario>-<agency>-<year>)
  --port <n>           HTTP port (default 3000; 0 picks a free one)
  --help               this text
`;

export class UsageError extends Error {}

/** What only a fed scenario's report uses: refused with --empty rather than silently ignored. */
const REPORT_OPTIONS = ['--exit', '--scenario', '--template', '--out'];

/**
 * What to tell the user when the HTTP port cannot be had (a UsageError: one sentence, exit code 2),
 * or undefined for any other failure to listen (a bug, reported with its stack).
 */
export function listenError(err: unknown, port: number): UsageError | undefined {
  const code: string = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  switch (code) {
    case 'EADDRINUSE':
      return new UsageError(
        `port ${port} is already in use (another npm start?): stop what listens there, or choose another port with --port <n> (--port 0 picks a free one)`,
      );
    case 'EACCES':
      return new UsageError(
        `not allowed to listen on port ${port} (ports below 1024 need privileges): choose another port with --port <n> (--port 0 picks a free one)`,
      );
    default:
      return undefined;
  }
}

export function parseArgs(argv: readonly string[]): PlatformOptions {
  const opts: { -readonly [K in keyof PlatformOptions]: PlatformOptions[K] } = {
    help: false,
    exit: false,
    empty: false,
    scenarioFile: DEFAULT_SCENARIO,
    agenciesFile: undefined,
    agencyId: undefined,
    year: undefined,
    template: 'all',
    outDir: '',
    port: 3000,
    notes: [],
  };
  const notes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) break;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--exit':
        opts.exit = true;
        break;
      case '--empty':
        opts.empty = true;
        break;
      case '--scenario':
        opts.scenarioFile = value();
        break;
      case '--agencies':
        opts.agenciesFile = path.resolve(value());
        break;
      case '--agency':
        opts.agencyId = value();
        break;
      case '--year': {
        const y = Number(value());
        if (!Number.isInteger(y) || y < 2008 || y > 2100) throw new UsageError('--year must be a year from 2008');
        opts.year = y;
        break;
      }
      case '--template': {
        const resolved = resolveTemplateOption(value());
        if (!resolved) throw new UsageError(`--template must be ${TEMPLATE_IDS.join(', ')} or all`);
        opts.template = resolved.option;
        if (resolved.deprecation) notes.push(resolved.deprecation);
        break;
      }
      case '--out':
        opts.outDir = value();
        break;
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError('--port must be 0–65535');
        opts.port = p;
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg} (see --help)`);
    }
  }
  if (opts.empty) {
    const given = argv.filter((a) => REPORT_OPTIONS.includes(a));
    if (given.length > 0) {
      throw new UsageError(`--empty feeds nothing and writes no report: leave out ${given.join(', ')}`);
    }
  }
  return { ...opts, scenarioFile: path.resolve(opts.scenarioFile), notes };
}
