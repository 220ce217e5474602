import { validateEnvironment } from '../config/env.validation';
import { buildDataSourceOptions, parseDatabaseUrl } from './database.options';

const settings = (env: Record<string, string>) => validateEnvironment({ NODE_ENV: 'test', ...env });

describe('database options', () => {
  it('parses the three forms of DATABASE_URL', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', target: ':memory:' });
    expect(parseDatabaseUrl('sqlite:data/x.sqlite')).toEqual({
      kind: 'sqlite',
      target: 'data/x.sqlite',
    });
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toEqual({
      kind: 'postgres',
      target: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/DATABASE_URL/);
  });

  it('never synchronises; migrations are applied by runMigrations, not by TypeORM itself', () => {
    for (const url of ['sqlite::memory:', 'postgres://postgres@127.0.0.1:5432/test']) {
      const options = buildDataSourceOptions(settings({ DATABASE_URL: url }));
      expect(options.synchronize).toBe(false);
      expect(options.migrationsRun).toBe(false);
    }
    expect(buildDataSourceOptions(settings({ DATABASE_URL: 'sqlite::memory:' })).type).toBe(
      'better-sqlite3',
    );
  });

  it('takes PostgreSQL pool, timeouts and TLS from the environment', () => {
    const options = buildDataSourceOptions(
      settings({
        DATABASE_URL: 'postgres://postgres@db.example/test',
        DATABASE_POOL_SIZE: '25',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '3000',
        DATABASE_TLS: 'require',
      }),
    );
    expect(options).toMatchObject({
      type: 'postgres',
      url: 'postgres://postgres@db.example/test',
      poolSize: 25,
      connectTimeoutMS: 1500,
      ssl: { rejectUnauthorized: false },
      extra: { statement_timeout: 3000 },
    });
    const verify = buildDataSourceOptions(
      settings({ DATABASE_URL: 'postgres://x@y/z', DATABASE_TLS: 'verify' }),
    );
    expect(verify).toMatchObject({ ssl: { rejectUnauthorized: true } });
  });
});
