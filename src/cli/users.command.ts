import { once } from 'node:events';
import { createReadStream, ReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { MultiBar, Presets } from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ImportProgress, ImportSummary, UserImportService } from '../accounts/user-import.service';
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

/** Seconds between progress lines when standard error is not a terminal. */
const PROGRESS_LINE_SECONDS = 5;

/**
 * `users import <file|->`: users from JSON Lines, with their old password hashes
 * (docs/accounts.md, "Moving users"). Streams the input; refused lines go to standard error
 * as `line N: reason`, with a progress bar when standard error is a terminal (else a
 * progress line every few seconds); the summary goes to standard output. Exit 1 when any
 * line was refused.
 */
@SubCommand({
  name: 'import',
  arguments: '<file>',
  description: 'Import users from JSON Lines ("-" for standard input), with their password hashes',
})
export class UsersImportCommand extends CommandRunner {
  constructor(private readonly importer: UserImportService) {
    super();
  }

  async run([file]: string[], options: { allOrNothing?: boolean }): Promise<void> {
    const input = file === '-' ? process.stdin : createReadStream(file);
    // An unreadable file fails here, before any line is read.
    if (input instanceof ReadStream) await once(input, 'open');
    const progress = new ImportProgressView(input instanceof ReadStream ? statSync(file).size : 0);
    let summary: ImportSummary;
    try {
      // The iterator is made now: readline drops lines emitted before it exists, and the
      // import may first wait for a pooled connection.
      const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
      summary = await this.importer.import(
        { [Symbol.asyncIterator]: () => lines },
        {
          allOrNothing: options.allOrNothing,
          onRefused: ({ line, reason }) => progress.log(`line ${line}: ${reason}`),
          onProgress: (counts) =>
            progress.update(counts, input instanceof ReadStream ? input.bytesRead : 0),
        },
      );
    } finally {
      progress.stop();
    }
    if (summary.rolledBack) {
      printLine('nothing imported: a line was refused (--all-or-nothing)');
    } else {
      printLine(
        `${summary.imported} imported, ${summary.duplicates} skipped as duplicate, ${summary.refused} refused`,
      );
    }
    for (const [reason, count] of summary.reasons) printLine(`refused: ${reason} (${count})`);
    if (summary.refused > 0) process.exitCode = 1;
  }

  @Option({
    flags: '--all-or-nothing',
    description: 'Stop at the first refused line and import nothing (one transaction)',
  })
  parseAllOrNothing(): boolean {
    return true;
  }
}

/**
 * Progress of an import on standard error: a bar over the file's bytes on a terminal,
 * otherwise a line every {@link PROGRESS_LINE_SECONDS} seconds.
 */
class ImportProgressView {
  private readonly bars: MultiBar | null;
  private readonly bar: ReturnType<MultiBar['create']> | null;
  private lastLine = Date.now();

  /** @param totalBytes the input's size, or 0 when unknown (standard input) */
  constructor(totalBytes: number) {
    this.bars =
      process.stderr.isTTY && totalBytes > 0
        ? new MultiBar(
            {
              stream: process.stderr,
              format:
                'importing [{bar}] {percentage}% | {lines} lines: {imported} imported, {duplicates} duplicate, {refused} refused',
              hideCursor: true,
            },
            Presets.shades_classic,
          )
        : null;
    this.bar =
      this.bars?.create(totalBytes, 0, { lines: 0, imported: 0, duplicates: 0, refused: 0 }) ??
      null;
  }

  log(message: string): void {
    if (this.bars) this.bars.log(`${message}\n`);
    else process.stderr.write(`${message}\n`);
  }

  update(counts: ImportProgress, bytesRead: number): void {
    if (this.bar) {
      this.bar.update(bytesRead, { ...counts });
    } else if (Date.now() - this.lastLine >= PROGRESS_LINE_SECONDS * 1000) {
      this.lastLine = Date.now();
      process.stderr.write(
        `progress: ${counts.lines} lines: ${counts.imported} imported, ${counts.duplicates} duplicate, ${counts.refused} refused\n`,
      );
    }
  }

  stop(): void {
    this.bars?.stop();
  }
}

const USER_SUBCOMMANDS = [
  UsersListCommand,
  UsersShowCommand,
  UsersApproveCommand,
  UsersRejectCommand,
  UsersRevokeTokensCommand,
  UsersExportCommand,
  UsersImportCommand,
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
