import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isDatabaseUnavailable, uniqueViolation } from '../database/database.errors';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { EventUser } from '../events/event-payload';
import { EventType } from '../events/events.entities';
import { OutboxService } from '../events/outbox.service';
import { SignupHookService } from '../events/signup-hook.service';
import { MetricsService } from '../metrics/metrics.service';
import {
  AccountsErrorCode as Code,
  AccountsException,
  RETRY_AFTER_SECONDS,
} from './accounts.errors';
import {
  canonicalEmail,
  canonicalUsername,
  codePointLength,
  containsAnyOf,
  hasForbiddenCharacter,
  hasWhitespace,
  isValidEmail,
  nfkc,
} from './identifiers';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordStrength } from './passwords/password-strength';
import { SignupCommand, SignupOutcome } from './signup.types';
import { AccessToken, ConfirmToken } from './token.entities';
import { toUserView, User, UserView } from './user.entity';
import { hashToken, newBase36Token, newConfirmToken } from './tokens';

/** Password length bounds every dialect keeps (accounts.md; NIST SP 800-63B 3.1.1.2). */
export const PASSWORD_BASELINE = { minLength: 8, maxLength: 256 } as const;
/** Longest email anywhere: RFC 5321 4.5.3.1.3 limits a path to 256 octets with brackets. */
export const EMAIL_MAX_LENGTH = 254;

interface NormalisedSignup {
  username: string;
  usernameCanonical: string;
  email: string | null;
  emailCanonical: string | null;
  password: string;
  fullName: string | null;
}

/**
 * Creates users for every dialect under the rules of accounts.md. Checks run in one fixed
 * order (username, email, password confirmation, password, duplicates, then the validation
 * hook of events.md); the first failure
 * throws an {@link AccountsException} whose code the dialect maps to its wire format.
 * A successful signup writes the user, its tokens and its `user.created` event (outbox) in one
 * transaction; a failed one writes nothing.
 */
