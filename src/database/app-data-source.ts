import { DataSource, Migration } from 'typeorm';

type MigrationOptions = Parameters<DataSource['runMigrations']>[0];

/**
 * TypeORM's DataSource with the one mapping an entity cannot declare driver-neutrally:
 * entities declare timestamps as `Date`, which TypeORM maps to `datetime` on SQLite (what
 * the migrations create) but to `timestamp` without time zone on PostgreSQL, where the
 * migrations create `timestamptz`. Here they are `timestamptz` on PostgreSQL (read and written
 * as Dates all the same), so entities and migrations describe one schema (a test checks that
 * TypeORM's diff is empty).
 * On SQLite it also runs migrations with foreign keys off ({@link runMigrations}).
 * The app, the CLI and ormconfig.ts all use this class.
 */
export class AppDataSource extends DataSource {
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.options.type !== 'postgres') return;
    for (const entity of this.entityMetadatas) {
      for (const column of entity.columns) {
        if (column.type === Date) column.type = 'timestamptz';
      }
    }
  }

  /**
   * TypeORM's, with foreign keys off on SQLite, as SQLite's documentation asks for table
   * rebuilds (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
   * TypeORM changes a SQLite column by rebuilding its table, and with foreign keys on, the
   * rebuild's `DROP TABLE users` cascades and deletes every token. Here, not in the callers,
   * so that the TypeORM CLI (ormconfig.ts) is as safe as `db migrate`.
   * @throws Error naming the table of a foreign key violation the migrations left behind
   */
  override runMigrations(options?: MigrationOptions): Promise<Migration[]> {
    return this.withSqliteForeignKeysOff(() => super.runMigrations(options));
  }

  /** TypeORM's, with foreign keys off on SQLite (see {@link runMigrations}). */
  override undoLastMigration(options?: MigrationOptions): Promise<void> {
    return this.withSqliteForeignKeysOff(() => super.undoLastMigration(options));
  }

  /**
   * The pragma is a no-op inside a transaction, so it is set before the migrations begin
   * theirs; afterwards `PRAGMA foreign_key_check` must find nothing.
   */
  private async withSqliteForeignKeysOff<T>(work: () => Promise<T>): Promise<T> {
    if (this.options.type !== 'better-sqlite3') return work();
    await this.query('PRAGMA foreign_keys = OFF');
    try {
      const result = await work();
      const violations = await this.query<Array<{ table: string }>>('PRAGMA foreign_key_check');
      if (violations.length > 0) {
        throw new Error(`Foreign key violation in ${violations[0].table} after migrating`);
      }
      return result;
    } finally {
      await this.query('PRAGMA foreign_keys = ON');
    }
  }
}
