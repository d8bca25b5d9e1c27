// End-to-end tests run the services as separate processes (`node dist/apps/<svc>/src/main.js`)
// against the real broker and store, each on its own free loopback port and its own database,
// with a shared token secret — and can kill -9 and restart any of them (fault tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { embeddedAuth, type LocalIssuer } from '#auth';
import { SERVICES, type ServiceName } from '#contracts';
import { type Infra, kafkaClient, kafkaSasl, repoRoot } from './infra.js';
import { provisionBrokerAccessFor } from './broker-access.js';
import { deleteTopics } from './http-client.js';
import { eventually } from './probe.js';

export interface ServiceProcess {
  readonly service: ServiceName;
  readonly port: number;
  readonly baseUrl: string;
  readonly pid: number | undefined;
  /** kill -9: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void>;
  /** Graceful stop (SIGTERM), then SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** Starts it again on the same port and database; resolves once it answers. */
  restart(): Promise<void>;
}

export interface ServiceStack {
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
  /** The base URL serving a route `/<service>/…`. */
  urlFor(route: string): string;
  readonly issuer: LocalIssuer;
  /** The HS256 secret the services verify tokens with (for a tool run beside them, like `npm run scenario`). */
  readonly secret: string;
  /** Where each process's output goes. */
  readonly logDir: string;
  stopAll(): Promise<void>;
  /** Stops every process, then deletes the stack's events topics (and their dead letters) when it had a TOPIC_PREFIX. */
  release(): Promise<void>;
}

export interface StackOptions {
  readonly infra: Infra;
  /** Database names are `<dbPrefix>_<service>` (unique per test run). */
  readonly dbPrefix: string;
  readonly services?: readonly ServiceName[];
  readonly env?: Readonly<Record<string, string>>;
}

