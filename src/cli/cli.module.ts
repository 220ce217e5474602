import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ClientApp } from '../client-app/client-app.entity';
import { ClientAppsService } from '../client-app/client-apps.service';
import { ClockModule } from '../common/clock.module';
import { MetricsModule } from '../metrics/metrics.module';
import { appConfigModule } from '../config/config.module';
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
import {
  UsersApproveCommand,
  UsersCommand,
  UsersListCommand,
  UsersRejectCommand,
  UsersShowCommand,
} from './users.command';
import { WEBHOOK_COMMANDS } from './webhooks.command';

/**
 * The operator CLI: the app's own services on the same database, without the HTTP dialects.
 * ClientAppsService is provided here directly, since ClientAppModule also mounts routes.
 */
@Module({
  imports: [
    appConfigModule(process.env),
    ClockModule,
    MetricsModule,
    DatabaseModule,
    AccountsModule,
    EventsModule,
    TypeOrmModule.forFeature([ClientApp]),
  ],
  providers: [
    CliExitPolicy,
    ClientAppsService,
    UsersCommand,
    UsersListCommand,
    UsersShowCommand,
    UsersApproveCommand,
    UsersRejectCommand,
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
