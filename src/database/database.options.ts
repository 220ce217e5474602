import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { MIGRATIONS } from './migrations';

/** Which database a `DATABASE_URL` names. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** Parsed form of `DATABASE_URL`. */
export interface DatabaseLocation {
  kind: DatabaseKind;
  /** SQLite: a file path or `:memory:`; PostgreSQL: the whole URL. */
  target: string;
}

/** The settings the data source is built from (a subset of the validated environment). */
export type DatabaseSettings = Pick<
  EnvironmentVariables,
  | 'DATABASE_URL'
  | 'DATABASE_POOL_SIZE'
  | 'DATABASE_CONNECT_TIMEOUT_MS'
  | 'DATABASE_STATEMENT_TIMEOUT_MS'
  | 'DATABASE_TLS'
  | 'DATABASE_TLS_CA_FILE'
>;

/**
 * Parses `DATABASE_URL`: `sqlite:<path>` (relative to the working directory),
 * `sqlite::memory:`, or `postgres://…` / `postgresql://…`.
 * @throws Error for any other scheme.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', target: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', target: url };
  throw new Error(
    `DATABASE_URL must start with sqlite: or postgres://, got ${JSON.stringify(url)}`,
  );
}

function tls(settings: DatabaseSettings): false | { rejectUnauthorized: boolean; ca?: string } {
  if (settings.DATABASE_TLS === 'off') return false;
  if (settings.DATABASE_TLS === 'require') return { rejectUnauthorized: false };
  return settings.DATABASE_TLS_CA_FILE
    ? { rejectUnauthorized: true, ca: readFileSync(settings.DATABASE_TLS_CA_FILE, 'utf8') }
    : { rejectUnauthorized: true };
}

/**
 * The one source of TypeORM options, used by the app (DatabaseModule), the CLI and the TypeORM
 * CLI (ormconfig.ts). Entities are not listed here: the app loads those its modules register,
 * ormconfig.ts finds the entity files. `synchronize` is never on (docs/accounts.md); migrations are applied by
 * {@link runMigrations}. For a SQLite file, its folder is created when missing. On PostgreSQL
 * the pool size, the connect/acquire timeout, the statement timeout and TLS come from the
 * environment.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const location = parseDatabaseUrl(settings.DATABASE_URL);
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  } as const;
  if (location.kind === 'sqlite') {
    const database = location.target === ':memory:' ? ':memory:' : resolve(location.target);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // WAL lets readers (CLI, backups) work beside the service; wait, not fail, on a busy file.
      enableWAL: database !== ':memory:',
      timeout: 5000,
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: location.target,
    poolSize: settings.DATABASE_POOL_SIZE,
    // pg-pool applies this to new connections and to waiting for a free pooled one.
    connectTimeoutMS: settings.DATABASE_CONNECT_TIMEOUT_MS,
    ssl: tls(settings),
    applicationName: 'signup-gateway',
    extra: {
      statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
      // The same bound on the client's side: a frozen server (stopped, not shut down) never
      // answers, and only this ends the wait of a query on an open connection.
      query_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
      // Idle connections are closed, so a restarted server is reconnected to cleanly.
      idleTimeoutMillis: 30000,
    },
  };
}

/** Key of the advisory lock that serialises migrations across instances (any fixed bigint). */
export const MIGRATION_LOCK_KEY = 7310592024;

/**
 * Applies pending migrations, each in its own transaction. On PostgreSQL, under a session
 * advisory lock, so that instances starting together do not race: the first applies them,
 * the others wait and then find nothing to do.
 * @returns the names of the migrations applied
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
