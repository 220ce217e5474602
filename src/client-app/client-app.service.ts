import { Injectable } from '@nestjs/common';
import { AccessTokensService } from '../accounts/access-tokens.service';
import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { SignupService } from '../accounts/signup.service';
import { assertCreated, SignupCreated } from '../accounts/signup.types';
import { ApprovalStatus, SignupChannel, SignupStatus, UserView } from '../accounts/user.entity';
import { AppConfig } from '../config/app-config';
import { PresentedToken } from './access-token.decorator';
import { ClientAppSignInRequest, ClientAppSignupRequest } from './client-app.dto';
import {
  InvalidClientException,
  InvalidTokenException,
  UnsupportedGrantTypeException,
} from './client-app.errors';
import { ClientAppRegistry } from './client-app.registry';

/** The ClientApp dialect's use cases: sign-up, the password grant, the token's user (docs/client-app.md). */
@Injectable()
export class ClientAppService {
  private readonly accessTokenTtl: number;

  constructor(
    private readonly signups: SignupService,
    private readonly accessTokens: AccessTokensService,
    private readonly clients: ClientAppRegistry,
    config: AppConfig,
  ) {
    this.accessTokenTtl = config.get('ACCESS_TOKEN_TTL');
  }

  /**
   * Checks the client, then signs the user up (1 to 64 characters, no whitespace, the
   * password baseline) and issues an access token for the client, in one transaction.
   * @throws InvalidClientException for an unknown or revoked client id
   * @throws AccountsException (see SignupService)
   */
  async signup(
    request: ClientAppSignupRequest,
    client: { signal?: AbortSignal } = {},
  ): Promise<SignupCreated> {
    const clientId = await this.activeClient(request.client_id);
    const outcome = await this.signups.signup({
      channel: SignupChannel.ClientApp,
      username: request.username,
      password: request.password,
      clientId,
      signupStatus: SignupStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      rules: {
        username: { maxLength: 64 },
        email: { required: false, maxLength: 254 },
        password: { minLength: 8, maxLength: 256, minScore: 0 },
      },
      duplicates: { revealUsername: true, revealEmail: true },
      accessToken: { clientId, ttlSeconds: this.accessTokenTtl },
      ...client,
    });
    assertCreated(outcome);
    return outcome;
  }

  /**
   * The token request of the resource owner password grant (RFC 6749 4.3), checked in the
   * spec's order: grant type, client, credentials. Any user of the store may sign in through
   * any active client.
   * @returns the new access token
   * @throws UnsupportedGrantTypeException, InvalidClientException, AccountsException InvalidCredentials
   */
  async passwordGrant(
    request: ClientAppSignInRequest,
    client: { signal?: AbortSignal } = {},
  ): Promise<string> {
    if (request.grant_type !== 'password') throw new UnsupportedGrantTypeException();
    const clientId = await this.activeClient(request.client_id);
    return this.accessTokens.passwordGrant(
      request.username,
      request.password,
      clientId,
      this.accessTokenTtl,
      client.signal,
    );
  }

  /**
   * The user of a valid token whose client is still active.
   * @throws InvalidTokenException (with the caller's scheme) for a missing, unknown or expired
   *   token, a token of a revoked client, or a user who may no longer sign in
   */
  async me(presented: PresentedToken): Promise<UserView> {
    if (presented.token === undefined) throw new InvalidTokenException(presented.scheme, false);
    try {
      const owner = await this.accessTokens.resolve(presented.token);
      if (!(await this.clients.findActive(owner.clientId)))
        throw new AccountsException(AccountsErrorCode.InvalidToken);
      return owner.user;
    } catch (error) {
      if (error instanceof AccountsException && error.code === AccountsErrorCode.InvalidToken) {
        throw new InvalidTokenException(presented.scheme, true);
      }
      throw error;
    }
  }

  private async activeClient(clientId: string): Promise<string> {
    const client = await this.clients.findActive(clientId);
    if (!client) throw new InvalidClientException();
    return client.clientId;
  }
}
