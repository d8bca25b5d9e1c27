// The native store's PostgreSQL backend (infra/native.mjs, infra/postgres.mjs, ADR 0012), on a
// private store of this file's own (a temporary INFRA_HOME, free ports, no Kafka): the cluster is
// private, FerretDB's indexes get GIN twins that point lookups use, an update command larger than
// FerretDB's default pool does not wedge it, and up/status/down keep the data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { freePort, repoRoot } from '#testing';

interface NativeConfig {
  readonly home: string;
  readonly run: string;
  readonly backend: string;
  readonly mongoUri: string;
  readonly postgresBin?: string;
  readonly postgresPort: number;
  readonly postgresData: string;
  readonly postgresSocketDir: string;
}

interface StatusRow {
  readonly name: string;
  readonly ok: boolean;
  readonly pid?: number;
  readonly at: string;
}

interface NativeModule {
  nativeConfig(env: Record<string, string | undefined>): NativeConfig;
  up(cfg: NativeConfig, opts: { kafka: boolean }): Promise<{ mongoUri: string; store: string }>;
  status(cfg: NativeConfig, opts: { kafka: boolean }): Promise<StatusRow[]>;
  down(cfg: NativeConfig): Promise<void>;
}

const native = (await import(pathToFileURL(path.join(repoRoot(), 'infra', 'native.mjs')).href)) as NativeModule;
const probe = native.nativeConfig({ ...process.env, NATIVE_FERRETDB_BACKEND: 'postgresql' });
const skip =
  probe.postgresBin === undefined && process.env.CI !== 'true'
    ? 'PostgreSQL is not installed (apt-get install postgresql)'
    : false;

