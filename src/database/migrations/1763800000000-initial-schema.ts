import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './columns';

/** Users, client apps, and the hashed confirm and access tokens (docs/accounts.md, docs/client-app.md). */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.text('username'),
          c.text('username_canonical'),
          c.text('email', true),
          c.text('email_canonical', true),
          c.varchar('password_hash', 60),
          c.text('full_name', true),
          c.text('first_name', true),
          c.text('last_name', true),
          c.varchar('signup_channel', 16),
          c.varchar('client_id', 64, true),
          c.text('current_app', true),
          c.text('app_list', true),
          c.varchar('sign_up_status', 32),
          c.varchar('approval_status', 32),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
          c.timestamp('confirmed_at', true),
        ],
        indices: [
          // The database decides races between identical signups (docs/accounts.md, "Identifiers").
          new TableIndex({
            name: 'UQ_users_username_canonical',
            columnNames: ['username_canonical'],
            isUnique: true,
          }),
          // NULLs are distinct in unique indexes on both drivers: many users may have no email.
          new TableIndex({
            name: 'UQ_users_email_canonical',
            columnNames: ['email_canonical'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'client_apps',
        columns: [
          c.id(),
          c.varchar('client_id', 64),
          c.text('name'),
          c.text('redirect_uri', true),
          c.timestamp('created_at'),
          c.timestamp('revoked_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_client_apps_client_id',
            columnNames: ['client_id'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'confirm_tokens',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.varchar('token_hash', 64),
          c.timestamp('created_at'),
          c.timestamp('expires_at', true),
          c.timestamp('used_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({
            name: 'UQ_confirm_tokens_token_hash',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_confirm_tokens_user_id', columnNames: ['user_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'access_tokens',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.varchar('client_id', 64),
          c.varchar('token_hash', 64),
          c.timestamp('created_at'),
          c.timestamp('expires_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({
            name: 'UQ_access_tokens_token_hash',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_access_tokens_user_id', columnNames: ['user_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('access_tokens');
    await queryRunner.dropTable('confirm_tokens');
    await queryRunner.dropTable('client_apps');
    await queryRunner.dropTable('users');
  }
}
