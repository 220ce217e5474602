import { Refusal } from '../common/refusal';

/**
 * Zato SSO status codes this service answers with (docs/sso.md; codes from zato/sso/__init__.py).
 */
export enum SsoStatusCode {
  UsernameInvalid = 'E001001',
  UsernameExists = 'E001002',
  UsernameTooLong = 'E001003',
  UsernameHasWhitespace = 'E001004',
  EmailInvalid = 'E002001',
  EmailExists = 'E002002',
  EmailTooLong = 'E002003',
  EmailHasWhitespace = 'E002004',
  EmailMissing = 'E002005',
  PasswordRejected = 'E003001',
  PasswordTooShort = 'E003002',
  PasswordTooLong = 'E003003',
  PasswordTooSimple = 'E003008',
  AppInvalid = 'E004001',
  AppSignupNotAllowed = 'E004002',
  NotAllowed = 'E005001',
  ConfirmTokenInvalid = 'E005006',
  ConfirmTokenUsed = 'E005007',
  InvalidOperation = 'E008001',
  InvalidInput = 'E008002',
  MissingInput = 'E008003',
  ServiceUnavailable = 'E008004',
  /** Ours: Zato limits nothing here (docs/accounts.md, "Rate limits"). */
  TooManyRequests = 'E008005',
}

/** What the SSO codes mean, for Swagger and operators. */
export const SSO_STATUS_MEANINGS: Record<SsoStatusCode, string> = {
  [SsoStatusCode.UsernameInvalid]:
    'Username empty, rejected by [user_validation] reject_username, or with a forbidden character',
  [SsoStatusCode.UsernameExists]:
    'Username taken (only with [signup] inform_if_user_exists = True)',
  [SsoStatusCode.UsernameTooLong]: 'Username longer than [signup] max_length_username',
  [SsoStatusCode.UsernameHasWhitespace]: 'Username contains whitespace',
  [SsoStatusCode.EmailInvalid]: 'Email not valid, or rejected by [user_validation] reject_email',
  [SsoStatusCode.EmailExists]: 'Email taken (only with [signup] inform_if_email_exists = True)',
  [SsoStatusCode.EmailTooLong]: 'Email longer than [signup] max_length_email',
  [SsoStatusCode.EmailHasWhitespace]: 'Email contains whitespace',
  [SsoStatusCode.EmailMissing]: 'Email required by [signup] is_email_required but missing',
  [SsoStatusCode.PasswordRejected]:
    'Password contains an entry of [password] reject_list, or is a common password',
  [SsoStatusCode.PasswordTooShort]: 'Password shorter than [password] min_length',
  [SsoStatusCode.PasswordTooLong]: 'Password longer than [password] max_length',
  [SsoStatusCode.PasswordTooSimple]: 'zxcvbn score below [password] min_complexity',
  [SsoStatusCode.AppInvalid]:
    'current_app missing or not in [apps] all, or an app_list entry not in it',
  [SsoStatusCode.AppSignupNotAllowed]: 'current_app not in [apps] signup_allowed',
  [SsoStatusCode.NotAllowed]: 'Not allowed (the detail is hidden by an inform_if_* flag)',
  [SsoStatusCode.ConfirmTokenInvalid]: 'Confirm token unknown or expired',
  [SsoStatusCode.ConfirmTokenUsed]: 'Confirm token already used',
  [SsoStatusCode.InvalidOperation]:
    'Invalid operation: a method the path does not serve (405, see Allow), or a failure on the server (500)',
  [SsoStatusCode.InvalidInput]:
    'Malformed JSON, a body that is not an object, or a field of the wrong type',
  [SsoStatusCode.MissingInput]: 'A required field is missing',
  [SsoStatusCode.ServiceUnavailable]:
    'Service unavailable (database down or overloaded); see Retry-After',
  [SsoStatusCode.TooManyRequests]: 'Too many attempts (a rate limit was reached); see Retry-After',
};

/** An SSO-dialect refusal that is not an Accounts rule (the `[apps]` checks, rows 1 to 3). */
export class SsoRequestException extends Refusal {
  constructor(readonly code: SsoStatusCode.AppInvalid | SsoStatusCode.AppSignupNotAllowed) {
    super(SSO_STATUS_MEANINGS[code]);
    this.name = 'SsoRequestException';
  }
}
