import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columns } from './columns';

/**
 * `webhook_deliveries.lease_token`: the token of the claim that holds a delivery's lease. A
 * dispatcher records an attempt only where the token is still its own, so a late finish can
 * never overwrite what a later claim recorded (docs/events.md).
 */
export class DeliveryLeaseToken1764000000001 implements MigrationInterface {
  name = 'DeliveryLeaseToken1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.addColumn(
      'webhook_deliveries',
      new TableColumn(c.varchar('lease_token', 32, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('webhook_deliveries', 'lease_token');
  }
}
