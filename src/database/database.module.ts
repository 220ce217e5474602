import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppDataSource } from './app-data-source';
import { buildDataSourceOptions, runMigrations } from './database.options';
import { TransactionRunner } from './transaction-runner';
import { AppConfig } from '../config/app-config';

/**
 * The one TypeORM data source of the app and the CLI, built from the environment by the same
 * function as ormconfig.ts. Pending migrations are applied when it starts (under an advisory
 * lock on PostgreSQL) unless `DATABASE_MIGRATE_ON_START=false`. Entities are registered by the
 * feature modules that own them (`forFeature` with `autoLoadEntities`), never listed here.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions({
          DATABASE_URL: config.get('DATABASE_URL'),
          DATABASE_POOL_SIZE: config.get('DATABASE_POOL_SIZE'),
          DATABASE_CONNECT_TIMEOUT_MS: config.get('DATABASE_CONNECT_TIMEOUT_MS'),
          DATABASE_STATEMENT_TIMEOUT_MS: config.get('DATABASE_STATEMENT_TIMEOUT_MS'),
          DATABASE_TLS: config.get('DATABASE_TLS'),
          DATABASE_TLS_CA_FILE: config.get('DATABASE_TLS_CA_FILE'),
        }),
        // Entities come from the modules that own them (TypeOrmModule.forFeature).
        autoLoadEntities: true,
        // A database that is not there at start: a few tries, then the start fails.
        retryAttempts: 3,
        retryDelay: 1000,
        migrateOnStart: config.get('DATABASE_MIGRATE_ON_START'),
      }),
      dataSourceFactory: async (options) => {
        const { migrateOnStart, ...rest } = options as typeof options & { migrateOnStart: boolean };
        const dataSource = await new AppDataSource(rest).initialize();
        if (migrateOnStart) {
          const applied = await runMigrations(dataSource);
          if (applied.length > 0)
            new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
        }
        return dataSource;
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
