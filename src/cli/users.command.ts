import { once } from 'node:events';
import { InvalidArgumentError } from 'commander';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { UsersService } from '../accounts/users.service';
import { ApprovalStatus } from '../accounts/user.entity';
import { printLine, userJson, userRow } from './cli-output';

const STATUSES = Object.values(ApprovalStatus) as string[];

/** `users list [--status S] [--limit N]`: users in creation order, one per line. */
@SubCommand({
  name: 'list',
  description: 'List users (id, username, email, channel, sign-up status, approval status)',
})
export class UsersListCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(
    _params: string[],
    options: { status?: ApprovalStatus; limit?: number },
  ): Promise<void> {
    const users = await this.users.list({ approvalStatus: options.status, limit: options.limit });
    printLine(
      ['id', 'username', 'email', 'channel', 'sign_up_status', 'approval_status'].join('\t'),
    );
    users.forEach((user) => printLine(userRow(user)));
  }

  @Option({
    flags: '--status <status>',
    description: `Only users with this approval status (${STATUSES.join(', ')})`,
  })
  parseStatus(value: string): ApprovalStatus {
    if (!STATUSES.includes(value))
      throw new InvalidArgumentError(`must be one of ${STATUSES.join(', ')}`);
    return value as ApprovalStatus;
  }

  @Option({ flags: '--limit <n>', description: 'At most this many users (default 100)' })
  parseLimit(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError('must be a positive whole number');
    return Number(value);
  }
}

/** `users show <username>`: one user as JSON (any case or width of the name matches). */
@SubCommand({ name: 'show', arguments: '<username>', description: 'Show one user as JSON' })
export class UsersShowCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    printLine(userJson(await this.users.show(username)));
  }
}

/** `users approve <username>`: sets the approval status to `approved` (docs/sso.md, "Approval"). */
@SubCommand({ name: 'approve', arguments: '<username>', description: 'Approve a user' })
export class UsersApproveCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    printLine(userRow(await this.users.decide(username, ApprovalStatus.Approved)));
  }
}

/** `users reject <username>`: sets the approval status to `rejected`. */
@SubCommand({ name: 'reject', arguments: '<username>', description: 'Reject a user' })
export class UsersRejectCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    printLine(userRow(await this.users.decide(username, ApprovalStatus.Rejected)));
  }
}

/** `users revoke-tokens <username>`: revokes every access token of the user; prints the count. */
@SubCommand({
  name: 'revoke-tokens',
  arguments: '<username>',
  description: 'Revoke every access token of a user (they stop working at once)',
})
export class UsersRevokeTokensCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    printLine(String(await this.users.revokeTokens(username)));
  }
}

/**
 * `users export`: every user as JSON Lines on standard output, password hashes included
 * (docs/accounts.md, "Moving users"). Refuses a terminal (bad usage, exit 2): the hashes
 * belong in a file or a pipe, not on a screen or in a scrollback.
 */
@SubCommand({
  name: 'export',
  description: 'Write every user as JSON Lines (with password hashes) to standard output',
})
export class UsersExportCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(): Promise<void> {
    if (process.stdout.isTTY) {
      this.command.error(
        'error: refusing to write password hashes to a terminal; redirect standard output to a file or a pipe',
      );
    }
    for await (const batch of this.users.exportBatches()) {
      const chunk = batch.map((line) => `${JSON.stringify(line)}\n`).join('');
      // Backpressure: a slow reader (a pipe to gzip or ssh) is waited for, not buffered.
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
  }
}

const USER_SUBCOMMANDS = [
  UsersListCommand,
  UsersShowCommand,
  UsersApproveCommand,
  UsersRejectCommand,
  UsersRevokeTokensCommand,
  UsersExportCommand,
];

/** `users <command>`: operator commands on users. */
@Command({
  name: 'users',
  description: 'Operator commands on users',
  subCommands: USER_SUBCOMMANDS,
})
export class UsersCommand extends CommandRunner {
  run(): Promise<void> {
    // A group alone is bad usage: show its commands and exit 2.
    this.command.help({ error: true });
  }
}

/** The `users` group and its commands, as the CLI module provides them. */
export const USER_COMMANDS = [UsersCommand, ...USER_SUBCOMMANDS];
