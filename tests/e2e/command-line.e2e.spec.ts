// `npm start` and `npm run token` as a user runs them (issue 18 items 3 and 5), each a real process:
// - `--help` is answered at once, without compiling (it compiled the whole project first: 51 s);
// - a busy port and a missing scenario file say what is wrong and what to do, exit code 2, no stack;
// - the serving platform prints a clerk token that can record a request, and `npm run token` — with
//   no AUTH_JWT_SECRET — mints tokens the running process accepts, through its owner-only issuer file,
//   which is gone once the process has ended.
// - `--empty` serves the services with nothing fed: an empty year, caught up, then a recorded request
//   in the report once the caught-up route says so (issue 16 item 7).
// Embedded mode throughout: neither the broker nor the store is needed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { authenticate, embeddedAuth } from '#auth';
import { eventually, freePort, repoRoot } from '#testing';
import { CAUGHT_UP_ROUTE } from '../../apps/platform/src/catch-up.js';
import { USAGE } from '../../apps/platform/src/cli.js';
import { type ReportRow } from '#contracts/reporting';
import { type ReportJson } from '../../apps/platform/src/report-output.js';

const repo = repoRoot();
const PLATFORM = path.join(repo, 'dist', 'apps', 'platform', 'src', 'main.js');
const TOKEN_CLI = path.join(repo, 'dist', 'libs', 'auth', 'src', 'token-cli.js');
const AGENCY = 'zhuzhou-city';

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** The environment of a user's shell: no test-run broker, store or secret (embedded mode, own secret). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['KAFKA_BROKERS', 'MONGODB_URI', 'AUTH_JWT_SECRET', 'AUTH_DISABLED', 'EMBEDDED_ISSUER_FILE']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs `command args` to its end. */
function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const started = Date.now();
  return new Promise<Finished>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repo, env: options.env ?? userEnv(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** A Node stack trace's frames ("    at f (file:1:2)"). */
const STACK_FRAME = /^\s+at .+[:(]/m;

/** What a user-correctable mistake prints: one line on stderr, no stack, nothing else. */
function assertOneSentence(stderr: string, pattern: RegExp): void {
  assert.doesNotMatch(stderr, STACK_FRAME);
  assert.equal(stderr.trimEnd().split('\n').length, 1, `one line, got:\n${stderr}`);
  assert.match(stderr, pattern);
}

const tempDirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

after(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm start -- --help', () => {
  it('prints the options and exits 0 without compiling: a checkout that was never built answers it', async (t) => {
    // A checkout with the start script, its launcher and the option parser's sources, and no dist/:
    // compiling is impossible here (no tsconfig.json), so any build before answering would fail.
    const checkout = await tempDir('npm-start-help-');
    const files = [
      'package.json',
      'infra/start.mjs',
      'infra/build-if-stale.mjs',
      'apps/platform/src/cli.ts',
      'apps/platform/src/templates.ts', // cli.ts imports it
    ];
    for (const file of files) {
      await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
      await copyFile(path.join(repo, file), path.join(checkout, file));
    }
    await symlink(path.join(repo, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');

    for (const flag of ['--help', '-h']) {
      const help = await run('npm', ['start', '--silent', '--', flag], { cwd: checkout });
      t.diagnostic(`npm start -- ${flag} in an unbuilt checkout: ${help.seconds.toFixed(1)} s`);
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stdout, USAGE);
      assert.equal(help.stderr, '');
    }
    await assert.rejects(stat(path.join(checkout, 'dist')), /ENOENT/, 'nothing was compiled');
  });

  it('is the same text from the built platform', async () => {
    const help = await run(process.execPath, [PLATFORM, '--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout.trimEnd(), USAGE.trimEnd());
  });
});

describe('npm start: mistakes a user can put right', () => {
  it('a port in use: says so and names --port, exit code 2, no stack trace', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const started = await run(process.execPath, [PLATFORM, '--exit', '--port', String(port)]);
      assert.equal(started.code, 2, started.stderr);
      assertOneSentence(started.stderr, new RegExp(`port ${port} is already in use.*--port <n>`));
    } finally {
      busy.close();
    }
  });

  it('a scenario file that does not exist: names the file and --scenario, exit code 2, no stack trace', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-scenario-0f4c.json');
    const started = await run(process.execPath, [PLATFORM, '--exit', '--port', '0', '--scenario', missing]);
    assert.equal(started.code, 2, started.stderr);
    assertOneSentence(started.stderr, /scenario file .*no-such-scenario-0f4c\.json does not exist.*--scenario <file>/);
  });

  it('a scenario file that is not JSON: says so, exit code 2, no stack trace', async () => {
    const file = path.join(await tempDir('bad-scenario-'), 'broken.json');
    await writeFile(file, '{ "name": ');
    const started = await run(process.execPath, [PLATFORM, '--exit', '--port', '0', '--scenario', file]);
    assert.equal(started.code, 2, started.stderr);
    assertOneSentence(started.stderr, /broken\.json is not JSON/);
  });
});

/** One disclosure request of the city bureau: enough for the platform to feed, project and report. */
const TINY_SCENARIO = {
  name: 'tokens-check',
  description: 'one request, for the command-line test',
  year: 2009,
  agencyId: AGENCY,
  cases: [
    {
      label: '依申请公开·电子邮件申请',
      count: 1,
      dates: { from: '2009-03-02', to: '2009-03-02' },
      steps: [
        {
          method: 'POST',
          path: '/applications/disclosure-requests',
          body: {
            agencyId: AGENCY,
            receiptDate: '{{date}}',
            channel: 'email',
            applicantType: 'natural-person',
            informationRequested: '征地拆迁补偿安置相关信息',
            applicant: { name: '申请人 {{key}}' },
          },
        },
      ],
    },
  ],
};

/** A request a clerk records (what the printed clerk token is for). */
const requestBody = (receiptDate: string) => ({
  agencyId: AGENCY,
  receiptDate,
  channel: 'online',
  applicantType: 'natural-person',
  informationRequested: '某地块征收补偿方案',
  applicant: { name: '测试申请人' },
});

/** A platform started by a test: killed after the tests if it is still running. */
const platforms: ChildProcess[] = [];
after(() => {
  for (const p of platforms) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Serving {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  readonly exited: Promise<void>;
  /** The token the banner prints on the line after the user it describes. */
  tokenAfter(who: RegExp): string;
}

/** Starts the built platform with `args` and waits for its serving banner (the tokens it prints). */
async function startServing(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Serving> {
  const child = spawn(process.execPath, [PLATFORM, ...args], { cwd: repo, env, stdio: 'pipe' });
  platforms.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gone = new AbortController();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      gone.abort(new Error(`the platform exited (${code}):\n${output}`));
      resolve();
    }),
  );
  await eventually(() => output.includes('more tokens while this runs'), {
    timeoutMs: 180_000,
    intervalMs: 250,
    what: 'the serving banner',
    signal: gone.signal,
  });
  return {
    child,
    output: () => output,
    exited,
    tokenAfter: (who) => {
      const lines = output.split('\n');
      const at = lines.findIndex((line) => who.test(line));
      assert.ok(at >= 0, `the banner names ${who}:\n${output}`);
      return lines[at + 1]!.trim();
    },
  };
}

describe('npm start while it serves: tokens for every role, and npm run token for the running process', () => {
  it('a printed clerk token records a request; npm run token mints tokens it accepts; the issuer file goes at exit', async (t) => {
    const dir = await tempDir('npm-start-serving-');
    const scenarioFile = path.join(dir, 'scenario.json');
    await writeFile(scenarioFile, JSON.stringify(TINY_SCENARIO));
    const issuerFile = path.join(dir, 'state', 'embedded-issuer.json');
    const env = userEnv({ EMBEDDED_ISSUER_FILE: issuerFile });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { child, exited, tokenAfter, output } = await startServing(
      ['--port', String(port), '--scenario', scenarioFile, '--out', path.join(dir, 'out')],
      env,
    );

    // The banner's tokens: the line after each user's description.
    const clerkToken = tokenAfter(new RegExp(`a clerk of ${AGENCY}`));
    const supervisorToken = tokenAfter(new RegExp(`a supervisor of ${AGENCY}`));

    // The issuer file: owner-only, and its secret never printed.
    assert.equal((await stat(issuerFile)).mode & 0o777, 0o600);
    const { secret } = JSON.parse(await readFile(issuerFile, 'utf8')) as { secret: string };
    assert.ok(!output().includes(secret), 'the secret is not printed');
    const settings = { ...embeddedAuth({ AUTH_JWT_SECRET: secret }).settings };
    assert.deepEqual(authenticate(supervisorToken, settings, new Date()).roles, ['supervisor']);

    const post = (token: string, receiptDate: string, key: string) =>
      fetch(`${baseUrl}/applications/disclosure-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(requestBody(receiptDate)),
      });
    const recorded = await post(clerkToken, '2009-04-01', 'command-line-e2e-clerk');
    assert.equal(recorded.status, 201, await recorded.clone().text());

    // npm run token, as a user runs it beside the platform: no AUTH_JWT_SECRET in its environment.
    const minted = await run(
      process.execPath,
      [TOKEN_CLI, '--sub', 'clerk-9', '--roles', 'clerk', '--agency', AGENCY],
      {
        env,
      },
    );
    assert.equal(minted.code, 0, minted.stderr);
    assert.match(minted.stderr, new RegExp(`embedded platform running as pid ${child.pid} at ${baseUrl}`));
    assert.ok(
      !minted.stderr.includes(secret) && !minted.stdout.includes(secret),
      'token-cli does not print the secret',
    );
    const token = minted.stdout.trim();
    const second = await post(token, '2009-04-02', 'command-line-e2e-minted');
    assert.equal(second.status, 201, await second.clone().text());
    const read = await fetch(
      `${baseUrl}/applications/disclosure-requests/${((await second.json()) as { id: string }).id}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(read.status, 200);
    // A token signed with any other secret is refused: acceptance above is the process's own secret.
    const stranger = embeddedAuth({}).issuer.mint({ sub: 'clerk-9', roles: ['clerk'], agencyId: AGENCY });
    assert.equal((await post(stranger, '2009-04-03', 'command-line-e2e-stranger')).status, 401);

    const stopped = Date.now();
    child.kill('SIGTERM');
    await exited;
    t.diagnostic(`stopped ${Date.now() - stopped} ms after SIGTERM`);
    await assert.rejects(stat(issuerFile), /ENOENT/, 'the issuer file is removed at exit');

    // And with the platform gone, npm run token says so instead of minting a useless token.
    const after = await run(process.execPath, [TOKEN_CLI, '--sub', 'clerk-9', '--roles', 'clerk', '--agency', AGENCY], {
      env,
    });
    assert.equal(after.code, 2);
    assert.equal(after.stdout, '');
    assert.match(after.stderr, /AUTH_JWT_SECRET is not set .* does not exist/);
  });
});

/** Every figure of a report's tables (rows, their columns and their children), for "is the year empty". */
function figures(rows: readonly ReportRow[]): number[] {
  return rows.flatMap((r) => [
    ...(r.value === undefined ? [] : [r.value]),
    ...Object.values(r.values ?? {}),
    ...figures(r.children ?? []),
  ]);
}
const findRow = (rows: readonly ReportRow[], label: RegExp): ReportRow | undefined =>
  rows.find((r) => label.test(r.label)) ?? rows.map((r) => findRow(r.children ?? [], label)).find(Boolean);

describe('npm start -- --empty: the services with nothing fed (issue 16 item 7)', () => {
  it('serves an empty year, says caught up, and reports a request recorded through the API once caught up again', async () => {
    const dir = await tempDir('npm-start-empty-');
    const env = userEnv({ EMBEDDED_ISSUER_FILE: path.join(dir, 'embedded-issuer.json') });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { child, exited, tokenAfter, output } = await startServing(
      ['--empty', '--port', String(port), '--year', '2009'],
      env,
    );
    assert.match(output(), /started empty \(--empty\)/);
    assert.doesNotMatch(output(), /\[platform\] (fed|scenario)/, 'no scenario was fed');
    const clerk = tokenAfter(new RegExp(`a clerk of ${AGENCY}`));
    const auditor = tokenAfter(/an auditor of/);
    const operations = tokenAfter(/operations \(the monitoring page/);
    const get = async <T>(route: string, token: string): Promise<T> => {
      const res = await fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      assert.equal(res.status, 200, `${route}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };
    const caughtUp = () =>
      eventually(async () => (await get<{ caughtUp: boolean }>(CAUGHT_UP_ROUTE, operations)).caughtUp, {
        timeoutMs: 60_000,
        what: 'caught up',
      });
    const report = (): Promise<ReportJson> =>
      get<ReportJson>(
        `/reporting/annual-reports/${AGENCY}/rollup/2009/report?template=national-2021&format=json`,
        auditor,
      );
    const received = (r: ReportJson): number | undefined =>
      findRow(
        r.tables.flatMap((t) => t.rows),
        /本年新收政府信息公开申请数量/,
      )?.values?.['总计'];

    await caughtUp();
    const empty = await report();
    assert.ok(empty.tables.length > 0, 'the report has its tables');
    assert.deepEqual(
      figures(empty.tables.flatMap((t) => t.rows)).filter((n) => n !== 0),
      [],
      'every figure of the empty year is 0',
    );
    assert.equal(received(empty), 0);

    const recorded = await fetch(`${baseUrl}/applications/disclosure-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clerk}`,
        'content-type': 'application/json',
        'idempotency-key': 'command-line-e2e-empty',
      },
      body: JSON.stringify(requestBody('2009-04-01')),
    });
    assert.equal(recorded.status, 201, await recorded.clone().text());
    await caughtUp();
    assert.equal(received(await report()), 1, 'the request is in the report once caught up');

    child.kill('SIGTERM');
    await exited;
  });
});
