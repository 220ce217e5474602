import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ClientAppRegistryModule } from '../client-app/client-app-registry.module';
import { ClockModule } from '../common/clock.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RedisModule } from '../redis/redis.module';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { EventsModule } from '../events/events.module';
import { CliExitPolicy } from './cli-exit-policy';
import { DbCommand, DbMigrateCommand } from './db.command';
import {
  ClientsCommand,
  ClientsCreateCommand,
  ClientsListCommand,
  ClientsRevokeCommand,
} from './clients.command';
import { USER_COMMANDS } from './users.command';
import { WEBHOOK_COMMANDS } from './webhooks.command';

/**
 * The operator CLI: the app's own modules on the same database, without the HTTP dialects
 * (the client registry without the ClientApp routes).
 */
@Module({
  imports: [
    AppConfigModule.forRoot(process.env),
    ClockModule,
    MetricsModule,
    RedisModule,
    DatabaseModule,
    AccountsModule,
    EventsModule,
    ClientAppRegistryModule,
  ],
  providers: [
    CliExitPolicy,
    ...USER_COMMANDS,
    ClientsCommand,
    ClientsCreateCommand,
    ClientsListCommand,
    ClientsRevokeCommand,
    ...WEBHOOK_COMMANDS,
    DbCommand,
    DbMigrateCommand,
  ],
})
export class CliModule {}
