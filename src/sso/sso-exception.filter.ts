import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { Response } from 'express';
import { AccountsErrorCode as Code, AccountsException } from '../accounts/accounts.errors';
import {
  EMAIL_CODES,
  PASSWORD_CODES,
  setRetryAfter,
  statusOfUnexpected,
  USERNAME_CODES,
  asServiceUnavailable,
  isServerError,
} from '../common/http-errors';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { newCid } from './sso-envelope';
import { SsoRequestException, SsoStatusCode as S } from './sso.errors';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';

const ACCOUNTS_TO_SSO: Partial<Record<Code, S>> = {
  [Code.UsernameEmpty]: S.UsernameInvalid,
  [Code.UsernameTooLong]: S.UsernameTooLong,
  [Code.UsernameHasWhitespace]: S.UsernameHasWhitespace,
  [Code.UsernameInvalid]: S.UsernameInvalid,
  [Code.UsernameRejected]: S.UsernameInvalid,
  [Code.EmailRequired]: S.EmailMissing,
  [Code.EmailTooLong]: S.EmailTooLong,
  [Code.EmailHasWhitespace]: S.EmailHasWhitespace,
  [Code.EmailInvalid]: S.EmailInvalid,
  [Code.EmailRejected]: S.EmailInvalid,
  [Code.PasswordTooShort]: S.PasswordTooShort,
  [Code.PasswordTooLong]: S.PasswordTooLong,
  [Code.PasswordRejected]: S.PasswordRejected,
  [Code.PasswordCommon]: S.PasswordRejected,
  [Code.PasswordTooWeak]: S.PasswordTooSimple,
  [Code.UsernameTaken]: S.UsernameExists,
  [Code.EmailTaken]: S.EmailExists,
  [Code.ConfirmTokenInvalid]: S.ConfirmTokenInvalid,
  [Code.ConfirmTokenUsed]: S.ConfirmTokenUsed,
  [Code.SignupRefused]: S.NotAllowed,
};

/**
 * Renders every error of the SSO routes in the Zato envelope
 * `{cid, status: "error", sub_status: [code]}` (sso.md): 403 for refusals, with codes hidden
 * behind E005001 as the `inform_if_*` flags say; 400 E008002/E008003 for input not understood;
 * 413 for a body over 64 KiB; 503 E008004 with Retry-After; 500 E008001 (logged) for bugs.
 * Every response gets `Cache-Control: no-store`.
 */
@Catch()
export class SsoExceptionFilter implements ExceptionFilter {
  constructor(@Inject(SSO_SETTINGS) private readonly settings: SsoSettings) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const error = asServiceUnavailable(thrown);
    const response = host.switchToHttp().getResponse<Response>();
    const [status, code] = this.map(error, response);
    response.setHeader('Cache-Control', 'no-store');
    response.status(status).json({ cid: newCid(), status: 'error', sub_status: [code] });
  }

  private map(error: unknown, response: Response): [number, S] {
    if (error instanceof SsoRequestException) {
      return [403, this.settings.apps.informIfAppInvalid ? error.code : S.NotAllowed];
    }
    if (error instanceof AccountsException) {
      if (error.code === Code.ServiceUnavailable) {
        setRetryAfter(response, error);
        return [503, S.ServiceUnavailable];
      }
      const code = ACCOUNTS_TO_SSO[error.code] ?? S.NotAllowed;
      return [403, this.informs(error.code) ? code : S.NotAllowed];
    }
    if (error instanceof RequestBodyException) {
      if (error.problem === RequestBodyProblem.TooLarge) return [413, S.InvalidInput];
      if (error.problem === RequestBodyProblem.FieldMissing) return [400, S.MissingInput];
      return [400, S.InvalidInput];
    }
    const status = statusOfUnexpected(error);
    return [status, isServerError(status) ? S.InvalidOperation : S.InvalidInput];
  }

  /** Whether the flag governing this failure lets the caller see its own code. */
  private informs(code: Code): boolean {
    const { signup, password } = this.settings;
    if (USERNAME_CODES.has(code)) return signup.informIfUserInvalid;
    if (EMAIL_CODES.has(code)) return signup.informIfEmailInvalid;
    if (PASSWORD_CODES.has(code)) return password.informIfInvalid;
    return true;
  }
}
