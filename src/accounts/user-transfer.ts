import { User } from './user.entity';

/**
 * One user in the JSON Lines format that `users export` writes and `users import` reads
 * (docs/accounts.md, "Moving users"): one object a line, snake_case names as on the wire,
 * the password hash included (the only place it leaves the Accounts module).
 */
export interface UserTransferLine {
  username: string;
  email: string | null;
  full_name: string | null;
  password_hash: string;
  /** What the hash was computed from: `nfkc-prehash` (this service's) or `raw` (imported). */
  password_input: string;
  signup_channel: string;
  client_id: string | null;
  current_app: string | null;
  app_list: string[] | null;
  sign_up_status: string;
  approval_status: string;
  /** ISO 8601, UTC. */
  created_at: string;
}

/** A stored user as one transfer line (the fields of {@link UserTransferLine}, in that order). */
export function toTransferLine(user: User): UserTransferLine {
  return {
    username: user.username,
    email: user.email,
    full_name: user.fullName,
    password_hash: user.passwordHash,
    password_input: user.passwordInput,
    signup_channel: user.signupChannel,
    client_id: user.clientId,
    current_app: user.currentApp,
    app_list: user.appList,
    sign_up_status: user.signupStatus,
    approval_status: user.approvalStatus,
    created_at: user.createdAt.toISOString(),
  };
}
