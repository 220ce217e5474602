import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runMigrations } from '../database/database.options';
import { printLine } from './cli-output';

/**
 * `db migrate`: applies pending migrations (under the PostgreSQL advisory lock), for
 * deployments that start the service with `DATABASE_MIGRATE_ON_START=false`.
 */
@SubCommand({ name: 'migrate', description: 'Apply pending migrations; prints each one applied' })
export class DbMigrateCommand extends CommandRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async run(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    printLine(applied.length > 0 ? applied.join('\n') : 'No pending migrations');
  }
}

/** `db <command>`: operator commands on the database. */
@Command({
  name: 'db',
  description: 'Operator commands on the database',
  subCommands: [DbMigrateCommand],
})
export class DbCommand extends CommandRunner {
  run(): Promise<void> {
    // A group alone is bad usage: show its commands and exit 2.
    this.command.help({ error: true });
  }
}
