import { Catch } from '@nestjs/common';
import {
  AccountsErrorCode as Code,
  AccountsException,
  asAccountsException,
} from '../accounts/accounts.errors';
import { DialectExceptionFilter, ErrorAnswer } from '../common/dialect-exception.filter';
import { MethodNotAllowedException } from '../common/http-method';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { ClientAppErrorResponse } from './client-app.dto';
import {
  InvalidClientException,
  InvalidTokenException,
  UnsupportedGrantTypeException,
} from './client-app.errors';
import { CLIENT_APP_MESSAGES as M } from './client-app.messages';

type Answer = ErrorAnswer<ClientAppErrorResponse>;

const oauth = (status: number, error: string, description: string): Answer => ({
  status,
  body: { error, error_description: description },
});
const invalidUsername = (): Answer => oauth(422, 'invalid_username', M.invalidUsername);
const invalidPassword = (e: AccountsException): Answer => oauth(422, 'invalid_password', e.message);
/** Codes these routes never produce, or rules without a code of their own: invalid_request. */
const invalidRequest = (e: AccountsException): Answer => oauth(422, 'invalid_request', e.message);

/** Every Accounts code in the ClientApp's words (docs/client-app.md, "Errors"). */
const FROM_ACCOUNTS = {
  [Code.UsernameEmpty]: invalidUsername,
  [Code.UsernameTooLong]: invalidUsername,
  [Code.UsernameHasWhitespace]: invalidUsername,
  [Code.UsernameInvalid]: invalidUsername,
  [Code.UsernameRejected]: invalidUsername,
  [Code.PasswordTooShort]: invalidPassword,
  [Code.PasswordTooLong]: invalidPassword,
  [Code.PasswordHasControlCharacter]: invalidPassword,
  [Code.PasswordRejected]: invalidPassword,
  [Code.PasswordCommon]: invalidPassword,
  [Code.PasswordTooWeak]: invalidPassword,
  [Code.UsernameTaken]: () => oauth(422, 'username_taken', M.usernameTaken),
  [Code.SignupRefused]: (e) => oauth(422, 'signup_refused', e.message),
  [Code.InvalidCredentials]: () => oauth(400, 'invalid_grant', M.invalidGrant),
  [Code.TooManyAttempts]: (e) => ({
    ...oauth(429, 'too_many_requests', M.tooManyRequests),
    retryAfterSeconds: e.retryAfterSeconds,
  }),
  [Code.ServiceUnavailable]: (e) => ({
    ...oauth(503, 'temporarily_unavailable', M.unavailable),
    retryAfterSeconds: e.retryAfterSeconds,
  }),
  // This dialect takes no email, no confirmation and no confirm token.
  [Code.EmailRequired]: invalidRequest,
  [Code.EmailTooLong]: invalidRequest,
  [Code.EmailHasWhitespace]: invalidRequest,
  [Code.EmailInvalid]: invalidRequest,
  [Code.EmailRejected]: invalidRequest,
  [Code.EmailTaken]: invalidRequest,
  [Code.PasswordMismatch]: invalidRequest,
  [Code.ConfirmTokenInvalid]: invalidRequest,
  [Code.ConfirmTokenUsed]: invalidRequest,
  [Code.InvalidToken]: invalidRequest,
  [Code.UserNotFound]: invalidRequest,
} satisfies Record<Code, (error: AccountsException) => Answer>;

/**
 * Renders every error of the ClientApp routes as `{"error", "error_description"}`
 * (docs/client-app.md, "Errors"; RFC 6749 5.2, RFC 6750 3.1): 400 invalid_request,
 * unsupported_grant_type and invalid_grant, 401 invalid_client, 401 invalid_token with its
 * `WWW-Authenticate` challenge, 422 for the username and password rules and a taken
 * username, 413 for a body over 64 KiB, 503 temporarily_unavailable with Retry-After, 500
 * server_error (logged) for bugs.
 */
@Catch()
export class ClientAppExceptionFilter extends DialectExceptionFilter<ClientAppErrorResponse> {
  answer(error: unknown): Answer | undefined {
    const accounts = asAccountsException(error);
    if (accounts) return FROM_ACCOUNTS[accounts.code](accounts);
    if (error instanceof InvalidClientException) {
      // Every 401 carries a challenge (RFC 9110 15.5.2); clients authenticate with Basic.
      return {
        ...oauth(401, 'invalid_client', error.message),
        headers: { 'WWW-Authenticate': 'Basic realm="signup-gateway"' },
      };
    }
    if (error instanceof UnsupportedGrantTypeException) {
      return oauth(400, 'unsupported_grant_type', error.message);
    }
    if (error instanceof InvalidTokenException) {
      return {
        ...oauth(401, 'invalid_token', error.message),
        headers: { 'WWW-Authenticate': error.challenge },
      };
    }
    if (error instanceof RequestBodyException) {
      const status = error.problem === RequestBodyProblem.TooLarge ? 413 : 400;
      return oauth(status, 'invalid_request', error.message);
    }
    if (error instanceof MethodNotAllowedException) {
      return {
        ...oauth(405, 'invalid_request', error.message),
        headers: { Allow: error.allowHeader },
      };
    }
    return undefined;
  }

  protected serverError(): ClientAppErrorResponse {
    return { error: 'server_error', error_description: M.serverError };
  }
}
