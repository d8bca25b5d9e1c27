// The private PostgreSQL cluster under the native FerretDB (infra/native.mjs, ADR 0012): Debian's
// PostgreSQL binaries, one cluster per INFRA_HOME, on its own loopback port, with the GIN twins that
// let FerretDB's queries use the indexes the product declares.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The database FerretDB keeps every MongoDB database in (one PostgreSQL schema per database). */
export const FERRETDB_DATABASE = 'ferretdb';
/** The login FerretDB uses: owns its database, not a superuser. */
export const FERRETDB_ROLE = 'ferretdb';
/** The cluster's superuser, reached only through the unix socket in a folder only its OS user enters. */
export const SUPERUSER = 'postgres';
/** Where the twin-making functions live: a schema without FerretDB's metadata table, so no MongoDB database. */
export const TWIN_SCHEMA = 'land_bureau_infra';

/**
 * Connections. FerretDB 1.24 keeps one pooled connection per matching statement of an update
 * command until the command ends, and its pool is shared by every client of the process: with its
 * default of 50, one bulkWrite of 50 matching updates (or a few smaller ones side by side) waits
 * for a connection nobody will give back, and the whole server hangs. The product's largest update
 * command is 25 statements (the relay's bulkWrite, ADR 0006); six services and the test files share
 * one FerretDB, so 450 lets eighteen such commands run at once. The cluster allows 500 so the pool
 * can always fill and the provisioning and a debugging psql still get in (PostgreSQL 15 keeps its
 * semaphores in shared memory: no kernel limit to raise; ~10 MB more lock table). An idle pooled
 * connection is a PostgreSQL process: FerretDB closes it after a minute (`pool_max_conn_idle_time`,
 * which FerretDB only applies when the URL names it; pgx's default is 30 minutes).
 */
export const FERRETDB_POOL_MAX_CONNS = 450;
export const POSTGRES_MAX_CONNECTIONS = 500;

/**
 * Debian installs each major version under /usr/lib/postgresql/<major>/bin, outside PATH:
 * NATIVE_POSTGRES_BIN, else the newest such folder, else a `postgres` found on PATH.
 */
