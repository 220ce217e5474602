import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccessTokensService } from '../accounts/access-tokens.service';
import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { SignupService } from '../accounts/signup.service';
import { SignupCreated } from '../accounts/signup.types';
import { ApprovalStatus, SignUpStatus, SignupChannel, UserView } from '../accounts/user.entity';
import { EnvironmentVariables } from '../config/env.validation';
import { PresentedToken } from './access-token.decorator';
import { ClientAppSignInRequest, ClientAppSignUpRequest } from './client-app.dto';
import {
  InvalidTokenException,
  UnknownClientException,
  UnsupportedGrantTypeException,
} from './client-app.errors';
import { ClientAppsService } from './client-apps.service';

/** What the ClientApp routes return to their interceptor. */
export type ClientAppResult =
  SignupCreated | { kind: 'signed-in'; accessToken: string } | { kind: 'me'; user: UserView };

/** The ClientApp dialect's use cases: sign-up, password sign-in, the token's user (client-app.md). */
@Injectable()
export class ClientAppService {
  private readonly accessTokenTtl: number;

  constructor(
    private readonly signups: SignupService,
    private readonly accessTokens: AccessTokensService,
    private readonly clients: ClientAppsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.accessTokenTtl = config.get('ACCESS_TOKEN_TTL', { infer: true });
  }

  /**
   * Checks the client, then signs the user up (1 to 64 characters, no whitespace, the
   * password baseline) and issues an access token for the client, in one transaction.
   * @throws UnknownClientException for an unknown or revoked client id
   * @throws AccountsException (see SignupService)
   */
  async signUp(request: ClientAppSignUpRequest): Promise<SignupCreated> {
    const clientId = await this.activeClient(request.client_id);
    return (await this.signups.signup({
      channel: SignupChannel.ClientApp,
      username: request.username,
      password: request.password,
      clientId,
      signUpStatus: SignUpStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      rules: {
        username: { maxLength: 64 },
        email: { required: false, maxLength: 254 },
        password: { minLength: 8, maxLength: 256, minScore: 0 },
      },
      duplicates: { revealUsername: true, revealEmail: true },
      accessToken: { clientId, ttlSeconds: this.accessTokenTtl },
    })) as SignupCreated;
  }

  /**
   * Password grant, checked in the spec's order: grant type, client, credentials. Any user of
   * the store may sign in through any active client.
   * @throws UnsupportedGrantTypeException, UnknownClientException, AccountsException InvalidCredentials
   */
  async signIn(request: ClientAppSignInRequest): Promise<ClientAppResult> {
    if (request.grant_type !== 'password') throw new UnsupportedGrantTypeException();
    const clientId = await this.activeClient(request.client_id);
    const accessToken = await this.accessTokens.signIn(
      request.username,
      request.password,
      clientId,
      this.accessTokenTtl,
    );
    return { kind: 'signed-in', accessToken };
  }

  /**
   * The user of a valid token whose client is still active.
   * @throws InvalidTokenException (with the caller's scheme) for a missing, unknown or expired
   *   token, a token of a revoked client, or a user who may no longer sign in
   */
  async me(presented: PresentedToken): Promise<ClientAppResult> {
    if (presented.token === undefined) throw new InvalidTokenException(presented.scheme, false);
    try {
      const owner = await this.accessTokens.resolve(presented.token);
      if (!(await this.clients.findActive(owner.clientId)))
        throw new AccountsException(AccountsErrorCode.InvalidToken);
      return { kind: 'me', user: owner.user };
    } catch (error) {
      if (error instanceof AccountsException && error.code === AccountsErrorCode.InvalidToken) {
        throw new InvalidTokenException(presented.scheme, true);
      }
      throw error;
    }
  }

  private async activeClient(clientId: string): Promise<string> {
    const client = await this.clients.findActive(clientId);
    if (!client) throw new UnknownClientException();
    return client.clientId;
  }
}
