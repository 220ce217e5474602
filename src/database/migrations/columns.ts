import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column helpers that keep the migration driver-neutral: TypeORM's Table API writes the SQL
 * for each driver; only the timestamp type differs (SQLite `datetime` as UTC text,
 * PostgreSQL `timestamptz`).
 */
export function columns(queryRunner: QueryRunner) {
  const isPostgres = queryRunner.connection.driver.options.type === 'postgres';
  const timestamp = isPostgres ? 'timestamptz' : 'datetime';
  return {
    id: (): TableColumnOptions => ({
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
    text: (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable,
    }),
    varchar: (name: string, length: number, isNullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    }),
    integer: (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false }),
    timestamp: (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: timestamp,
      isNullable,
    }),
  };
}
