import { Catch } from '@nestjs/common';
import {
  AccountsErrorCode as Code,
  AccountsException,
  asAccountsException,
} from '../accounts/accounts.errors';
import { DialectExceptionFilter, ErrorAnswer } from '../common/dialect-exception.filter';
import { MethodNotAllowedException } from '../common/http-method';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { MillinerErrorResponse } from './milliner.dto';
import { MILLINER_MESSAGES as M } from './milliner.messages';

type Answer = ErrorAnswer<MillinerErrorResponse>;

const bad = (message: string, cause: string): Answer => ({ status: 400, body: { message, cause } });
const invalidUsername = (): Answer => bad(M.invalidUsername.message, M.invalidUsername.cause);
const invalidEmail = (): Answer => bad(M.invalidEmail.message, M.invalidEmail.cause);
const invalidPassword = (error: AccountsException): Answer => bad(M.invalidPassword, error.message);
const duplicate = (): Answer => bad(M.duplicate.message, M.duplicate.cause);
/** Codes this route never produces (other dialects' or the CLI's): answered as a bad request. */
const invalidRequest = (error: AccountsException): Answer => bad(M.invalidRequest, error.message);

/** Every Accounts code in Milliner's words (docs/milliner.md, "Errors"). */
const FROM_ACCOUNTS = {
  [Code.UsernameEmpty]: invalidUsername,
  [Code.UsernameTooLong]: invalidUsername,
  [Code.UsernameHasWhitespace]: invalidUsername,
  [Code.UsernameInvalid]: invalidUsername,
  [Code.UsernameRejected]: invalidUsername,
  [Code.EmailRequired]: invalidEmail,
  [Code.EmailTooLong]: invalidEmail,
  [Code.EmailHasWhitespace]: invalidEmail,
  [Code.EmailInvalid]: invalidEmail,
  [Code.EmailRejected]: invalidEmail,
  [Code.PasswordMismatch]: () => bad(M.mismatch.message, M.mismatch.cause),
  [Code.PasswordTooShort]: invalidPassword,
  [Code.PasswordTooLong]: invalidPassword,
  [Code.PasswordHasControlCharacter]: invalidPassword,
  [Code.PasswordRejected]: invalidPassword,
  [Code.PasswordCommon]: invalidPassword,
  [Code.PasswordTooWeak]: invalidPassword,
  [Code.UsernameTaken]: duplicate,
  [Code.EmailTaken]: duplicate,
  [Code.SignupRefused]: (error) => bad(M.signupRefused, error.message),
  [Code.TooManyAttempts]: (error) => ({
    status: 429,
    body: { ...M.tooManyRequests },
    retryAfterSeconds: error.retryAfterSeconds,
  }),
  [Code.ServiceUnavailable]: (error) => ({
    status: 503,
    body: { ...M.unavailable },
    retryAfterSeconds: error.retryAfterSeconds,
  }),
  [Code.ConfirmTokenInvalid]: invalidRequest,
  [Code.ConfirmTokenUsed]: invalidRequest,
  [Code.InvalidCredentials]: invalidRequest,
  [Code.InvalidToken]: invalidRequest,
  [Code.UserNotFound]: invalidRequest,
} satisfies Record<Code, (error: AccountsException) => Answer>;

/**
 * Renders every error of the Milliner route as `{"message", "cause"}` (docs/milliner.md,
 * "Errors"): 400 for the table's rows, 413 for a body over 64 KiB, 503 with Retry-After when
 * the service cannot work, 500 (logged) for anything unexpected.
 */
@Catch()
export class MillinerExceptionFilter extends DialectExceptionFilter<MillinerErrorResponse> {
  answer(error: unknown): Answer | undefined {
    const accounts = asAccountsException(error);
    if (accounts) return FROM_ACCOUNTS[accounts.code](accounts);
    if (error instanceof RequestBodyException) {
      return error.problem === RequestBodyProblem.TooLarge
        ? { status: 413, body: { message: M.payloadTooLarge, cause: error.message } }
        : bad(M.invalidRequest, error.message);
    }
    if (error instanceof MethodNotAllowedException) {
      return {
        status: 405,
        body: { message: M.methodNotAllowed, cause: error.message },
        headers: { Allow: error.allowHeader },
      };
    }
    return undefined;
  }

  protected serverError(): MillinerErrorResponse {
    return { ...M.serverError };
  }
}