/** The last lines of a service's log, for an error message (CI keeps the output, not the files). */
async function logTail(file: string, lines = 40): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Distinct free loopback ports, one per service (held open together so none is handed out twice). */
async function allocatePorts(services: readonly ServiceName[]): Promise<Record<ServiceName, number>> {
  const servers = await Promise.all(
    services.map(
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return Object.fromEntries(services.map((s, i) => [s, ports[i]!])) as Record<ServiceName, number>;
}

function mongoUriFor(base: string, db: string): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/docs-json`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The KAFKA_SASL_* settings of one service's own principal, or an explicit "no authentication". */
export function brokerLogin(infra: Infra, service: ServiceName): Record<string, string> {
  const sasl = kafkaSasl(infra, service);
  if (!sasl) return { KAFKA_SASL_DISABLED: 'true', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' };
  return {
    KAFKA_SASL_USERNAME: sasl.username,
    KAFKA_SASL_PASSWORD: sasl.password,
    KAFKA_SASL_MECHANISM: sasl.mechanism,
    KAFKA_SASL_DISABLED: '',
  };
}

export async function startServiceStack(options: StackOptions): Promise<ServiceStack> {
  const secret = randomBytes(48).toString('base64url');
  const { issuer } = embeddedAuth({ AUTH_JWT_SECRET: secret });
  const logDir = path.join(repoRoot(), 'test-results', 'logs', options.dbPrefix);
  await mkdir(logDir, { recursive: true });
  // Each service talks to the broker as its own principal, with the ACLs production has — granted
  // here for this stack's TOPIC_PREFIX (the unprefixed names are granted when the broker starts).
  const topicPrefix = options.env?.TOPIC_PREFIX ?? process.env.TOPIC_PREFIX ?? '';
  if (options.infra.kafkaAuth) await provisionBrokerAccessFor(kafkaClient(options.infra), topicPrefix);
  // Every process started so far, so that a failed start stops the others instead of leaving them
  // running (their open pipes would keep the test process alive until the test runner's timeout).
  const started: ServiceProcess[] = [];
  // Every service's port is chosen before any starts: the operations service needs
  // them all (SERVICE_URLS), and one not started here then shows as not ready rather than missing.
  const ports = await allocatePorts(SERVICES);
  const serviceUrls = SERVICES.map((s) => `${s}=http://127.0.0.1:${ports[s]}`).join(',');
  const starting = await Promise.allSettled(
    (options.services ?? SERVICES).map(async (service) => {
      const port = ports[service];
      const baseUrl = `http://127.0.0.1:${port}`;
      const env = {
        ...process.env,
        SERVICE_URLS: serviceUrls,
        ...brokerLogin(options.infra, service),
        ...options.env,
        PORT: String(port),
        KAFKA_BROKERS: options.infra.kafkaBrokers.join(','),
        MONGODB_URI: mongoUriFor(options.infra.mongoUri, `${options.dbPrefix}_${service}`),
        AUTH_JWT_SECRET: secret,
        // Quiet by default; a suite that inspects the logs (the personal-data canary) asks for more.
        LOG_LEVEL: options.env?.LOG_LEVEL ?? 'warn',
      };
      let child: ChildProcess | undefined;
      const start = async (): Promise<void> => {
        const log = createWriteStream(path.join(logDir, `${service}.log`), { flags: 'a' });
        child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'apps', service, 'src', 'main.js')], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        // Both streams feed one file, which is ended (and flushed) once the process and its pipes closed.
        child.stdout!.pipe(log, { end: false });
        child.stderr!.pipe(log, { end: false });
        const logged = new Promise<void>((resolve) => {
          log.once('finish', resolve);
          child!.once('close', () => log.end());
        });
        const stopWaiting = new AbortController();
        const exited = new Promise<never>((_, reject) =>
          child!.once('exit', (code) => {
            stopWaiting.abort();
            void logged
              .then(() => logTail(path.join(logDir, `${service}.log`)))
              .then((tail) =>
                reject(new Error(`${service} exited (${code}); see ${logDir}/${service}.log; it ended with:\n${tail}`)),
              );
          }),
        );
        exited.catch(() => {});
        const answering = eventually(() => answers(baseUrl), {
          timeoutMs: 120_000,
          intervalMs: 200,
          what: `${service} answers`,
          signal: stopWaiting.signal,
        });
        // When the process exits, the wait for an answer is aborted at once, but the exit's own error
        // (with the log's tail) arrives only after the log is flushed: report that one, not the abort.
        const answeredOrExited = answering.catch((err: unknown) =>
          stopWaiting.signal.aborted ? exited : Promise.reject(err),
        );
        await Promise.race([answeredOrExited, exited]);
      };
      const waitExit = (signal: NodeJS.Signals, graceMs: number): Promise<void> =>
        new Promise((resolve) => {
          const c = child;
          if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill(signal);
        });
      const proc: ServiceProcess = {
        service,
        port,
        baseUrl,
        get pid() {
          return child?.pid;
        },
        kill: () => waitExit('SIGKILL', 0),
        stop: () => waitExit('SIGTERM', 15_000),
        restart: async () => {
          await waitExit('SIGTERM', 15_000);
          await start();
        },
      };
      started.push(proc);
      await start();
      return [service, proc] as const;
    }),
  );
  const failed = starting.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (failed.length > 0) {
    await Promise.all(started.map((s) => s.kill()));
    throw failed.length === 1 ? failed[0]! : new AggregateError(failed, failed.map((e) => e.message).join('\n'));
  }
  const entries = starting.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const services = Object.fromEntries(entries) as Record<ServiceName, ServiceProcess>;
  const stopAll = async (): Promise<void> => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
  };
  return {
    services,
    issuer,
    secret,
    logDir,
    urlFor: (route) => {
      const svc = services[route.split('/')[1] as ServiceName];
      if (!svc) throw new Error(`no running service serves ${route}`);
      return svc.baseUrl;
    },
    stopAll,
    release: async () => {
      await stopAll();
      const prefix = options.env?.TOPIC_PREFIX;
      if (prefix) {
        await deleteTopics(
          options.infra,
          SERVICES.map((s) => `${prefix}${s}.events`),
        ).catch(() => {});
      }
    },
  };
}
