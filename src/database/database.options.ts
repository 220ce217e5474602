import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Which database a `DATABASE_URL` names. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** Parsed form of `DATABASE_URL`. */
export interface DatabaseLocation {
  kind: DatabaseKind;
  /** SQLite: a file path or `:memory:`; PostgreSQL: the whole URL. */
  target: string;
}

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

/**
 * The one source of TypeORM options, used by the app (DatabaseModule) and by the TypeORM CLI
 * (ormconfig.ts). Migrations run at start; `synchronize` is never on (accounts.md).
 * For a SQLite file, its folder is created when missing.
 */
export function buildDataSourceOptions(databaseUrl: string): DataSourceOptions {
  const location = parseDatabaseUrl(databaseUrl);
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
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
  return { ...common, type: 'postgres', url: location.target };
}
