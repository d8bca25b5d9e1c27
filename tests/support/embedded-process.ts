// One service as its own process in embedded mode (in-memory store and transport): for tests of the
// process itself — where it listens, how it throttles — that need neither the broker nor the store.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { type ServiceName } from '#contracts';
import { eventually, freePort, repoRoot } from '#testing';

export interface EmbeddedProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The environment of a service process without the test run's broker and store (embedded mode). */
function embeddedEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['KAFKA_BROKERS', 'MONGODB_URI', 'HOST', 'SERVICE_URLS']) delete result[name];
  return { ...result, ...env };
}

/** Spawns `service` in embedded mode with `env` (PORT included), without waiting for it. */
export function spawnService(service: ServiceName, env: Readonly<Record<string, string>>): ChildProcess {
  return spawn(process.execPath, [path.join(repoRoot(), 'dist', 'apps', service, 'src', 'main.js')], {
    env: embeddedEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts `service` on a free port and waits until it answers on loopback, or rejects with what it printed. */
export async function startEmbeddedProcess(
  service: ServiceName,
  env: Readonly<Record<string, string>> = {},
): Promise<EmbeddedProcess> {
  const port = await freePort();
  const child = spawnService(service, { LOG_LEVEL: 'log', ...env, PORT: String(port) });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${service} exited (${child.exitCode}):\n${output}`);
        const res = await fetch(`http://127.0.0.1:${port}/${service}/health/live`).catch(() => undefined);
        return res?.ok === true;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `${service} answers on loopback` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, output: () => output, stop };
}
