import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows per statement: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const ROWS_PER_INSERT = 500;

/**
 * Inserts many rows of an entity with multi-row `INSERT … VALUES` statements of at most
 * {@link ROWS_PER_INSERT} rows, in the caller's transaction. Values go through the driver's
 * own conversion of each column (dates, simple-json), so the rows read back exactly as
 * TypeORM's own insert would have written them; generated columns (the id) are left to the
 * database and not read back. TypeORM's insert query builder spent most of an import's CPU
 * on its parameter bookkeeping (docs/performance.md, "Import").
 * @param rows plain objects keyed by the entity's property names; a missing property is NULL
 * @throws QueryFailedError from the database (a unique violation included)
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((column) => !column.isGenerated);
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  const postgres = driver.options.type === 'postgres';
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const part = rows.slice(start, start + ROWS_PER_INSERT);
    const values: unknown[] = [];
    const tuples = part.map((row) => {
      const marks = columns.map((column) => {
        const value = row[column.propertyName as keyof T] ?? null;
        values.push(value === null ? null : driver.preparePersistentValue(value, column));
        return postgres ? `$${values.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}
