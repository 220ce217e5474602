import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { skeleton } from '../../common/confusables';
import { columns } from './columns';

/** Users are read and updated this many at a time during the backfill. */
const BATCH = 1000;

/**
 * `users.username_skeleton`: the UTS 39 skeleton of the canonical username, unique, so that
 * look-alike usernames (`rооt` with Cyrillic `о`, `admın`) are one username
 * (docs/accounts.md, "Identifiers"). Existing users are backfilled; where two existing users
 * already look alike, the older keeps the skeleton and each younger one is left without one
 * (NULL, which the unique index allows) and reported, for an operator to resolve.
 */
export class UsernameSkeleton1764000000000 implements MigrationInterface {
  name = 'UsernameSkeleton1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.addColumn('users', new TableColumn(c.text('username_skeleton', true)));
    const p = (n: number) =>
      queryRunner.connection.driver.options.type === 'postgres' ? `$${n}` : '?';
    const owners = new Map<string, number>();
    const collisions: string[] = [];
    for (let lastId = 0; ;) {
      const rows = (await queryRunner.query(
        `SELECT id, username_canonical FROM users WHERE id > ${p(1)} ORDER BY id LIMIT ${BATCH}`,
        [lastId],
      )) as Array<{ id: number; username_canonical: string }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        const value = skeleton(row.username_canonical);
        const owner = owners.get(value);
        if (owner === undefined) {
          owners.set(value, row.id);
          await queryRunner.query(
            `UPDATE users SET username_skeleton = ${p(1)} WHERE id = ${p(2)}`,
            [value, row.id],
          );
        } else {
          collisions.push(`user ${row.id} looks like user ${owner}`);
        }
      }
      lastId = rows[rows.length - 1].id;
    }
    if (collisions.length > 0) {
      new Logger('Migration').warn(
        `${collisions.length} existing usernames look like older ones and got no skeleton: ${collisions.join('; ')}`,
      );
    }
    await queryRunner.createIndex(
      'users',
      new TableIndex({
        name: 'UQ_users_username_skeleton',
        columnNames: ['username_skeleton'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'UQ_users_username_skeleton');
    await queryRunner.dropColumn('users', 'username_skeleton');
  }
}
