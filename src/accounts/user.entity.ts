import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Dialect a user signed up through (docs/accounts.md, "The user record"). */
export enum SignupChannel {
  Milliner = 'milliner',
  Sso = 'sso',
  ClientApp = 'client-app',
}

/** `before_confirmation` until an SSO confirm token is used; `final` otherwise. */
export enum SignupStatus {
  BeforeConfirmation = 'before_confirmation',
  Final = 'final',
}

/**
 * What a stored hash was computed from (docs/accounts.md, "Moving users"): `nfkc-prehash` is
 * this service's own (the NFKC password, pre-hashed with HMAC-SHA-384 when over 72 bytes);
 * `raw` is an imported hash of the password exactly as typed, the old system's way. A
 * successful sign-in replaces a `raw` hash with an `nfkc-prehash` bcrypt hash.
 */
export enum PasswordInput {
  NfkcPrehash = 'nfkc-prehash',
  Raw = 'raw',
}

/** Operator decision on a signup (docs/sso.md, "Approval"). */
export enum ApprovalStatus {
  BeforeDecision = 'before_decision',
  Approved = 'approved',
  Rejected = 'rejected',
}

/**
 * One user of the store, whichever dialect created it (table `users`, docs/accounts.md).
 * Timestamps are `datetime` (UTC text) on SQLite and `timestamptz` on PostgreSQL; the
 * migrations create them, TypeORM maps both to `Date`.
 * `passwordHash` never leaves the Accounts module but in `users export` (user-transfer.ts):
 * responses use {@link toUserView}.
 */
@Entity({ name: 'users' })
// The database decides races between identical signups (docs/accounts.md, "Identifiers").
@Index('UQ_users_username_canonical', ['usernameCanonical'], { unique: true })
@Index('UQ_users_email_canonical', ['emailCanonical'], { unique: true })
@Index('UQ_users_username_skeleton', ['usernameSkeleton'], { unique: true })
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  username: string;

  @Column({ name: 'username_canonical', type: 'text' })
  usernameCanonical: string;

  /**
   * UTS 39 skeleton of the canonical username (look-alikes are one username); null with
   * `CONFUSABLE_USERNAMES=allow`, and for a user a migration found looking like an older one.
   */
  @Column({ name: 'username_skeleton', type: 'text', nullable: true })
  usernameSkeleton: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'email_canonical', type: 'text', nullable: true })
  emailCanonical: string | null;

  /** bcrypt (60 characters), or an imported pbkdf2-sha512 or argon2id string. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({
    name: 'password_input',
    type: 'varchar',
    length: 16,
    default: PasswordInput.NfkcPrehash,
  })
  passwordInput: PasswordInput;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName: string | null;

  @Column({ name: 'signup_channel', type: 'varchar', length: 16 })
  signupChannel: SignupChannel;

  @Column({ name: 'client_id', type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  @Column({ name: 'current_app', type: 'text', nullable: true })
  currentApp: string | null;

  @Column({ name: 'app_list', type: 'simple-json', nullable: true })
  appList: string[] | null;

  @Column({ name: 'sign_up_status', type: 'varchar', length: 32 })
  signupStatus: SignupStatus;

  @Column({ name: 'approval_status', type: 'varchar', length: 32 })
  approvalStatus: ApprovalStatus;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'confirmed_at', type: Date, nullable: true })
  confirmedAt: Date | null;
}

/** What the Accounts module hands out about a user: every field but the password hash. */
export interface UserView {
  id: number;
  username: string;
  email: string | null;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  signupChannel: SignupChannel;
  clientId: string | null;
  currentApp: string | null;
  appList: string[] | null;
  signupStatus: SignupStatus;
  approvalStatus: ApprovalStatus;
  createdAt: Date;
  updatedAt: Date;
  confirmedAt: Date | null;
}

/** Lists, field by field, what of a {@link User} may leave the Accounts module. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    firstName: user.firstName,
    lastName: user.lastName,
    signupChannel: user.signupChannel,
    clientId: user.clientId,
    currentApp: user.currentApp,
    appList: user.appList,
    signupStatus: user.signupStatus,
    approvalStatus: user.approvalStatus,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    confirmedAt: user.confirmedAt,
  };
}
