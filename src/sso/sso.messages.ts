import {
  AccountsErrorCode as Code,
  AccountsException,
  serviceUnavailable,
} from '../accounts/accounts.errors';
import { DocumentedError } from '../common/dialect-exception.filter';
import { BODY_LIMIT_BYTES, RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { SsoErrorResponse } from './sso.dto';
import { SsoRequestException, SsoStatusCode as S } from './sso.errors';

/** The `cid` of Swagger examples (a real answer has a fresh one). */
export const EXAMPLE_CID = '259529171ff77ce4c8b26e11';

const envelope = (code: S): SsoErrorResponse => ({
  cid: EXAMPLE_CID,
  status: 'error',
  sub_status: [code],
});

const example = (
  status: number,
  summary: string,
  code: S,
  cause: () => unknown,
): DocumentedError<SsoErrorResponse> => ({
  status,
  name: code,
  summary,
  value: envelope(code),
  cause,
});

const accounts = (code: Code) => () => new AccountsException(code);

/** Swagger descriptions of the SSO error statuses (both routes). */
export const SSO_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Input not understood',
  403: 'Refused: the first failing check of the table (codes may be hidden behind E005001 by the inform_if_* flags)',
  405: 'A method the path does not serve; the Allow header names POST, PATCH',
  413: 'Body over 64 KiB',
  429: 'A rate limit was reached; see Retry-After',
  503: 'Database unreachable or service overloaded; see Retry-After',
};

/** What both SSO routes document alike: 400, 413 and 503, each with an error producing it. */
const COMMON: DocumentedError<SsoErrorResponse>[] = [
  example(
    400,
    'Malformed JSON or a field of the wrong type (E008002)',
    S.InvalidInput,
    () => new RequestBodyException(RequestBodyProblem.Malformed, 'Request body is not valid JSON'),
  ),
  example(
    400,
    'A required field missing (E008003)',
    S.MissingInput,
    () =>
      new RequestBodyException(RequestBodyProblem.FieldMissing, 'username is required', 'username'),
  ),
  example(
    413,
    'Body over 64 KiB (E008002)',
    S.InvalidInput,
    () =>
      new RequestBodyException(
        RequestBodyProblem.TooLarge,
        `Request body must be at most ${BODY_LIMIT_BYTES} bytes`,
      ),
  ),
  example(503, 'Service unavailable (E008004)', S.ServiceUnavailable, serviceUnavailable),
];

/** The documented errors of `POST /zato/sso/user/signup`, in the order of the check table. */
export const SSO_SIGNUP_ERROR_EXAMPLES: DocumentedError<SsoErrorResponse>[] = [
  example(
    403,
    'current_app not in [apps] all (E004001)',
    S.AppInvalid,
    () => new SsoRequestException(S.AppInvalid),
  ),
  example(
    403,
    'current_app may not sign up (E004002)',
    S.AppSignupNotAllowed,
    () => new SsoRequestException(S.AppSignupNotAllowed),
  ),
  example(
    403,
    'Username invalid or rejected (E001001)',
    S.UsernameInvalid,
    accounts(Code.UsernameInvalid),
  ),
  example(403, 'Username too long (E001003)', S.UsernameTooLong, accounts(Code.UsernameTooLong)),
  example(
    403,
    'Username with whitespace (E001004)',
    S.UsernameHasWhitespace,
    accounts(Code.UsernameHasWhitespace),
  ),
  example(403, 'Email missing (E002005)', S.EmailMissing, accounts(Code.EmailRequired)),
  example(403, 'Email too long (E002003)', S.EmailTooLong, accounts(Code.EmailTooLong)),
  example(
    403,
    'Email with whitespace (E002004)',
    S.EmailHasWhitespace,
    accounts(Code.EmailHasWhitespace),
  ),
  example(403, 'Email invalid or rejected (E002001)', S.EmailInvalid, accounts(Code.EmailInvalid)),
  example(403, 'Password too short (E003002)', S.PasswordTooShort, accounts(Code.PasswordTooShort)),
  example(403, 'Password too long (E003003)', S.PasswordTooLong, accounts(Code.PasswordTooLong)),
  example(
    403,
    'Password rejected or common (E003001)',
    S.PasswordRejected,
    accounts(Code.PasswordRejected),
  ),
  example(
    403,
    'Password too simple (E003008)',
    S.PasswordTooSimple,
    accounts(Code.PasswordTooWeak),
  ),
  example(
    403,
    'Username taken, when revealed (E001002)',
    S.UsernameExists,
    accounts(Code.UsernameTaken),
  ),
  example(403, 'Email taken, when revealed (E002002)', S.EmailExists, accounts(Code.EmailTaken)),
  example(
    403,
    'Refused by the validation hook (E005001)',
    S.NotAllowed,
    accounts(Code.SignupRefused),
  ),
  example(
    429,
    'Too many attempts (E008005)',
    S.TooManyRequests,
    () => new AccountsException(Code.TooManyAttempts, undefined, 60),
  ),
  ...COMMON,
];

/** The documented errors of `PATCH /zato/sso/user/signup`, in the order of its checks. */
export const SSO_CONFIRM_ERROR_EXAMPLES: DocumentedError<SsoErrorResponse>[] = [
  example(
    403,
    'current_app not in [apps] all (E004001)',
    S.AppInvalid,
    () => new SsoRequestException(S.AppInvalid),
  ),
  example(
    403,
    'Confirm token already used (E005007)',
    S.ConfirmTokenUsed,
    accounts(Code.ConfirmTokenUsed),
  ),
  example(
    403,
    'Confirm token unknown or expired (E005006)',
    S.ConfirmTokenInvalid,
    accounts(Code.ConfirmTokenInvalid),
  ),
  ...COMMON,
];
