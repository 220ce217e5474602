#!/usr/bin/env node
// Before any other import: the thread pool is sized when it is first used.
import './thread-pool';
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliExitPolicy, EXIT } from './cli/cli-exit-policy';
import { CliModule } from './cli/cli.module';

/**
 * `signup-gateway <group> <command>` (also `npm run cli -- <group> <command>`): operator
 * commands on the same database and modules as the service, built on nest-commander.
 * Exit code 0 on success, 1 on failure (one `error:` line on standard error), 2 on bad usage.
 */
async function main(): Promise<void> {
  // abortOnError: false lets a bad environment reach the catch below as one clear line.
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    abortOnError: false,
    serviceErrorHandler: (error: Error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(EXIT.failure);
    },
  });
  app.get(CliExitPolicy, { strict: false }).apply();
  await CommandFactory.runApplication(app);
  // Closing the app ends the database pool, so the process exits at once.
  await app.close();
}

main().catch((error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(EXIT.failure);
});
