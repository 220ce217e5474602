import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Which database this e2e project runs on (jest.config.js sets TEST_DATABASE). */
export const TEST_DB_KIND: 'sqlite' | 'postgres' =
  process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** Where test databases are created (a server reached with trust auth). */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Prefix of every database this test run creates, so the run can drop them all at the end. */
export const RUN_PREFIX = `sg_${process.env.SG_TEST_RUN ?? 'local'}_`;

let counter = 0;

/** `postgres://…/<name>` on the admin server. */
export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database for one app under test (or the benchmark): on SQLite in memory (or a
 * file when `file`), on PostgreSQL a database of its own, created here and dropped by
 * {@link dropDatabase}. The kind is this e2e project's unless given.
 */
export async function freshDatabaseUrl(
  options: { file?: boolean; kind?: 'sqlite' | 'postgres' } = {},
): Promise<string> {
  if ((options.kind ?? TEST_DB_KIND) === 'sqlite') {
    return options.file
      ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'sg-')), 'db.sqlite')}`
      : 'sqlite::memory:';
  }
  counter += 1;
  const name = `${RUN_PREFIX}${process.pid}_${counter}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return postgresUrl(name);
}

/** Drops a database made by {@link freshDatabaseUrl} (nothing to do on SQLite). */
export async function dropDatabase(url: string): Promise<void> {
  if (!url.startsWith('postgres')) return;
  const name = new URL(url).pathname.slice(1);
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database of this run (jest global teardown). */
export async function dropRunDatabases(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${RUN_PREFIX}%`],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`, so tests write one SQL for both databases. */
export function dialectSql(sql: string, kind: 'sqlite' | 'postgres'): string {
  if (kind === 'sqlite') return sql;
  let index = 0;
  return sql.replace(/\?/g, () => `$${(index += 1)}`);
}

function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Rows as SQLite shows them, so assertions hold on both databases: timestamps as
 * `YYYY-MM-DD HH:MM:SS.SSS` (UTC) and `COUNT(*) AS n` as a number.
 */
export function normaliseRows<T>(rows: unknown): T {
  if (!Array.isArray(rows)) return rows as T;
  return rows.map((row: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Date) out[key] = sqliteTimestamp(value);
      else if (key === 'n' && typeof value === 'string' && /^\d+$/.test(value))
        out[key] = Number(value);
      else out[key] = value;
    }
    return out;
  }) as T;
}

/**
 * Runs one read-only query on a database by URL, outside any app (for tests whose service
 * runs in another process). SQL with `?` placeholders; rows as SQLite shows them.
 */
export async function queryDatabase<T = Array<Record<string, unknown>>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T;
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return normaliseRows<T>((await client.query(dialectSql(sql, 'postgres'), params)).rows);
  } finally {
    await client.end();
  }
}
