import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { RetentionModule } from './accounts/retention.module';
import { ClientAppModule } from './client-app/client-app.module';
import { ClockModule } from './common/clock.module';
import { AppConfigModule } from './config/config.module';
import { DispatcherModule } from './events/dispatcher.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsServer } from './metrics/metrics.server';
import { DatabaseModule } from './database/database.module';
import { MillinerModule } from './milliner/milliner.module';
import { RedisModule } from './redis/redis.module';
import { SsoModule } from './sso/sso.module';

/**
 * The whole service: validated configuration, the one database, the account store and the
 * three dialects.
 */
@Module({})
export class AppModule {
  /**
   * @param env the environment to validate and use (default `process.env`; tests pass their own)
   * @throws EnvironmentValidationError (when the app is created) naming each bad variable
   */
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: AppModule,
      providers: [MetricsServer],
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        ClockModule,
        MetricsModule,
        RedisModule,
        DatabaseModule,
        DispatcherModule,
        AccountsModule,
        RetentionModule,
        MillinerModule,
        SsoModule,
        ClientAppModule,
        HealthModule,
      ],
    };
  }
}