@Injectable()
export class SignupService {
  private readonly logger = new Logger(SignupService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly hook: SignupHookService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * @returns the created user with its clear tokens, or for a duplicate the dialect hides,
   *   fresh tokens that confirm nothing (after the same hashing work).
   * @throws AccountsException with a validation code, UsernameTaken/EmailTaken (revealed
   *   duplicates, also when a concurrent signup wins the race), or ServiceUnavailable.
   */
  async signup(command: SignupCommand): Promise<SignupOutcome> {
    try {
      const outcome = await this.attempt(command);
      this.metrics.signups.inc({
        dialect: command.channel,
        outcome: outcome.kind.replace('-', '_'),
      });
      return outcome;
    } catch (error) {
      const outcome = error instanceof AccountsException ? error.code.toLowerCase() : 'error';
      this.metrics.signups.inc({ dialect: command.channel, outcome });
      throw error;
    }
  }

  private async attempt(command: SignupCommand): Promise<SignupOutcome> {
    const input = this.validate(command);
    // Made up front: a hidden duplicate gets the same fresh tokens, which confirm nothing.
    const confirmToken =
      command.confirmTokenTtlSeconds !== undefined ? newConfirmToken() : undefined;
    const accessToken = command.accessToken ? newBase36Token(30) : undefined;
    const hidden: SignupOutcome = { kind: 'hidden-duplicate', confirmToken, accessToken };
    try {
      const hiddenDuplicate = await this.checkDuplicates(input, command);
      // The hook sees hidden duplicates too, so their path and timing match a real signup.
      await this.hook.check(this.preview(command, input));
      const passwordHash = await this.hasher.hash(input.password);
      if (hiddenDuplicate) return hidden;
      const user = await this.insert(command, input, passwordHash, confirmToken, accessToken);
      return { kind: 'created', user, confirmToken, accessToken };
    } catch (error) {
      // A lost race rolled the insert back, so the tokens were never stored.
      const duplicate = this.duplicateFromRace(error, command);
      if (duplicate === 'hidden') return hidden;
      if (duplicate) throw duplicate;
      if (isDatabaseUnavailable(error)) {
        this.logger.warn(`Database unavailable during signup: ${(error as Error).message}`);
        throw new AccountsException(Code.ServiceUnavailable, undefined, RETRY_AFTER_SECONDS);
      }
      throw error;
    }
  }

  /** Normalises the input and applies the dialect's rules in order. */
  private validate(command: SignupCommand): NormalisedSignup {
    const username = nfkc(command.username);
    this.checkUsername(username, command);
    const email = command.email ? nfkc(command.email) : null;
    const emailCanonical = this.checkEmail(email, command);
    if (
      command.passwordConfirmation !== undefined &&
      command.passwordConfirmation !== command.password
    ) {
      throw new AccountsException(Code.PasswordMismatch);
    }
    const password = nfkc(command.password);
    this.checkPassword(password, command);
    const fullName = command.fullName ? nfkc(command.fullName).trim() : null;
    return {
      username,
      usernameCanonical: canonicalUsername(username),
      email,
      emailCanonical,
      password,
      fullName,
    };
  }

  private checkUsername(username: string, { rules }: SignupCommand): void {
    const { maxLength, pattern, reserved, rejectSubstrings } = rules.username;
    if (username.length === 0) throw new AccountsException(Code.UsernameEmpty);
    if (codePointLength(username) > maxLength) throw new AccountsException(Code.UsernameTooLong);
    if (hasWhitespace(username)) throw new AccountsException(Code.UsernameHasWhitespace);
    if (hasForbiddenCharacter(username)) throw new AccountsException(Code.UsernameInvalid);
    if (pattern && !pattern.test(username)) throw new AccountsException(Code.UsernameInvalid);
    const canonical = canonicalUsername(username);
    if (reserved?.some((name) => canonicalUsername(name) === canonical)) {
      throw new AccountsException(Code.UsernameRejected);
    }
    if (rejectSubstrings && containsAnyOf(canonical, rejectSubstrings)) {
      throw new AccountsException(Code.UsernameRejected);
    }
  }

  /** @returns the canonical email, or null when none was given. */
  private checkEmail(email: string | null, { rules }: SignupCommand): string | null {
    const { required, maxLength, rejectSubstrings } = rules.email;
    if (email === null) {
      if (required) throw new AccountsException(Code.EmailRequired);
      return null;
    }
    if (codePointLength(email) > Math.min(maxLength, EMAIL_MAX_LENGTH)) {
      throw new AccountsException(Code.EmailTooLong);
    }
    if (hasWhitespace(email)) throw new AccountsException(Code.EmailHasWhitespace);
    if (!isValidEmail(email)) throw new AccountsException(Code.EmailInvalid);
    const canonical = canonicalEmail(email) as string;
    if (rejectSubstrings && containsAnyOf(canonical, rejectSubstrings)) {
      throw new AccountsException(Code.EmailRejected);
    }
    return canonical;
  }

  private checkPassword(password: string, { rules }: SignupCommand): void {
    const { rejectSubstrings, minScore } = rules.password;
    const minLength = Math.max(rules.password.minLength, PASSWORD_BASELINE.minLength);
    const maxLength = Math.min(rules.password.maxLength, PASSWORD_BASELINE.maxLength);
    const length = codePointLength(password);
    if (length < minLength) {
      throw new AccountsException(
        Code.PasswordTooShort,
        `Password must be at least ${minLength} characters`,
      );
    }
    if (length > maxLength) {
      throw new AccountsException(
        Code.PasswordTooLong,
        `Password must be at most ${maxLength} characters`,
      );
    }
    if (rejectSubstrings && containsAnyOf(password, rejectSubstrings)) {
      throw new AccountsException(Code.PasswordRejected);
    }
    if (this.strength.isCommon(password)) throw new AccountsException(Code.PasswordCommon);
    if (minScore > 0 && this.strength.score(password) < minScore) {
      throw new AccountsException(Code.PasswordTooWeak);
    }
  }

  /**
   * Fast path before hashing: the unique indexes decide races (accounts.md).
   * @returns true when the input duplicates an account the dialect does not reveal.
   * @throws AccountsException UsernameTaken or EmailTaken for a revealed duplicate.
   */
  private async checkDuplicates(
    input: NormalisedSignup,
    { duplicates }: SignupCommand,
  ): Promise<boolean> {
    if (await this.taken('username_canonical', input.usernameCanonical)) {
      if (duplicates.revealUsername) throw new AccountsException(Code.UsernameTaken);
      return true;
    }
    if (input.emailCanonical && (await this.taken('email_canonical', input.emailCanonical))) {
      if (duplicates.revealEmail) throw new AccountsException(Code.EmailTaken);
      return true;
    }
    return false;
  }

  /**
   * Whether a canonical identifier is in use: one indexed lookup in plain SQL, since the query
   * builder's overhead was most of a rejected duplicate's cost (npm run bench).
   */
  private async taken(
    column: 'username_canonical' | 'email_canonical',
    value: string,
  ): Promise<boolean> {
    const placeholder = this.users.manager.connection.options.type === 'postgres' ? '$1' : '?';
    const rows: unknown[] = await this.users.query(
      `SELECT 1 AS found FROM users WHERE ${column} = ${placeholder} LIMIT 1`,
      [value],
    );
    return rows.length > 0;
  }

  /** Maps a unique violation from a lost race to the dialect's duplicate answer. */
  private duplicateFromRace(
    error: unknown,
    { duplicates }: SignupCommand,
  ): AccountsException | 'hidden' | null {
    const violation = uniqueViolation(error);
    if (!violation) return null;
    if (/email_canonical/.test(violation.detail)) {
      return duplicates.revealEmail ? new AccountsException(Code.EmailTaken) : 'hidden';
    }
    if (/username_canonical/.test(violation.detail)) {
      return duplicates.revealUsername ? new AccountsException(Code.UsernameTaken) : 'hidden';
    }
    return null;
  }

  private insert(
    command: SignupCommand,
    input: NormalisedSignup,
    passwordHash: string,
    confirmToken: string | undefined,
    accessToken: string | undefined,
  ): Promise<UserView> {
    const now = this.clock.now();
    const expiry = (ttlSeconds: number) =>
      ttlSeconds > 0 ? new Date(now.getTime() + ttlSeconds * 1000) : null;
    return this.transactions.run(async (manager) => {
      const user = await manager.save(
        manager.create(User, {
          username: input.username,
          usernameCanonical: input.usernameCanonical,
          email: input.email,
          emailCanonical: input.emailCanonical,
          passwordHash,
          fullName: input.fullName,
          firstName: null,
          lastName: null,
          signupChannel: command.channel,
          clientId: command.clientId ?? null,
          currentApp: command.currentApp ?? null,
          appList: command.appList ?? null,
          signUpStatus: command.signUpStatus,
          approvalStatus: command.approvalStatus,
          createdAt: now,
          updatedAt: now,
          confirmedAt: null,
        }),
      );
      if (confirmToken !== undefined) {
        await manager.insert(ConfirmToken, {
          userId: user.id,
          tokenHash: hashToken(confirmToken),
          createdAt: now,
          expiresAt: expiry(command.confirmTokenTtlSeconds ?? 0),
          usedAt: null,
        });
      }
      if (accessToken !== undefined && command.accessToken) {
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
      return view;
    });
  }

  /** The user about to be created, as the validation hook sees it. */
  private preview(command: SignupCommand, input: NormalisedSignup): EventUser {
    return {
      id: null,
      username: input.username,
      email: input.email,
      signup_channel: command.channel,
      client_id: command.clientId ?? null,
      current_app: command.currentApp ?? null,
      app_list: command.appList ?? null,
      sign_up_status: command.signUpStatus,
      approval_status: command.approvalStatus,
      created_at: null,
      updated_at: null,
      confirmed_at: null,
    };
  }
}
