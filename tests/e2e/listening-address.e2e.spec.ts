// Where a service process listens (issue 13 item 4): the services listened on every interface
// (`*:port`) while the log said 127.0.0.1. Now a started process binds to HOST — loopback unless
// told otherwise — and is not reachable on the machine's other addresses; HOST=0.0.0.0 is.
// The process runs in embedded mode (no broker or store needed: binding is the same in both modes).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { after, describe, it } from 'node:test';
import { freePort } from '#testing';
import { spawnService, startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process.js';

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

describe('the address a service process listens on', () => {
  const external = nonLoopbackAddress();

  const started: EmbeddedProcess[] = [];
  const startConsultations = async (env: Record<string, string> = {}): Promise<EmbeddedProcess> => {
    const svc = await startEmbeddedProcess('consultations', env);
    started.push(svc);
    return svc;
  };

  after(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it('is loopback by default: not reachable on another address of the machine, and the log says so', async () => {
    const svc = await startConsultations();
    const listening = listeningAddresses(svc.port);
    assert.ok(external !== undefined || listening !== undefined, 'neither a non-loopback address nor ss to check with');
    if (listening !== undefined) assert.deepEqual(listening, [`127.0.0.1:${svc.port}`]);
    if (external !== undefined) assert.equal(await accepts(external, svc.port), false, `reachable on ${external}`);
    assert.match(svc.output(), new RegExp(`listening on 127\\.0\\.0\\.1:${svc.port}`));
    await svc.stop();
  });

  it('is every interface with HOST=0.0.0.0', async () => {
    const svc = await startConsultations({ HOST: '0.0.0.0' });
    const listening = listeningAddresses(svc.port);
    if (listening !== undefined) assert.deepEqual(listening, [`0.0.0.0:${svc.port}`]);
    if (external !== undefined) assert.equal(await accepts(external, svc.port), true, `not reachable on ${external}`);
    assert.match(svc.output(), new RegExp(`listening on 0\\.0\\.0\\.0:${svc.port}`));
    await svc.stop();
  });

  it('refuses to start with a HOST that is not an IP address, naming HOST', async () => {
    const child = spawnService('consultations', { HOST: 'every-interface', PORT: String(await freePort()) });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(output, /invalid configuration: HOST: must be an IP address/);
  });
});
