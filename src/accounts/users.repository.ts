import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert';
import { uniqueViolation } from '../database/database.errors';
import { TransactionRunner } from '../database/transaction-runner';
import { EventType } from '../events/events.entities';
import { OutboxService } from '../events/outbox.service';
import { NormalisedSignup } from './signup.rules';
import { SignupCommand } from './signup.types';
import { AccessToken, ConfirmToken } from './token.entities';
import { randomBase36 } from '../common/random';
import { hashToken } from './tokens';
import { ImportedUser } from './user-import.rules';
import { PasswordInput, toUserView, User, UserView } from './user.entity';

/** The fields of a new user that come from its signup (no id, hash or timestamps yet). */
export type NewUserFields = Omit<
  User,
  'id' | 'passwordHash' | 'passwordInput' | 'createdAt' | 'updatedAt' | 'confirmedAt'
>;

/** The one list of what a signup stores about its user (also what the validation hook sees). */
export function newUserFields(command: SignupCommand, input: NormalisedSignup): NewUserFields {
  return {
    username: input.username,
    usernameCanonical: input.usernameCanonical,
    usernameSkeleton: input.usernameSkeleton,
    email: input.email,
    emailCanonical: input.emailCanonical,
    fullName: input.fullName,
    firstName: null,
    lastName: null,
    signupChannel: command.channel,
    clientId: command.clientId ?? null,
    currentApp: command.currentApp ?? null,
    appList: command.appList ?? null,
    signupStatus: command.signupStatus,
    approvalStatus: command.approvalStatus,
  };
}

/** Which of a batch's identifiers are already in the store (canonical forms). */
export interface TakenIdentifiers {
  usernames: ReadonlySet<string>;
  skeletons: ReadonlySet<string>;
  emails: ReadonlySet<string>;
}

/** Thrown to roll a rehearsal back. */
class Rehearsed extends Error {}

/** Which identifier of a signup is already in the store. */
export type TakenIdentifier = 'username' | 'email';

/** A signup ready to be stored: normalised input, its bcrypt hash and the clear tokens. */
export interface NewSignup {
  command: SignupCommand;
  input: NormalisedSignup;
  passwordHash: string;
  confirmToken: string | null;
  accessToken: string | null;
  /** When the signup happens (the service's Clock). */
  now: Date;
}

/**
 * Persistence of signups (docs/accounts.md, "Identifiers", "Failures"): the duplicate lookup
 * on the canonical columns, the insert of the user with its token hashes and its
 * `user.created` outbox rows in one transaction, and the mapping of a unique violation, on
 * either driver, to the identifier it concerns.
 */
