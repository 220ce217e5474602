import { buildDataSourceOptions, parseDatabaseUrl } from './database.options';

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

  it('never synchronises and always runs migrations, on both drivers', () => {
    for (const url of ['sqlite::memory:', 'postgres://postgres@127.0.0.1:5432/test']) {
      const options = buildDataSourceOptions(url);
      expect(options.synchronize).toBe(false);
      expect(options.migrationsRun).toBe(true);
    }
    expect(buildDataSourceOptions('sqlite::memory:').type).toBe('better-sqlite3');
    expect(buildDataSourceOptions('postgres://postgres@127.0.0.1/test').type).toBe('postgres');
  });
});
