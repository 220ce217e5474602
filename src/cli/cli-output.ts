import { UserView } from '../accounts/user.entity';

/** Writes one line to standard output (the CLI's only channel for results). */
export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** One user as a table row: id, username, email, channel, sign-up and approval status. */
export function userRow(user: UserView): string {
  return [
    user.id,
    user.username,
    user.email ?? '-',
    user.signupChannel,
    user.signupStatus,
    user.approvalStatus,
  ].join('\t');
}

/** One user in full, as JSON (every field of UserView; never a password hash). */
export function userJson(user: UserView): string {
  return JSON.stringify(user, null, 2);
}