@Injectable()
export class UsersRepository {
  private readonly placeholder: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService,
  ) {
    this.placeholder = dataSource.options.type === 'postgres' ? '$1' : '?';
  }

  /**
   * The first identifier of a signup that is taken, username before email. A fast path
   * only: the unique indexes decide races ({@link takenBy}).
   */
  async findTaken(input: NormalisedSignup): Promise<TakenIdentifier | null> {
    const username =
      input.usernameSkeleton === null
        ? await this.exists('username_canonical', input.usernameCanonical)
        : await this.exists('username_skeleton', input.usernameSkeleton);
    if (username) return 'username';
    if (input.emailCanonical && (await this.exists('email_canonical', input.emailCanonical))) {
      return 'email';
    }
    return null;
  }

  /**
   * Writes the user, the hashes of its tokens and its `user.created` event with its deliveries
   * in one transaction (all or nothing).
   * @returns the stored user, without its hash
   * @throws QueryFailedError a unique violation when a concurrent signup won (see
   *   {@link takenBy}), or another database error; either way nothing was written
   */
  insert(signup: NewSignup, options: { rollback?: boolean } = {}): Promise<UserView> {
    const { command, input, passwordHash, confirmToken, accessToken, now } = signup;
    const expiry = (ttlSeconds: number) =>
      ttlSeconds > 0 ? new Date(now.getTime() + ttlSeconds * 1000) : null;
    return this.transactions.run(async (manager) => {
      const user = await manager.save(
        manager.create(User, {
          ...newUserFields(command, input),
          passwordHash,
          passwordInput: PasswordInput.NfkcPrehash,
          createdAt: now,
          updatedAt: now,
          confirmedAt: null,
        }),
      );
      if (confirmToken !== null) {
        await manager.insert(ConfirmToken, {
          userId: user.id,
          tokenHash: hashToken(confirmToken),
          createdAt: now,
          expiresAt: expiry(command.confirmTokenTtlSeconds ?? 0),
          usedAt: null,
        });
      }
      if (accessToken !== null && command.accessToken) {
        await manager.insert(AccessToken, {
          userId: user.id,
          clientId: command.accessToken.clientId,
          tokenHash: hashToken(accessToken),
          createdAt: now,
          expiresAt: expiry(command.accessToken.ttlSeconds),
        });
      }
      const view = toUserView(user);
      await this.outbox.record(manager, EventType.UserCreated, view, command.notifyEndpoints);
      if (options.rollback) throw new Rehearsed();
      return view;
    });
  }

  /**
   * Does the work of {@link insert} for a duplicate the dialect hides, and rolls it back: the
   * same statements in the same transaction, under placeholder identifiers that cannot
   * collide, so that a hidden duplicate costs the database what a real signup costs and its
   * answer time tells nothing (docs/accounts.md, "Oracles"). Writes nothing.
   */
  async rehearse(signup: NewSignup): Promise<void> {
    const placeholder = `rehearsal:${randomBase36(24)}`;
    const input: NormalisedSignup = {
      ...signup.input,
      usernameCanonical: placeholder,
      usernameSkeleton: signup.input.usernameSkeleton === null ? null : placeholder,
      emailCanonical: signup.input.emailCanonical === null ? null : placeholder,
    };
    try {
      await this.insert({ ...signup, input }, { rollback: true });
    } catch (error) {
      if (!(error instanceof Rehearsed)) throw error;
    }
  }

  /**
   * The identifier a unique violation concerns, on either driver: PostgreSQL names the index
   * (`users_email_canonical_key`), SQLite the columns (`UNIQUE constraint failed:
   * users.email_canonical`).
   * @returns null when the error is not a unique violation of a canonical column
   */
  takenBy(error: unknown): TakenIdentifier | null {
    const violation = uniqueViolation(error);
    if (!violation) return null;
    if (violation.detail.includes('email_canonical')) return 'email';
    if (/username_(canonical|skeleton)/.test(violation.detail)) return 'username';
    return null;
  }

  /**
   * The identifiers of a batch of imported users that the store already holds: one indexed
   * `IN` query per canonical column (`users import`, docs/accounts.md, "Moving users").
   * @param manager the import's transaction, so that its earlier batches count
   */
  async takenIdentifiers(
    manager: EntityManager,
    users: readonly ImportedUser[],
  ): Promise<TakenIdentifiers> {
    const found = async (
      column: 'username_canonical' | 'username_skeleton' | 'email_canonical',
      values: Array<string | null>,
    ): Promise<Set<string>> => {
      const wanted = [...new Set(values.filter((value): value is string => value !== null))];
      if (wanted.length === 0) return new Set();
      const marks = wanted.map((_, index) => (this.placeholder === '?' ? '?' : `$${index + 1}`));
      const rows: Array<{ value: string }> = await manager.query(
        `SELECT ${column} AS value FROM users WHERE ${column} IN (${marks.join(', ')})`,
        wanted,
      );
      return new Set(rows.map((row) => row.value));
    };
    return {
      usernames: await found(
        'username_canonical',
        users.map((user) => user.usernameCanonical),
      ),
      skeletons: await found(
        'username_skeleton',
        users.map((user) => user.usernameSkeleton),
      ),
      emails: await found(
        'email_canonical',
        users.map((user) => user.emailCanonical),
      ),
    };
  }

  /**
   * Writes imported users with their `user.imported` events in the caller's transaction: one
   * multi-row INSERT, then the stored rows read back by canonical username (for their ids).
   * @param now `updated_at` of every row, and `created_at` where a line gave none
   * @returns the stored users, without their hashes
   * @throws QueryFailedError a unique violation when a concurrent signup took an identifier
   *   (see {@link takenBy}); the caller's transaction then rolls back
   */
  async insertImported(
    manager: EntityManager,
    users: readonly ImportedUser[],
    now: Date,
  ): Promise<UserView[]> {
    if (users.length === 0) return [];
    await bulkInsert(
      manager,
      User,
      users.map((user) => ({
        ...user,
        firstName: null,
        lastName: null,
        createdAt: user.createdAt ?? now,
        updatedAt: now,
        confirmedAt: null,
      })),
    );
    const stored = await manager.find(User, {
      where: { usernameCanonical: In(users.map((user) => user.usernameCanonical)) },
      order: { id: 'ASC' },
    });
    const views = stored.map(toUserView);
    await this.outbox.recordMany(manager, EventType.UserImported, views);
    return views;
  }

  /** One indexed lookup in plain SQL: the query builder's overhead was most of a rejected duplicate's cost (npm run bench). */
  private async exists(
    column: 'username_canonical' | 'username_skeleton' | 'email_canonical',
    value: string,
  ): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 AS found FROM users WHERE ${column} = ${this.placeholder} LIMIT 1`,
      [value],
    );
    return rows.length > 0;
  }
}
