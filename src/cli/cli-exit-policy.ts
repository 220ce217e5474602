import { Injectable } from '@nestjs/common';
import { Command, CommanderError } from 'commander';
import { InjectCommander } from 'nest-commander';

/** Exit codes of the operator CLI (DEVELOPERS.md): 0 success, 1 failure, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** commander's own exits: help and version are successes, anything else it refuses is bad usage. */
function exitForCommander(error: CommanderError): never {
  const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(
    error.code,
  );
  process.exit(shown && error.exitCode === 0 ? EXIT.ok : EXIT.usage);
}

/**
 * Applies the exit-code policy to commander's program and every subcommand, which do not
 * inherit an exit override set after they were created, and names the program.
 */
@Injectable()
export class CliExitPolicy {
  constructor(@InjectCommander() private readonly program: Command) {}

  apply(): void {
    this.program.name('signup-gateway');
    const visit = (command: Command): void => {
      command.exitOverride(exitForCommander);
      command.commands.forEach(visit);
    };
    visit(this.program);
  }
}
