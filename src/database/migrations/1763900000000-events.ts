import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './columns';

/** Webhook endpoints, the transactional outbox and its deliveries (docs/events.md). */
export class Events1763900000000 implements MigrationInterface {
  name = 'Events1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          c.id(),
          c.varchar('name', 128),
          c.text('url'),
          c.varchar('secret', 128),
          c.text('event_types', true),
          c.text('channels', true),
          c.timestamp('created_at'),
          c.timestamp('disabled_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_webhook_endpoints_name',
            columnNames: ['name'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox_events',
        columns: [
          c.id(),
          c.varchar('type', 32),
          c.integer('user_id'),
          c.text('payload'),
          c.timestamp('created_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.id(),
          c.integer('event_id'),
          c.integer('endpoint_id'),
          c.integer('user_id'),
          c.varchar('webhook_id', 64),
          c.varchar('status', 16),
          c.integer('attempts'),
          c.timestamp('next_attempt_at'),
          c.timestamp('lease_until', true),
          { name: 'last_status', type: 'integer', isNullable: true },
          c.text('last_error', true),
          c.timestamp('created_at'),
          c.timestamp('delivered_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['event_id'],
            referencedTableName: 'outbox_events',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['endpoint_id'],
            referencedTableName: 'webhook_endpoints',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({
            name: 'UQ_webhook_deliveries_event_endpoint',
            columnNames: ['event_id', 'endpoint_id'],
            isUnique: true,
          }),
          // The dispatcher's scan: pending rows by due time.
          new TableIndex({
            name: 'IDX_webhook_deliveries_due',
            columnNames: ['status', 'next_attempt_at'],
          }),
          new TableIndex({
            name: 'IDX_webhook_deliveries_order',
            columnNames: ['endpoint_id', 'user_id', 'status'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('outbox_events');
    await queryRunner.dropTable('webhook_endpoints');
  }
}
