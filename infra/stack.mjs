#!/usr/bin/env node
// The real stack without Docker: the native Kafka + FerretDB (infra/native.mjs) and the seven services
// as separate processes, each on its own loopback port and its own database.
//
//   node infra/stack.mjs up | status | down        (npm run stack:up / stack:status / stack:down)
//
// Needs a build (`npm run build`); pid files and logs under INFRA_HOME (.infra/run, .infra/logs).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as native from './native.mjs';
import { brokerCredentials, saslFor } from './broker-access.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each service's loopback port (the same as in docker-compose.yml). */
export const SERVICE_PORTS = {
  applications: 3001,
  publications: 3002,
  consultations: 3003,
  enforcement: 3004,
  appeals: 3005,
  reporting: 3006,
  operations: 3007,
};

const portOf = (service, env = process.env) => Number(env[`${service.toUpperCase()}_PORT`] ?? SERVICE_PORTS[service]);

/** The base URL that serves a route `/<service>/…` of the running stack. */
export function stackUrlFor(routePath, env = process.env) {
  const service = routePath.split('/')[1];
  if (!(service in SERVICE_PORTS)) throw new Error(`no service serves ${routePath}`);
  return `http://127.0.0.1:${portOf(service, env)}`;
}

/** SERVICE_URLS for the operations service: every service at its loopback port. */
export const serviceUrls = (env = process.env) =>
  Object.keys(SERVICE_PORTS)
    .map((service) => `${service}=http://127.0.0.1:${portOf(service, env)}`)
    .join(',');

const log = (msg) => process.stderr.write(`[stack] ${msg}\n`);

/**
 * The HS256 secret the stack's services verify tokens with: AUTH_JWT_SECRET when set, else one made
 * once for this machine's stack and kept in .infra/run/jwt-secret (git-ignored), so
 * `npm run scenario` and `npm run token` can mint tokens the running services accept.
 */
export function stackJwtSecret(cfg = native.nativeConfig(), env = process.env) {
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  const file = path.join(cfg.run, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(cfg.run, { recursive: true });
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function servicePid(cfg, service) {
  try {
    const pid = Number(readFileSync(path.join(cfg.run, `svc-${service}.pid`), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function answers(service) {
  try {
    const res = await fetch(`http://127.0.0.1:${portOf(service)}/docs-json`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Each service logs in to the broker as its own principal (infra/broker-access.mjs). */
function brokerLogin(cfg, service) {
  const { username, password, mechanism } = saslFor(brokerCredentials(cfg.kafkaCredentials), service);
  return { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password, KAFKA_SASL_MECHANISM: mechanism };
}

export async function up() {
  const main = (s) => path.join(repo, 'dist', 'apps', s, 'src', 'main.js');
  const missing = Object.keys(SERVICE_PORTS).filter((s) => !existsSync(main(s)));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} — run npm run build first`);
  const cfg = native.nativeConfig();
  const infra = await native.up(cfg);
  mkdirSync(cfg.run, { recursive: true });
  for (const service of Object.keys(SERVICE_PORTS)) {
    if (servicePid(cfg, service)) continue;
    const out = openSync(path.join(cfg.logs, `svc-${service}.log`), 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', main(service)], {
      cwd: repo,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        // Loopback only, like every URL this script prints; and where the operations service finds
        // each service (without it, it asked its own port for all of them).
        HOST: '127.0.0.1',
        SERVICE_URLS: serviceUrls(),
        PORT: String(portOf(service)),
        KAFKA_BROKERS: infra.kafkaBrokers,
        MONGODB_URI: `${infra.mongoUri}${service}`,
        AUTH_JWT_SECRET: stackJwtSecret(cfg),
        ...brokerLogin(cfg, service),
      },
    });
    child.unref();
    writeFileSync(path.join(cfg.run, `svc-${service}.pid`), `${child.pid}\n`);
    log(`${service} starting (pid ${child.pid}) on 127.0.0.1:${portOf(service)}`);
  }
  const deadline = Date.now() + 90_000;
  for (const service of Object.keys(SERVICE_PORTS)) {
    while (!(await answers(service))) {
      if (!servicePid(cfg, service))
        throw new Error(`${service} exited; see ${path.join(cfg.logs, `svc-${service}.log`)}`);
      if (Date.now() > deadline) throw new Error(`${service} did not answer in 90 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  log('all seven services answer');
}

export async function down() {
  const cfg = native.nativeConfig();
  for (const service of Object.keys(SERVICE_PORTS)) {
    const pid = servicePid(cfg, service);
    if (!pid) continue;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 20_000;
    while (servicePid(cfg, service) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (servicePid(cfg, service)) process.kill(pid, 'SIGKILL');
    rmSync(path.join(cfg.run, `svc-${service}.pid`), { force: true });
    log(`${service} stopped`);
  }
  await native.down(cfg);
}

async function status() {
  const cfg = native.nativeConfig();
  for (const service of Object.keys(SERVICE_PORTS)) {
    const pid = servicePid(cfg, service);
    const ok = pid ? await answers(service) : false;
    console.log(
      `${service.padEnd(14)} ${(ok ? 'answers' : pid ? 'running, not answering' : 'stopped').padEnd(24)} http://127.0.0.1:${portOf(service)}`,
    );
  }
  for (const r of await native.status(cfg))
    console.log(`${r.label.padEnd(14)} ${(r.ok ? 'answers' : 'stopped').padEnd(24)} ${r.at}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  try {
    if (cmd === 'up') await up();
    else if (cmd === 'secret') console.log(stackJwtSecret());
    else if (cmd === 'down') await down();
    else if (cmd === 'status') await status();
    else {
      console.error('usage: node infra/stack.mjs up|status|down');
      process.exitCode = 2;
    }
  } catch (err) {
    console.error(`[stack] ${err.message}`);
    process.exitCode = 1;
  }
}
