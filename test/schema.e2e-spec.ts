import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';

/**
 * The migrations are the schema; the entities must describe the same one. After migrating an
 * empty database, TypeORM's schema diff against the entities (what `migration:generate
 * --check` checks) must be empty, so an entity that drifts from its migration fails CI.
 */
describe(`schema drift: migrations against entities (${TEST_DB_KIND})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('registers every entity of the app (autoLoadEntities from the feature modules)', () => {
    expect(t.db.entityMetadatas.map((entity) => entity.tableName).sort()).toEqual([
      'access_tokens',
      'client_apps',
      'confirm_tokens',
      'outbox_events',
      'users',
      'webhook_deliveries',
      'webhook_endpoints',
    ]);
  });

  it('finds nothing to change after the migrations ran', async () => {
    const diff = await t.db.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((query) => query.query)).toEqual([]);
  });
});

describe(`the latest migration down and up again (${TEST_DB_KIND})`, () => {
  let t: TestApp;
  const count = async (table: string) =>
    Number((await t.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps users and their tokens both ways, and refuses to narrow a longer imported hash', async () => {
    const signup = await request(t.http)
      .post('/sign-up')
      .send({ username: 'yak-migrated', password: 'correct-horse-battery', client_id: DEMO })
      .expect(200);
    expect(signup.body.access_token).toEqual(expect.any(String));
    const before = { users: await count('users'), tokens: await count('access_tokens') };
    expect(before.tokens).toBeGreaterThan(0);

    await t.db.undoLastMigration({ transaction: 'all' });
    const columns = await t.db.createQueryRunner().getTable('users');
    expect(columns?.findColumnByName('password_input')).toBeUndefined();
    expect({ users: await count('users'), tokens: await count('access_tokens') }).toEqual(before);

    await t.db.runMigrations({ transaction: 'all' });
    expect({ users: await count('users'), tokens: await count('access_tokens') }).toEqual(before);
    const [row] = await t.query<Array<{ password_input: string }>>(
      "SELECT password_input FROM users WHERE username = 'yak-migrated'",
    );
    expect(row.password_input).toBe('nfkc-prehash');
    const diff = await t.db.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((query) => query.query)).toEqual([]);

    const pbkdf2 = `$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$${'A'.repeat(86)}`;
    await t.query("UPDATE users SET password_hash = ? WHERE username = 'yak-migrated'", [pbkdf2]);
    await expect(t.db.undoLastMigration({ transaction: 'all' })).rejects.toThrow(
      /longer than 60 characters/,
    );
    expect(t.db.migrations.length).toBeGreaterThan(0);
    const [kept] = await t.query<Array<{ password_hash: string }>>(
      "SELECT password_hash FROM users WHERE username = 'yak-migrated'",
    );
    expect(kept.password_hash).toBe(pbkdf2);
  });
});
