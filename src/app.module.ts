import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from './accounts/accounts.module';
import { ClientAppModule } from './client-app/client-app.module';
import { validateEnvironment } from './config/env.validation';
import { DatabaseModule } from './database/database.module';
import { MillinerModule } from './milliner/milliner.module';
import { SsoModule } from './sso/sso.module';

/**
 * The whole service: validated configuration, the one database, the account store and the
 * three dialects. The environment is read and validated when the module is built.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
    DatabaseModule,
    AccountsModule,
    MillinerModule,
    SsoModule,
    ClientAppModule,
  ],
})
export class AppModule {}
