import { Injectable } from '@nestjs/common';
import { AccessTokensService } from '../accounts/access-tokens.service';
import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { SignupService } from '../accounts/signup.service';
import { assertCreated, SignupCreated } from '../accounts/signup.types';
import { ApprovalStatus, SignupChannel, SignupStatus, UserView } from '../accounts/user.entity';
import { AppConfig } from '../config/app-config';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import {
  isPlainText,
  plainTextMessage,
  requiredMessage,
  stringMessage,
} from '../common/validators';
import { BasicClient, PresentedToken } from './access-token.decorator';
import {
  ClientAppRevokeRequest,
  ClientAppSignInRequest,
  ClientAppSignupRequest,
} from './client-app.dto';
import {
  InvalidClientException,
  InvalidTokenException,
  UnsupportedGrantTypeException,
} from './client-app.errors';
import { ClientAppRegistry } from './client-app.registry';

/** An access token issued by the password grant, with its lifetime in seconds. */
export interface TokenGrant {
  accessToken: string;
  /** Undefined when the token never expires (`ACCESS_TOKEN_TTL=0`). */
  expiresIn?: number;
}

/**
 * A field that must be a non-empty string.
 * @throws RequestBodyException FieldMissing or FieldNotString, in the dialect's words
 */
function requiredString(value: unknown, field: string): string {
  if (value === undefined || value === '') {
    throw new RequestBodyException(
      RequestBodyProblem.FieldMissing,
      requiredMessage(field).message,
      field,
    );
  }
  if (typeof value !== 'string') {
    throw new RequestBodyException(
      RequestBodyProblem.FieldNotString,
      stringMessage(field).message,
      field,
    );
  }
  return value;
}

/**
 * The client of a token request: in the body or in HTTP Basic, exactly once (RFC 6749 2.3).
 * @throws RequestBodyException when given twice, not at all, or as malformed Basic credentials
 */
function clientOf(bodyClientId: unknown, basic: BasicClient | null | 'malformed'): string {
  if (basic === 'malformed') {
    throw new RequestBodyException(
      RequestBodyProblem.Malformed,
      'The HTTP Basic client credentials are malformed',
    );
  }
  if (basic && bodyClientId !== undefined) {
    throw new RequestBodyException(
      RequestBodyProblem.FieldOutOfRange,
      'The client must be given once: in the body or with HTTP Basic, not both',
      'client_id',
    );
  }
  const clientId = requiredString(basic ? basic.clientId : bodyClientId, 'client_id');
  // Looked up next, and PostgreSQL cannot even compare a NUL.
  if (!isPlainText(clientId)) {
    throw new RequestBodyException(
      RequestBodyProblem.FieldInvalidCharacters,
      plainTextMessage('client_id').message,
      'client_id',
    );
  }
  return clientId;
}

/** The ClientApp dialect's use cases: sign-up, the password grant, revocation, the token's user (docs/client-app.md). */
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
   * order of docs/client-app.md, "Sign in": grant type; the client, from the body or from HTTP
   * Basic, not both and not neither; username and password; the client exists and is active;
   * the credentials. Any user of the store may sign in through any active client.
   * @param basic the client of the request's HTTP Basic credentials, if any
   * @returns the new access token and its lifetime in seconds (undefined: never expires)
   * @throws UnsupportedGrantTypeException; RequestBodyException (invalid_request);
   *   InvalidClientException; AccountsException InvalidCredentials, TooManyAttempts
   */
  async passwordGrant(
    request: ClientAppSignInRequest,
    basic: BasicClient | null | 'malformed',
    client: { signal?: AbortSignal } = {},
  ): Promise<TokenGrant> {
    if (request.grant_type !== 'password') throw new UnsupportedGrantTypeException();
    const clientId = clientOf(request.client_id, basic);
    const username = requiredString(request.username, 'username');
    const password = requiredString(request.password, 'password');
    const active = await this.activeClient(clientId);
    const accessToken = await this.accessTokens.passwordGrant(
      username,
      password,
      active,
      this.accessTokenTtl,
      client.signal,
    );
    return { accessToken, expiresIn: this.accessTokenTtl > 0 ? this.accessTokenTtl : undefined };
  }

  /**
   * Token revocation (RFC 7009): checks the client as at sign-in (body or HTTP Basic, once;
   * known and active), then revokes the token if it was issued to that client. An unknown
   * token, one of another client or one already revoked changes nothing and is answered
   * alike, so the answer tells nothing about tokens (docs/client-app.md, "Revoke").
   * @throws RequestBodyException (invalid_request); InvalidClientException
   */
  async revoke(
    request: ClientAppRevokeRequest,
    basic: BasicClient | null | 'malformed',
  ): Promise<void> {
    const clientId = clientOf(request.client_id, basic);
    const token = requiredString(request.token, 'token');
    if (request.token_type_hint !== undefined)
      requiredString(request.token_type_hint, 'token_type_hint');
    const active = await this.activeClient(clientId);
    await this.accessTokens.revoke(token, active);
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