export function findPostgresBin(env = process.env) {
  if (env.NATIVE_POSTGRES_BIN) return path.resolve(env.NATIVE_POSTGRES_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors.length) return path.join(debian, majors[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return path.dirname(which.stdout.trim());
  return undefined;
}

/**
 * PostgreSQL refuses to run as root. As root the cluster runs as NATIVE_POSTGRES_OS_USER (the
 * `postgres` user Debian's package makes); as anyone else, as that user.
 */
export function clusterOwner(env = process.env) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = env.NATIVE_POSTGRES_OS_USER ?? 'postgres';
  const id = (flag) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const [u, g] = [id('-u'), id('-g')];
  if (u.status !== 0 || g.status !== 0) return { name, missing: true };
  return { name, uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * The server's settings, on its command line so they hold whatever the data folder's
 * postgresql.conf says: loopback TCP and a private socket only; FerretDB's locale needs (the
 * cluster is made with C/UTF8, see initdbArgs); custom plans, because FerretDB sends
 * `_jsonb->$1 @> $2` and only a plan made for the actual key can match an index on `_jsonb->'key'`.
 */
export function postgresServerArgs(cfg) {
  return [
    '-D',
    cfg.postgresData,
    '-p',
    String(cfg.postgresPort),
    '-c',
    `listen_addresses=${cfg.host}`,
    '-c',
    `unix_socket_directories=${cfg.postgresSocketDir}`,
    '-c',
    'unix_socket_permissions=0700',
    '-c',
    `max_connections=${POSTGRES_MAX_CONNECTIONS}`,
    '-c',
    'plan_cache_mode=force_custom_plan',
    '-c',
    'logging_collector=off',
    '-c',
    'log_min_messages=warning',
  ];
}

/**
 * FerretDB refuses a cluster that is not UTF8 with a C/POSIX/C.UTF8/en_US.UTF8 locale. The
 * pg_hba.conf initdb writes is replaced by pgHbaConf() before the server first starts.
 */
export function initdbArgs(cfg) {
  return ['-D', cfg.postgresData, '-U', SUPERUSER, '--encoding=UTF8', '--locale=C', '--auth=trust'];
}

/**
 * Who may connect: the superuser only through the unix socket, whose folder (mode 0700) only the
 * cluster's OS user and root can enter; FerretDB's login with its password over loopback TCP,
 * to its own database only.
 */
export function pgHbaConf() {
  return [
    '# Rendered by infra/native.mjs (infra/postgres.mjs).',
    '# TYPE  DATABASE  USER  ADDRESS  METHOD',
    `local   all  ${SUPERUSER}  trust`,
    `host    ${FERRETDB_DATABASE}  ${FERRETDB_ROLE}  127.0.0.1/32  scram-sha-256`,
    '',
  ].join('\n');
}

/** FerretDB's connection string; the password goes in FerretDB's environment, never its command line. */
export function ferretdbPostgresUrl(cfg, password) {
  const auth = `${FERRETDB_ROLE}:${encodeURIComponent(password)}`;
  return `postgres://${auth}@${cfg.host}:${cfg.postgresPort}/${FERRETDB_DATABASE}?pool_max_conns=${FERRETDB_POOL_MAX_CONNS}&pool_max_conn_idle_time=1m`;
}

/** A SQL string literal. */
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;

/**
 * Idempotent set-up, run as the superuser on every `up`: FerretDB's login and database, and the
 * GIN twins.
 *
 * FerretDB makes each index as a btree on `((_jsonb -> 'field'))` (the `_id` index too) and
 * queries with `_jsonb -> $1 @> $2`, which a btree cannot answer: every lookup was a sequential
 * scan. A GIN `jsonb_path_ops` index on the same expression answers `@>`. An event trigger on
 * CREATE INDEX gives every such btree its twin (one GIN index over the same key expressions; a
 * multicolumn GIN index serves a condition on any of its columns), and dropping the btree drops
 * its twin. Keys on a dotted path are left out: FerretDB indexes `_jsonb -> 'a' -> 'b'` but queries
 * `_jsonb #> '{a,b}'`, which no index on the former answers. fastupdate is off: with a pending
 * list every lookup also scans the list, and each document adds one entry per key anyway.
 */
export function provisionSql(password) {
  const s = TWIN_SCHEMA;
  return `
\\set ON_ERROR_STOP on
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(FERRETDB_ROLE)}) THEN
    CREATE ROLE ${FERRETDB_ROLE} LOGIN;
  END IF;
END $$;
ALTER ROLE ${FERRETDB_ROLE} PASSWORD ${literal(password)};
SELECT 'CREATE DATABASE ${FERRETDB_DATABASE} OWNER ${FERRETDB_ROLE} ENCODING ''UTF8'' LC_COLLATE ''C'' LC_CTYPE ''C'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${literal(FERRETDB_DATABASE)}) \\gexec
\\connect ${FERRETDB_DATABASE}
CREATE SCHEMA IF NOT EXISTS ${s};
GRANT USAGE ON SCHEMA ${s} TO ${FERRETDB_ROLE};

-- The twin's name: readable, and distinct for every index name (PostgreSQL keeps 63 bytes).
CREATE OR REPLACE FUNCTION ${s}.gin_twin_name(index_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $f$ SELECT left(index_name, 40) || '_' || left(md5(index_name), 8) || '_gin' $f$;

-- Gives a btree index on top-level document fields its GIN twin (nothing for any other index).
CREATE OR REPLACE FUNCTION ${s}.add_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $f$
DECLARE
  i record;
  keys text;
BEGIN
  SELECT n.nspname AS schema_name, c.relname AS index_name, t.relname AS table_name,
         am.amname, x.indnkeyatts
    INTO i
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am am ON am.oid = c.relam
   WHERE x.indexrelid = index_oid;
  IF NOT FOUND OR i.amname <> 'btree' OR i.table_name = '_ferretdb_database_metadata' THEN
    RETURN;
  END IF;
  SELECT string_agg(format('(%s) jsonb_path_ops', def), ', ' ORDER BY k)
    INTO keys
    FROM (SELECT k, pg_get_indexdef(index_oid, k, true) AS def
            FROM generate_series(1, i.indnkeyatts) AS k) AS columns
   WHERE def ~ $re$^\\(_jsonb -> '([^']|'')*'::text\\)$$re$;
  IF keys IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s) WITH (fastupdate = off)',
                 ${s}.gin_twin_name(i.index_name), i.schema_name, i.table_name, keys);
END
$f$;

CREATE OR REPLACE FUNCTION ${s}.on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $f$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT objid FROM pg_event_trigger_ddl_commands()
            WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM ${s}.add_gin_twin(c.objid);
  END LOOP;
END
$f$;

CREATE OR REPLACE FUNCTION ${s}.on_drop_index() RETURNS event_trigger
LANGUAGE plpgsql AS $f$
DECLARE
  d record;
BEGIN
  FOR d IN SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects()
            WHERE object_type = 'index' AND original AND object_name NOT LIKE '%\\_gin' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', d.schema_name, ${s}.gin_twin_name(d.object_name));
  END LOOP;
END
$f$;

DROP EVENT TRIGGER IF EXISTS gin_twin_on_create;
CREATE EVENT TRIGGER gin_twin_on_create ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION ${s}.on_create_index();
DROP EVENT TRIGGER IF EXISTS gin_twin_on_drop;
CREATE EVENT TRIGGER gin_twin_on_drop ON sql_drop WHEN TAG IN ('DROP INDEX')
  EXECUTE FUNCTION ${s}.on_drop_index();

-- Indexes made before the trigger existed (a data folder from an earlier version) get theirs now.
SELECT count(${s}.add_gin_twin(x.indexrelid)) AS twins_checked
  FROM pg_index x
  JOIN pg_class c ON c.oid = x.indexrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', ${literal(s)});
`;
}
