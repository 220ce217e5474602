import { Refusal } from '../common/refusal';
import { isDatabaseUnavailable } from '../database/database.errors';

/**
 * Why the Accounts module refused a request. Each dialect's exception filter maps every code
 * to its own wire format (docs/milliner.md, docs/sso.md, docs/client-app.md), checked by the
 * compiler (`satisfies Record<AccountsErrorCode, …>`); the order of the checks that produce
 * them is signup.rules.ts's.
 */
export enum AccountsErrorCode {
  UsernameEmpty = 'USERNAME_EMPTY',
  UsernameTooLong = 'USERNAME_TOO_LONG',
  UsernameHasWhitespace = 'USERNAME_HAS_WHITESPACE',
  /** Breaks the dialect's pattern, or holds a character docs/accounts.md forbids. */
  UsernameInvalid = 'USERNAME_INVALID',
  /** Reserved (store-wide, by skeleton), or contains an entry of a reject list. */
  UsernameRejected = 'USERNAME_REJECTED',
  EmailRequired = 'EMAIL_REQUIRED',
  EmailTooLong = 'EMAIL_TOO_LONG',
  EmailHasWhitespace = 'EMAIL_HAS_WHITESPACE',
  EmailInvalid = 'EMAIL_INVALID',
  EmailRejected = 'EMAIL_REJECTED',
  PasswordMismatch = 'PASSWORD_MISMATCH',
  PasswordTooShort = 'PASSWORD_TOO_SHORT',
  PasswordTooLong = 'PASSWORD_TOO_LONG',
  /** Holds a control character (`\p{Cc}`, NUL included; docs/accounts.md, "Hostile input"). */
  PasswordHasControlCharacter = 'PASSWORD_HAS_CONTROL_CHARACTER',
  /** Contains an entry of the dialect's reject list (sso.conf `[password] reject_list`). */
  PasswordRejected = 'PASSWORD_REJECTED',
  /** Is one of the common passwords of @zxcvbn-ts/language-common (docs/accounts.md). */
  PasswordCommon = 'PASSWORD_COMMON',
  PasswordTooWeak = 'PASSWORD_TOO_WEAK',
  UsernameTaken = 'USERNAME_TAKEN',
  EmailTaken = 'EMAIL_TAKEN',
  /** The confirm token is unknown or has expired (docs/sso.md, E005006). */
  ConfirmTokenInvalid = 'CONFIRM_TOKEN_INVALID',
  /** The confirm token was used already (docs/sso.md, E005007). */
  ConfirmTokenUsed = 'CONFIRM_TOKEN_USED',
  /** Wrong username or password, or a user who may not sign in (docs/accounts.md, "Tokens"). */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  /** The access token is unknown, expired, or its user may no longer sign in. */
  InvalidToken = 'INVALID_TOKEN',
  /** The validation hook refused the signup, or could not answer (docs/events.md). */
  SignupRefused = 'SIGNUP_REFUSED',
  /** No user has this username (operator commands). */
  UserNotFound = 'USER_NOT_FOUND',
  /** A rate limit was reached (docs/accounts.md, "Rate limits"): 429 with Retry-After. */
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  /** The database cannot be reached or the service is overloaded: 503 with Retry-After. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

/** Seconds a client should wait after a 503 (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 1;

/**
 * What each code means, in words safe to show: the text dialects pass on where their contract
 * says the answer "says which rule failed". Wire texts of a dialect live in its messages module.
 */
export const ACCOUNTS_ERROR_MESSAGES: Record<AccountsErrorCode, string> = {
  [AccountsErrorCode.UsernameEmpty]: 'Username is required',
  [AccountsErrorCode.UsernameTooLong]: 'Username is too long',
  [AccountsErrorCode.UsernameHasWhitespace]: 'Username must not contain whitespace',
  [AccountsErrorCode.UsernameInvalid]: 'Username contains characters that are not allowed',
  [AccountsErrorCode.UsernameRejected]: 'Username is not allowed',
  [AccountsErrorCode.EmailRequired]: 'Email is required',
  [AccountsErrorCode.EmailTooLong]: 'Email address is too long',
  [AccountsErrorCode.EmailHasWhitespace]: 'Email address must not contain whitespace',
  [AccountsErrorCode.EmailInvalid]: 'Email address is not valid',
  [AccountsErrorCode.EmailRejected]: 'Email address is not allowed',
  [AccountsErrorCode.PasswordMismatch]: 'Passwords do not match',
  [AccountsErrorCode.PasswordTooShort]: 'Password is too short',
  [AccountsErrorCode.PasswordTooLong]: 'Password is too long',
  [AccountsErrorCode.PasswordHasControlCharacter]: 'Password must not contain control characters',
  [AccountsErrorCode.PasswordRejected]: 'Password contains a word that is not allowed',
  [AccountsErrorCode.PasswordCommon]: 'Password is too common',
  [AccountsErrorCode.PasswordTooWeak]: 'Minimum password requirement strength not met',
  [AccountsErrorCode.UsernameTaken]: 'Username is taken',
  [AccountsErrorCode.EmailTaken]: 'Email address is taken',
  [AccountsErrorCode.ConfirmTokenInvalid]: 'Confirm token is unknown or has expired',
  [AccountsErrorCode.ConfirmTokenUsed]: 'Confirm token has already been used',
  [AccountsErrorCode.InvalidCredentials]: 'Wrong username or password, or the user may not sign in',
  [AccountsErrorCode.InvalidToken]: 'The access token is invalid or has expired',
  [AccountsErrorCode.SignupRefused]: 'Signup refused',
  [AccountsErrorCode.UserNotFound]: 'No such user',
  [AccountsErrorCode.TooManyAttempts]: 'Too many attempts; retry later',
  [AccountsErrorCode.ServiceUnavailable]: 'Service unavailable',
};

/**
 * The one exception type of the Accounts module: a code plus a message safe to show.
 * Never an HTTP exception; dialect filters map it. A {@link Refusal}: no stack trace.
 */
export class AccountsException extends Refusal {
  readonly code: AccountsErrorCode;
  /** Seconds after which a retry may succeed (ServiceUnavailable and TooManyAttempts). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AccountsErrorCode,
    message: string = ACCOUNTS_ERROR_MESSAGES[code],
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** ServiceUnavailable with the standard Retry-After. */
export function serviceUnavailable(): AccountsException {
  return new AccountsException(
    AccountsErrorCode.ServiceUnavailable,
    undefined,
    RETRY_AFTER_SECONDS,
  );
}

/**
 * Turns an unreachable or overloaded database, wherever it surfaced, into ServiceUnavailable,
 * so that every dialect answers it with its 503 shape (docs/accounts.md, "Requests").
 * @returns the AccountsException to answer with, or null for any other error
 */
export function asAccountsException(error: unknown): AccountsException | null {
  if (error instanceof AccountsException) return error;
  return isDatabaseUnavailable(error) ? serviceUnavailable() : null;
}
