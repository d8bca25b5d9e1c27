// The HTTP baseline: a route that does nothing, on the product's Nest app setup (libs/http:
// express adapter, security headers, JSON body parser, error filter, OpenAPI; rate limit off), driven by an in-process load loop over
// loopback with keep-alive connections. Client and server share this process's event loop, so the
// figure is a floor of what the adapter costs, not a network measurement.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { createServiceApp } from '#http';
import { type BenchContext, type Outcome } from './context.js';
import { nowMs, perSecond, summarize } from './timing.js';

@Controller('bench')
class NoopController {
  @Post('noop')
  @HttpCode(204)
  noop(@Body() _body: unknown): void {}
}

@Module({ controllers: [NoopController] })
class NoopModule {}

interface Target {
  readonly agent: http.Agent;
  readonly port: number;
}

function post(target: Target, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent: target.agent,
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function httpNoop(ctx: BenchContext): Promise<Outcome> {
  const { httpRequests, httpSeconds, httpConcurrency } = ctx.options;
  // The rate limit is off: a load loop from one client is exactly what it exists to stop.
  const app = await createServiceApp(NoopModule, { title: 'bench', logger: false, rateLimit: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: httpConcurrency });
  const target = { agent, port };
  // Command-shaped bodies: the data of the payload's events, as a client would send it.
  const bodies = [...ctx.payload.events(Math.min(1000, httpRequests))].map((e) => JSON.stringify(e.envelope.data));
  const statuses = new Map<number, number>();
  try {
    // Warm-up (JIT, connection set-up), not timed or counted.
    const warmUp = Math.min(500, Math.ceil(httpRequests / 10));
    await Promise.all(
      Array.from({ length: httpConcurrency }, async (_, w) => {
        for (let i = w; i < warmUp; i += httpConcurrency) await post(target, '/bench/noop', bodies[i % bodies.length]!);
      }),
    );
    const latencies: number[] = [];
    let issued = 0;
    const started = nowMs();
    const deadline = started + httpSeconds * 1000;
    await Promise.all(
      Array.from({ length: httpConcurrency }, async () => {
        while (issued < httpRequests && nowMs() < deadline) {
          const body = bodies[issued++ % bodies.length]!;
          const t0 = nowMs();
          const status = await post(target, '/bench/noop', body);
          latencies.push(nowMs() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const ms = nowMs() - started;
    ctx.checks.equal('http-noop', 'every request answered 204', [...statuses.entries()], [[204, issued]]);
    ctx.checks.equal('http-noop', 'responses = requests issued', latencies.length, issued);
    return {
      count: issued,
      unit: 'requests',
      ms,
      rate: perSecond(issued, ms),
      latency: summarize(latencies),
      details: { concurrency: httpConcurrency, warmUpRequests: warmUp, meanBodyBytes: meanBytes(bodies) },
      note: `NestJS express adapter via createServiceApp (rate limit off); ${httpConcurrency} keep-alive connections, same process`,
    };
  } finally {
    agent.destroy();
    await app.close();
  }
}

const meanBytes = (xs: readonly string[]): number =>
  Math.round(xs.reduce((n, x) => n + Buffer.byteLength(x), 0) / Math.max(1, xs.length));