/** One SQL statement as the cluster's superuser through its private socket; rows as `a|b` lines. */
function psql(cfg: NativeConfig, sql: string, database = 'ferretdb'): string[] {
  const r = spawnSync(
    path.join(cfg.postgresBin!, 'psql'),
    ['-X', '-A', '-t', '-h', cfg.postgresSocketDir, '-p', String(cfg.postgresPort), '-U', 'postgres', '-d', database],
    { input: sql, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `psql failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((line) => line.length > 0);
}

/** Every index name the plan FerretDB's explain returns uses (PostgreSQL's EXPLAIN, as JSON). */
function indexNames(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(indexNames);
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node['Index Name'] === 'string' ? [node['Index Name']] : [];
  return [...own, ...Object.values(node).flatMap(indexNames)];
}

describe('native store on PostgreSQL', { skip }, () => {
  let home: string;
  let cfg: NativeConfig;
  let conn: Connection;
  const dbName = 'provisioning';

  const connect = async (): Promise<Connection> =>
    mongoose.createConnection(cfg.mongoUri, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  const explainedIndexes = async (filter: Record<string, unknown>): Promise<string[]> => {
    const explained = await conn.db!.command({ explain: { find: 'commits', filter } });
    return indexNames(explained.queryPlanner);
  };
  /** The table FerretDB keeps a collection in: `<collection>_<hash>` in the database's schema. */
  const tableOf = (collection: string): string => {
    const [table] = psql(
      cfg,
      `SELECT tablename FROM pg_tables WHERE schemaname = '${dbName}' AND tablename LIKE '${collection}\\_%'`,
    );
    assert.ok(table, `no table for ${collection}`);
    return table;
  };

  before(async () => {
    // mkdtemp makes a folder only root enters: `up` must open it for the cluster's OS user.
    home = await mkdtemp(path.join(os.tmpdir(), 'native-postgres-'));
    cfg = native.nativeConfig({
      ...process.env,
      INFRA_HOME: home,
      NATIVE_FERRETDB_BACKEND: 'postgresql',
      NATIVE_FERRETDB_PORT: String(await freePort()),
      NATIVE_POSTGRES_PORT: String(await freePort()),
    });
    const { store } = await native.up(cfg, { kafka: false });
    assert.match(store, /PostgreSQL/);
    conn = await connect();
  });

  after(async () => {
    await conn?.close(true).catch(() => {});
    if (cfg) await native.down(cfg);
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('runs a cluster of its own: its port, its data folder under INFRA_HOME, loopback and a private socket', () => {
    const [settings] = psql(
      cfg,
      `SELECT concat_ws('|', current_setting('port'), current_setting('data_directory'),
                        current_setting('listen_addresses'), current_setting('max_connections'),
                        current_setting('plan_cache_mode'), current_setting('server_encoding'),
                        (SELECT datcollate FROM pg_database WHERE datname = 'ferretdb'))`,
    );
    assert.deepEqual(settings?.split('|'), [
      String(cfg.postgresPort),
      cfg.postgresData,
      '127.0.0.1',
      '500',
      'force_custom_plan',
      'UTF8',
      'C',
    ]);
    assert.ok(cfg.postgresData.startsWith(home + path.sep));
    assert.equal(statSync(cfg.postgresSocketDir).mode & 0o777, 0o700);
  });

  it('gives the _id index and a declared index GIN twins that point lookups use, and drops a twin with its index', async () => {
    const commits = conn.collection('commits');
    await commits.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ _id: `s${i}@1` as never, streamId: `s${i}`, firstVersion: 1 })),
    );
    await commits.createIndex({ streamId: 1, firstVersion: 1 }, { unique: true, name: 'stream_version' });
    const table = tableOf('commits');
    const gins = psql(
      cfg,
      `SELECT indexdef FROM pg_indexes WHERE schemaname = '${dbName}' AND tablename = '${table}'
          AND indexdef LIKE '%USING gin%' ORDER BY indexname`,
    );
    assert.equal(gins.length, 2, gins.join('\n'));
    assert.ok(gins.some((d) => d.includes(`((_jsonb -> '_id'::text)) jsonb_path_ops`)));
    assert.ok(
      gins.some((d) =>
        d.includes(`((_jsonb -> 'streamId'::text)) jsonb_path_ops, ((_jsonb -> 'firstVersion'::text)) jsonb_path_ops`),
      ),
    );

    const byId = await explainedIndexes({ _id: 's1500@1' });
    const byStream = await explainedIndexes({ streamId: 's1500' });
    assert.equal(byId.length, 1, `a lookup by _id uses no index: ${JSON.stringify(byId)}`);
    assert.match(byId[0]!, /_gin$/);
    assert.equal(byStream.length, 1, `a lookup by streamId uses no index: ${JSON.stringify(byStream)}`);
    assert.match(byStream[0]!, /_gin$/);
    assert.notEqual(byId[0], byStream[0]);
    assert.equal((await commits.findOne({ _id: 's1500@1' as never }))?.streamId, 's1500');

    await commits.dropIndex('stream_version');
    const left = psql(
      cfg,
      `SELECT indexname FROM pg_indexes WHERE schemaname = '${dbName}' AND tablename = '${table}' AND indexdef LIKE '%USING gin%'`,
    );
    assert.deepEqual(left, [byId[0]]);
  });

  it('answers an update command of 100 matching statements (FerretDB’s default pool of 50 hangs on it)', async () => {
    // A connection of its own, closed by force: a wedged FerretDB never answers a polite close.
    const own = await connect();
    const result = await Promise.race([
      own.collection('commits').bulkWrite(
        Array.from({ length: 100 }, (_, i) => ({
          updateOne: { filter: { _id: `s${i}@1` as never }, update: { $set: { published: true } } },
        })),
        { ordered: false },
      ),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the bulkWrite did not answer in 60 s: FerretDB is wedged')), 60_000).unref(),
      ),
    ]).finally(() => own.close(true));
    assert.equal(result.modifiedCount, 100);
  });

  it('reports the cluster in status, stops it with down, and reuses its data folder on the next up', async () => {
    const running = await native.status(cfg, { kafka: false });
    assert.deepEqual(
      running.map((r) => [r.name, r.ok]),
      [
        ['postgres', true],
        ['ferretdb', true],
      ],
    );
    const pgRow = running.find((r) => r.name === 'postgres')!;
    assert.ok(pgRow.pid !== undefined && pgRow.at.includes(String(cfg.postgresPort)));
    const cluster = psql(cfg, "SELECT current_setting('data_directory')")[0];

    await conn.close(true);
    await native.down(cfg);
    const stopped = await native.status(cfg, { kafka: false });
    assert.deepEqual(
      stopped.map((r) => [r.name, r.ok, r.pid]),
      [
        ['postgres', false, undefined],
        ['ferretdb', false, undefined],
      ],
    );
    assert.equal(existsSync(path.join(cfg.postgresData, 'postmaster.pid')), false, 'PostgreSQL still runs');

    await native.up(cfg, { kafka: false });
    conn = await connect();
    assert.equal(psql(cfg, "SELECT current_setting('data_directory')")[0], cluster);
    assert.equal(await conn.collection('commits').countDocuments({ published: true }), 100);
    assert.match((await explainedIndexes({ _id: 's7@1' }))[0] ?? 'no index', /_gin$/);
  });
});
