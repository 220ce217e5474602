import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { isDatabaseUnavailable } from '../database/database.errors';
import { toEventUser } from '../events/event-payload';
import { SignupHookService } from '../events/signup-hook.service';
import { MetricsService } from '../metrics/metrics.service';
import {
  AccountsErrorCode as Code,
  AccountsException,
  serviceUnavailable,
} from './accounts.errors';
import { AttemptLimits } from './attempt-limits';
import { canonicalEmail, canonicalUsername, nfkc } from './identifiers';
import { PasswordHasher, PasswordTicket } from './passwords/password-hasher';
import { PasswordStrength } from './passwords/password-strength';
import { AppConfig } from '../config/app-config';
import { checkSignup, checkStrength, NormalisedSignup, StoreRules } from './signup.rules';
import { SignupCommand, SignupOutcome, SignupTokens } from './signup.types';
import { newAccessToken, newConfirmToken } from './tokens';
import { newUserFields, TakenIdentifier, UsersRepository } from './users.repository';

/**
 * Creates users for every dialect (docs/accounts.md). The steps, in order: the rules
 * ({@link checkSignup}), the duplicate fast path, the validation hook (docs/events.md), the
 * bcrypt hash, the insert ({@link UsersRepository}). The first failure throws an
 * {@link AccountsException} whose code the dialect maps to its wire format. A successful
 * signup writes the user, its tokens and its `user.created` event in one transaction; a
 * failed one writes nothing. Counts every outcome in `signup_gateway_signups_total`.
 */
@Injectable()
export class SignupService {
  private readonly logger = new Logger(SignupService.name);
  private readonly store: StoreRules;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly clock: Clock,
    private readonly hook: SignupHookService,
    private readonly metrics: MetricsService,
    private readonly limits: AttemptLimits,
    config: AppConfig,
  ) {
    this.store = {
      reserved: config.get('RESERVED_USERNAMES'),
      confusables: config.get('CONFUSABLE_USERNAMES'),
    };
  }

  /**
   * @returns the created user with its clear tokens, or for a duplicate the dialect hides,
   *   fresh tokens that confirm nothing (after the same hashing work).
   * @throws AccountsException TooManyAttempts (a rate limit), a rule's code,
   *   UsernameTaken/EmailTaken (revealed duplicates, also when a concurrent signup wins the
   *   race), SignupRefused (the hook), or ServiceUnavailable (database unreachable, hashing
   *   queue full)
   */
  async signup(command: SignupCommand): Promise<SignupOutcome> {
    try {
      const outcome = await this.attempt(command);
      this.count(command, outcome.kind.replace('-', '_'));
      return outcome;
    } catch (error) {
      this.count(command, error instanceof AccountsException ? error.code.toLowerCase() : 'error');
      throw error;
    }
  }

  private async attempt(command: SignupCommand): Promise<SignupOutcome> {
    // Rate limits count every attempt, whatever its outcome, before any hashing.
    await this.limits.signupAttempt(
      canonicalUsername(command.username),
      command.email ? (canonicalEmail(command.email) ?? nfkc(command.email).toLowerCase()) : null,
    );
    // Admission first, before the strength estimate, the hook or any write.
    const ticket = this.hasher.admit('signup', command.signal);
    try {
      return await this.admitted(command, ticket);
    } finally {
      ticket.release();
    }
  }

  private async admitted(command: SignupCommand, ticket: PasswordTicket): Promise<SignupOutcome> {
    const input = checkSignup(command, this.store, this.strength);
    if (command.rules.password.minScore > 0) {
      checkStrength(await this.strength.score(input.password), command.rules.password);
    }
    // Made up front: a hidden duplicate answers with the same fresh tokens, which confirm nothing.
    const tokens: SignupTokens = {
      confirmToken: command.confirmTokenTtlSeconds !== undefined ? newConfirmToken() : null,
      accessToken: command.accessToken ? newAccessToken() : null,
    };
    const hidden: SignupOutcome = { kind: 'hidden-duplicate', ...tokens };
    try {
      const taken = await this.users.findTaken(input);
      const hiddenDuplicate = taken !== null && this.reveal(taken, command);
      // The hook sees hidden duplicates too, so their path and timing match a real signup.
      await this.askHook(command, input);
      const passwordHash = await ticket.hash(input.password);
      const now = this.clock.now();
      const signup = { command, input, passwordHash, ...tokens, now };
      if (hiddenDuplicate) {
        // The same database work as a real signup, rolled back (docs/accounts.md, "Oracles").
        await this.users.rehearse(signup);
        return hidden;
      }
      const user = await this.users.insert(signup);
      return { kind: 'created', user, ...tokens };
    } catch (error) {
      // A lost race rolled the insert back, so the tokens were never stored.
      const lostTo = this.users.takenBy(error);
      if (lostTo !== null) {
        this.reveal(lostTo, command);
        return hidden;
      }
      if (isDatabaseUnavailable(error)) {
        this.logger.warn(`Database unavailable during signup: ${(error as Error).message}`);
        throw serviceUnavailable();
      }
      throw error;
    }
  }

  /**
   * For a taken identifier: throws the dialect's revealed duplicate, or returns true when its
   * policy hides it (docs/sso.md, `inform_if_*_exists`).
   * @throws AccountsException UsernameTaken or EmailTaken
   */
  private reveal(taken: TakenIdentifier, { duplicates }: SignupCommand): true {
    if (taken === 'username' && duplicates.revealUsername) {
      throw new AccountsException(Code.UsernameTaken);
    }
    if (taken === 'email' && duplicates.revealEmail) throw new AccountsException(Code.EmailTaken);
    return true;
  }

  /**
   * Asks the validation hook about the user about to be created.
   * @throws AccountsException SignupRefused with the hook's message; ServiceUnavailable when
   *   too many hook calls are in flight
   */
  private async askHook(command: SignupCommand, input: NormalisedSignup): Promise<void> {
    const verdict = await this.hook.verdict(
      toEventUser({
        ...newUserFields(command, input),
        id: null,
        createdAt: null,
        updatedAt: null,
        confirmedAt: null,
      }),
    );
    if ('busy' in verdict) throw serviceUnavailable();
    if (!verdict.allow) throw new AccountsException(Code.SignupRefused, verdict.message);
  }

  private count(command: SignupCommand, outcome: string): void {
    this.metrics.signups.inc({ dialect: command.channel, outcome });
  }
}
