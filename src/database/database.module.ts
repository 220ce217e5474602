import { Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { buildDataSourceOptions, runMigrations } from './database.options';
import { TransactionRunner } from './transaction-runner';

/**
 * The one TypeORM data source of the app and the CLI, built from the environment by the same
 * function as ormconfig.ts. Pending migrations are applied when it starts (under an advisory
 * lock on PostgreSQL) unless `DATABASE_MIGRATE_ON_START=false`.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        ...buildDataSourceOptions({
          DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
          DATABASE_POOL_SIZE: config.get('DATABASE_POOL_SIZE', { infer: true }),
          DATABASE_CONNECT_TIMEOUT_MS: config.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true }),
          DATABASE_STATEMENT_TIMEOUT_MS: config.get('DATABASE_STATEMENT_TIMEOUT_MS', {
            infer: true,
          }),
          DATABASE_TLS: config.get('DATABASE_TLS', { infer: true }),
          DATABASE_TLS_CA_FILE: config.get('DATABASE_TLS_CA_FILE', { infer: true }),
        }),
        // A database that is not there at start: a few tries, then the start fails.
        retryAttempts: 3,
        retryDelay: 1000,
        migrateOnStart: config.get('DATABASE_MIGRATE_ON_START', { infer: true }),
      }),
      dataSourceFactory: async (options) => {
        const { migrateOnStart, ...rest } = options as typeof options & { migrateOnStart: boolean };
        const dataSource = await new DataSource(rest).initialize();
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
