import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { appConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CliExitPolicy } from './cli-exit-policy';
import {
  UsersApproveCommand,
  UsersCommand,
  UsersListCommand,
  UsersRejectCommand,
  UsersShowCommand,
} from './users.command';

/** The operator CLI: the app's own modules, without the HTTP dialects. */
@Module({
  imports: [appConfigModule(process.env), DatabaseModule, AccountsModule],
  providers: [
    CliExitPolicy,
    UsersCommand,
    UsersListCommand,
    UsersShowCommand,
    UsersApproveCommand,
    UsersRejectCommand,
  ],
})
export class CliModule {}
