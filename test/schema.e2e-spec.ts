import { createTestApp, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';

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
