import { DataSource } from 'typeorm';

/**
 * TypeORM's DataSource with the one mapping an entity cannot declare driver-neutrally:
 * entities declare timestamps as `Date`, which TypeORM maps to `datetime` on SQLite (what
 * the migrations create) but to `timestamp` without time zone on PostgreSQL, where the
 * migrations create `timestamptz`. Here they are `timestamptz` on PostgreSQL (read and written
 * as Dates all the same), so entities and migrations describe one schema (a test checks that
 * TypeORM's diff is empty).
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
}
