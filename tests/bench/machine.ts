// What the numbers were measured on. Versions are read from the running servers where they say
// it (the store's buildInfo) and from the installed packages; the machine is shared, so the load
// average at the start is part of the record.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type mongoose from 'mongoose';
import { type Infra, repoRoot } from '../../libs/testing/src/infra.js';
import { load1 } from './timing.js';

export interface MachineFacts {
  readonly date: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly loadAtStart: number;
  readonly node: string;
  readonly infra: string;
  readonly kafka: string;
  readonly store: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly commit: string;
}

const packageVersion = (name: string): string => {
  try {
    const file = path.join(repoRoot(), 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/** The commit the code was at, and whether the work tree had changes (read-only git calls). */
const commitOf = (): string => {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: repoRoot(), encoding: 'utf8' }).trim();
    const changed = run(['status', '--porcelain']).split('\n').filter(Boolean).length;
    return `${run(['rev-parse', '--short', 'HEAD'])}${changed ? ` + ${changed} uncommitted changes` : ''}`;
  } catch {
    return 'unknown';
  }
};

/** kafkajs does not report the broker's version: it is taken from how the infra was provided. */
const kafkaVersionOf = (infra: Infra): string =>
  /Apache Kafka (\d+\.\d+(?:\.\d+)?)/.exec(infra.description)?.[1] ??
  /(\S*kafka\S*:\d\S*)/.exec(infra.description)?.[1] ??
  process.env.KAFKA_VERSION ??
  'version unknown (set KAFKA_VERSION)';

export async function machineFacts(infra: Infra, db: mongoose.mongo.Db): Promise<MachineFacts> {
  const build = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAtStart: load1(),
    node: process.version,
    infra: infra.description,
    kafka: `Apache Kafka ${kafkaVersionOf(infra)}`,
    store: build.ferretdbVersion
      ? `FerretDB ${build.ferretdbVersion} (MongoDB wire protocol ${build.version ?? '?'})`
      : `MongoDB ${build.version ?? 'unknown'}`,
    packages: Object.fromEntries(
      ['kafkajs', 'mongodb', 'mongoose', '@nestjs/core', '@nestjs/platform-express'].map((p) => [p, packageVersion(p)]),
    ),
    commit: commitOf(),
  };
}
