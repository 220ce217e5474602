import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { AccountsErrorCode as Code, AccountsException } from './accounts.errors';
import { canonicalUsername, hasForbiddenCharacter, nfkc } from './identifiers';
import { PasswordHasher, PasswordTicket, StoredPassword } from './passwords/password-hasher';
import { AttemptLimits } from './attempt-limits';
import { AccessToken } from './token.entities';
import { hashToken, newAccessToken } from './tokens';
import {
  ApprovalStatus,
  PasswordInput,
  SignupStatus,
  toUserView,
  User,
  UserView,
} from './user.entity';

/** A user may sign in and use tokens only while final and approved (docs/accounts.md, "Tokens"). */
export function maySignIn(user: Pick<User, 'signupStatus' | 'approvalStatus'>): boolean {
  return (
    user.signupStatus === SignupStatus.Final && user.approvalStatus === ApprovalStatus.Approved
  );
}

/** A user's stored hash and what it was computed from. */
function storedPassword(user: User): StoredPassword {
  return { hash: user.passwordHash, input: user.passwordInput };
}

/** The user an access token belongs to, and the client it was issued through. */
export interface TokenOwner {
  user: UserView;
  clientId: string;
}

/**
 * Password sign-in and access tokens (docs/client-app.md, "Sign in", "Using a token"). Tokens are
 * 30 base36 characters from the CSPRNG; only their SHA-256 is stored.
 */
@Injectable()
export class AccessTokensService {
  private readonly logger = new Logger(AccessTokensService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(AccessToken) private readonly tokens: Repository<AccessToken>,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly limits: AttemptLimits,
  ) {}

  /**
   * The password grant (RFC 6749 4.3): verifies the password and issues an access token. Every refusal costs one bcrypt
   * verification: an unknown user is checked against a dummy hash, so the answer time does not
   * tell whether the user exists.
   * Admission to the bcrypt queue is decided first (docs/accounts.md, "Admission control").
   * @param ttlSeconds token lifetime; 0 means it never expires
   * @param signal fires when the client went away (it then leaves the bcrypt queue)
   * @returns the clear access token (returned once; only its hash is stored)
   * @throws AccountsException TooManyAttempts (a rate limit), ServiceUnavailable (queue
   *   full), or InvalidCredentials for an
   *   unknown user, a wrong password, or a user who may not sign in (unconfirmed, unapproved,
   *   rejected)
   */
  async passwordGrant(
    username: string,
    password: string,
    clientId: string,
    ttlSeconds: number,
    signal?: AbortSignal,
  ): Promise<string> {
    const usernameCanonical = canonicalUsername(username);
    // Counted before any hashing, known and unknown usernames alike.
    await this.limits.signinAttempt(usernameCanonical);
    const ticket = this.hasher.admit('signin', signal);
    try {
      // A name no signup can have is no user (and PostgreSQL could not even compare a NUL).
      const user = hasForbiddenCharacter(username)
        ? null
        : await this.users.findOneBy({ usernameCanonical });
      const stored = user ? storedPassword(user) : this.hasher.dummyHash();
      const matches = await ticket.verify(password, stored);
      if (!user || !matches || !maySignIn(user)) {
        await this.limits.signinFailed(usernameCanonical);
        throw new AccountsException(Code.InvalidCredentials);
      }
      const token = await this.issue(user.id, clientId, ttlSeconds);
      if (this.hasher.needsRehash(stored)) await this.rehash(user, nfkc(password));
      return token;
    } finally {
      ticket.release();
    }
  }

  /**
   * Replaces a hash of an older cost, or an imported one of any format, with this service's
   * own bcrypt hash at the current cost, now that the password is known to be right
   * (docs/client-app.md, "Sign in"; docs/accounts.md, "Moving users"). Best effort: when the
   * hashing queue is full it is left for the next sign-in.
   * @param password the NFKC form of the password just verified
   */
  private async rehash(user: User, password: string): Promise<void> {
    let ticket: PasswordTicket;
    try {
      ticket = this.hasher.admit('signin');
    } catch {
      return;
    }
    try {
      const passwordHash = await ticket.hash(password);
      // Only if nobody changed it meanwhile.
      await this.transactions.run((manager) =>
        manager.update(
          User,
          { id: user.id, passwordHash: user.passwordHash },
          { passwordHash, passwordInput: PasswordInput.NfkcPrehash },
        ),
      );
    } catch (error) {
      this.logger.warn(`Rehash of user ${user.id} failed: ${(error as Error).message}`);
    } finally {
      ticket.release();
    }
  }

  /**
   * Issues a new access token for a user through a client.
   * @returns the clear token
   */
  async issue(userId: number, clientId: string, ttlSeconds: number): Promise<string> {
    const token = newAccessToken();
    const now = this.clock.now();
    // Through the runner: on SQLite every write joins the one serialised transaction queue.
    await this.transactions.run((manager) =>
      manager.insert(AccessToken, {
        userId,
        clientId,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: ttlSeconds > 0 ? new Date(now.getTime() + ttlSeconds * 1000) : null,
      }),
    );
    return token;
  }

  /**
   * Revokes one access token if it was issued through `clientId` (RFC 7009 2.1). An unknown
   * token, or one of another client, is left as it is; the caller answers alike.
   * @param token the clear token as the client holds it
   * @returns how many tokens were revoked: 0 or 1
   */
  async revoke(token: string, clientId: string): Promise<number> {
    const result = await this.transactions.run((manager) =>
      manager.delete(AccessToken, { tokenHash: hashToken(token), clientId }),
    );
    return result.affected ?? 0;
  }

  /**
   * The owner of a valid token.
   * @throws AccountsException InvalidToken when the token is unknown, expired, or its user may
   *   no longer sign in
   */
  async resolve(token: string): Promise<TokenOwner> {
    const stored = await this.tokens.findOneBy({ tokenHash: hashToken(token) });
    if (!stored || (stored.expiresAt && stored.expiresAt <= this.clock.now())) {
      throw new AccountsException(Code.InvalidToken);
    }
    const user = await this.users.findOneBy({ id: stored.userId });
    if (!user || !maySignIn(user)) throw new AccountsException(Code.InvalidToken);
    return { user: toUserView(user), clientId: stored.clientId };
  }
}
