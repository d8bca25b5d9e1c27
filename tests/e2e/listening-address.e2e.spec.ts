// Where a service process listens (issue 13 item 4): the services listened on every interface
// (`*:port`) while the log said 127.0.0.1. Now a started process binds to HOST — loopback unless
// told otherwise — and is not reachable on the machine's other addresses; HOST=0.0.0.0 is.
// The process runs in embedded mode (no broker or store needed: binding is the same in both modes).
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { eventually, freePort, repoRoot } from '#testing';

/** An IPv4 address of this machine that is not loopback, if it has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}

/** The local addresses of TCP sockets listening on `port`, as `ss -ltn` shows them (undefined without ss). */
function listeningAddresses(port: number): string[] | undefined {
  try {
    const out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
    return out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/)[3]!);
  } catch {
    return undefined;
  }
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
}

const children: ChildProcess[] = [];

async function startConsultations(host: string | undefined): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'log' };
  // Embedded mode: neither the broker nor the store of the test run.
  delete env.KAFKA_BROKERS;
  delete env.MONGODB_URI;
  delete env.HOST;
  if (host !== undefined) env.HOST = host;
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'apps', 'consultations', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`consultations exited (${child.exitCode}):\n${output}`);
      const res = await fetch(`http://127.0.0.1:${port}/consultations/health/live`).catch(() => undefined);
      return res?.ok === true;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'consultations answers on loopback' },
  );
  return { child, port, output: () => output };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('the address a service process listens on', () => {
  const external = nonLoopbackAddress();

  after(async () => {
    await Promise.all(children.map(stop));
  });

  it('is loopback by default: not reachable on another address of the machine, and the log says so', async () => {
    const svc = await startConsultations(undefined);
    const listening = listeningAddresses(svc.port);
    assert.ok(external !== undefined || listening !== undefined, 'neither a non-loopback address nor ss to check with');
    if (listening !== undefined) assert.deepEqual(listening, [`127.0.0.1:${svc.port}`]);
    if (external !== undefined) assert.equal(await accepts(external, svc.port), false, `reachable on ${external}`);
    assert.match(svc.output(), new RegExp(`listening on 127\\.0\\.0\\.1:${svc.port}`));
    await stop(svc.child);
  });

  it('is every interface with HOST=0.0.0.0', async () => {
    const svc = await startConsultations('0.0.0.0');
    const listening = listeningAddresses(svc.port);
    if (listening !== undefined) assert.deepEqual(listening, [`0.0.0.0:${svc.port}`]);
    if (external !== undefined) assert.equal(await accepts(external, svc.port), true, `not reachable on ${external}`);
    assert.match(svc.output(), new RegExp(`listening on 0\\.0\\.0\\.0:${svc.port}`));
    await stop(svc.child);
  });

  it('refuses to start with a HOST that is not an IP address, naming HOST', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: 'every-interface', PORT: String(await freePort()) };
    delete env.KAFKA_BROKERS;
    delete env.MONGODB_URI;
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'apps', 'consultations', 'src', 'main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(output, /invalid configuration: HOST: must be an IP address/);
  });
});
