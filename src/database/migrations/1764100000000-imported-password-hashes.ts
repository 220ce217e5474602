import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columns } from './columns';

/**
 * Imported password hashes (docs/accounts.md, "Moving users"): `users.password_hash` widens
 * from bcrypt's 60 characters to 255 (pbkdf2-sha512 strings are 130 and more, argon2id about
 * 100), and `users.password_input` says what a hash was computed from: `nfkc-prehash` (every
 * existing row: this service's own) or `raw` (imported). `down()` fails while a hash longer
 * than 60 characters is stored, rather than cutting one.
 */
export class ImportedPasswordHashes1764100000000 implements MigrationInterface {
  name = 'ImportedPasswordHashes1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await setHashLength(queryRunner, 255);
    await queryRunner.addColumn(
      'users',
      new TableColumn({ ...c.varchar('password_input', 16), default: "'nfkc-prehash'" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const long = (await queryRunner.query(
      'SELECT 1 FROM users WHERE LENGTH(password_hash) > 60 LIMIT 1',
    )) as unknown[];
    if (long.length > 0) {
      throw new Error(
        'Imported password hashes longer than 60 characters are stored; cannot narrow the column',
      );
    }
    await queryRunner.dropColumn('users', 'password_input');
    await setHashLength(queryRunner, 60);
  }
}

/**
 * Sets the length of `users.password_hash`, keeping every value. TypeORM's `changeColumn`
 * drops and re-adds a PostgreSQL column whose length changes (losing the hashes), so
 * PostgreSQL gets `ALTER COLUMN … TYPE`; SQLite has no such statement and TypeORM rebuilds
 * the table (AppDataSource turns foreign keys off around migrations, or the rebuild's DROP TABLE
 * would cascade to every token).
 */
async function setHashLength(queryRunner: QueryRunner, length: number): Promise<void> {
  if (queryRunner.connection.driver.options.type === 'postgres') {
    await queryRunner.query(`ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(${length})`);
    return;
  }
  await queryRunner.changeColumn(
    'users',
    'password_hash',
    new TableColumn(columns(queryRunner).varchar('password_hash', length)),
  );
}
