import { Catch, Inject } from '@nestjs/common';
import { AccountsErrorCode as Code, asAccountsException } from '../accounts/accounts.errors';
import { DialectExceptionFilter, ErrorAnswer } from '../common/dialect-exception.filter';
import { MethodNotAllowedException } from '../common/http-method';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { newCid } from './sso-envelope';
import { SsoErrorResponse } from './sso.dto';
import { SsoRequestException, SsoStatusCode as S } from './sso.errors';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';

/** Which `inform_if_*` flag may hide a refusal behind E005001; null: never hidden. */
type Flag = 'user' | 'email' | 'password' | null;

/** Every Accounts code as Zato's status code, with the flag that governs it (docs/sso.md). */
const FROM_ACCOUNTS = {
  [Code.UsernameEmpty]: [S.UsernameInvalid, 'user'],
  [Code.UsernameTooLong]: [S.UsernameTooLong, 'user'],
  [Code.UsernameHasWhitespace]: [S.UsernameHasWhitespace, 'user'],
  [Code.UsernameInvalid]: [S.UsernameInvalid, 'user'],
  [Code.UsernameRejected]: [S.UsernameInvalid, 'user'],
  [Code.EmailRequired]: [S.EmailMissing, 'email'],
  [Code.EmailTooLong]: [S.EmailTooLong, 'email'],
  [Code.EmailHasWhitespace]: [S.EmailHasWhitespace, 'email'],
  [Code.EmailInvalid]: [S.EmailInvalid, 'email'],
  [Code.EmailRejected]: [S.EmailInvalid, 'email'],
  [Code.PasswordTooShort]: [S.PasswordTooShort, 'password'],
  [Code.PasswordTooLong]: [S.PasswordTooLong, 'password'],
  [Code.PasswordHasControlCharacter]: [S.PasswordRejected, 'password'],
  [Code.PasswordRejected]: [S.PasswordRejected, 'password'],
  [Code.PasswordCommon]: [S.PasswordRejected, 'password'],
  [Code.PasswordTooWeak]: [S.PasswordTooSimple, 'password'],
  [Code.UsernameTaken]: [S.UsernameExists, null],
  [Code.EmailTaken]: [S.EmailExists, null],
  [Code.ConfirmTokenInvalid]: [S.ConfirmTokenInvalid, null],
  [Code.ConfirmTokenUsed]: [S.ConfirmTokenUsed, null],
  [Code.SignupRefused]: [S.NotAllowed, null],
  // Not produced by these routes (no password confirmation, no sign-in): not allowed.
  [Code.PasswordMismatch]: [S.NotAllowed, null],
  [Code.InvalidCredentials]: [S.NotAllowed, null],
  [Code.InvalidToken]: [S.NotAllowed, null],
  [Code.UserNotFound]: [S.NotAllowed, null],
  [Code.TooManyAttempts]: [S.TooManyRequests, null],
  [Code.ServiceUnavailable]: [S.ServiceUnavailable, null],
} satisfies Record<Code, [S, Flag]>;

/**
 * Renders every error of the SSO routes in the Zato envelope
 * `{cid, status: "error", sub_status: [code]}` (docs/sso.md): 403 for refusals, with codes
 * hidden behind E005001 as the `inform_if_*` flags say; 400 E008002/E008003 for input not
 * understood; 413 for a body over 64 KiB; 503 E008004 with Retry-After; 500 E008001 (logged)
 * for bugs. Every answer has `Cache-Control: no-store`.
 */
@Catch()
export class SsoExceptionFilter extends DialectExceptionFilter<SsoErrorResponse> {
  constructor(@Inject(SSO_SETTINGS) private readonly settings: SsoSettings) {
    super();
  }

  answer(error: unknown): ErrorAnswer<SsoErrorResponse> | undefined {
    if (error instanceof SsoRequestException) {
      return this.envelope(403, this.settings.apps.informIfAppInvalid ? error.code : S.NotAllowed);
    }
    const accounts = asAccountsException(error);
    if (accounts) {
      const [code, flag] = FROM_ACCOUNTS[accounts.code];
      if (code === S.ServiceUnavailable || code === S.TooManyRequests) {
        const status = code === S.ServiceUnavailable ? 503 : 429;
        return { ...this.envelope(status, code), retryAfterSeconds: accounts.retryAfterSeconds };
      }
      return this.envelope(403, this.informs(flag) ? code : S.NotAllowed);
    }
    if (error instanceof RequestBodyException) {
      if (error.problem === RequestBodyProblem.TooLarge) return this.envelope(413, S.InvalidInput);
      if (error.problem === RequestBodyProblem.FieldMissing)
        return this.envelope(400, S.MissingInput);
      return this.envelope(400, S.InvalidInput);
    }
    if (error instanceof MethodNotAllowedException) {
      return { ...this.envelope(405, S.InvalidOperation), headers: { Allow: error.allowHeader } };
    }
    return undefined;
  }

  protected serverError(): SsoErrorResponse {
    return this.envelope(500, S.InvalidOperation).body;
  }

  protected override commonHeaders(): Record<string, string> {
    return { 'Cache-Control': 'no-store' };
  }

  private envelope(status: number, code: S): ErrorAnswer<SsoErrorResponse> {
    return { status, body: { cid: newCid(), status: 'error', sub_status: [code] } };
  }

  /** Whether the flag governing this failure lets the caller see its own code. */
  private informs(flag: Flag): boolean {
    const { signup, password } = this.settings;
    if (flag === 'user') return signup.informIfUserInvalid;
    if (flag === 'email') return signup.informIfEmailInvalid;
    if (flag === 'password') return password.informIfInvalid;
    return true;
  }
}
