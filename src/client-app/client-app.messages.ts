import {
  AccountsErrorCode as Code,
  AccountsException,
  serviceUnavailable,
} from '../accounts/accounts.errors';
import { DocumentedError, SERVICE_UNAVAILABLE_TEXT } from '../common/dialect-exception.filter';
import { BODY_LIMIT_BYTES, RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { ClientAppErrorResponse } from './client-app.dto';
import {
  InvalidClientException,
  InvalidTokenException,
  UnsupportedGrantTypeException,
} from './client-app.errors';

/**
 * Every wire text of the ClientApp dialect that is not an Accounts rule's own description
 * (docs/client-app.md, "Errors"), for its filter and its Swagger examples.
 */
export const CLIENT_APP_MESSAGES = {
  invalidUsername: 'Username must be 1 to 64 characters without spaces or invisible characters',
  usernameTaken: 'Username has already been taken',
  invalidGrant: 'The access grant you supplied is invalid',
  unavailable: SERVICE_UNAVAILABLE_TEXT,
  tooManyRequests: 'Too many attempts; retry later',
  serverError: 'An unexpected error occurred',
  unsupportedMediaType:
    'Content-Type must be application/json or application/x-www-form-urlencoded',
} as const;

/** An example named by its `error` code unless `name` says otherwise (keys are unique per status). */
const error = (
  status: number,
  summary: string,
  code: string,
  description: string,
  cause: () => unknown,
  name = code,
): DocumentedError<ClientAppErrorResponse> => ({
  status,
  name,
  summary,
  value: { error: code, error_description: description },
  cause,
});

const TOO_LARGE = `Request body must be at most ${BODY_LIMIT_BYTES} bytes`;
const common = {
  clientTwice: error(
    400,
    'Client given twice',
    'invalid_request',
    'The client must be given once: in the body or with HTTP Basic, not both',
    () =>
      new RequestBodyException(
        RequestBodyProblem.FieldOutOfRange,
        'The client must be given once: in the body or with HTTP Basic, not both',
        'client_id',
      ),
    'client_twice',
  ),
  malformed: error(
    400,
    'Malformed JSON',
    'invalid_request',
    'Request body is not valid JSON: Unexpected end of JSON input',
    () =>
      new RequestBodyException(
        RequestBodyProblem.Malformed,
        'Request body is not valid JSON: Unexpected end of JSON input',
      ),
    'malformed',
  ),
  tooLarge: error(
    413,
    'Body over 64 KiB',
    'invalid_request',
    TOO_LARGE,
    () => new RequestBodyException(RequestBodyProblem.TooLarge, TOO_LARGE),
  ),
  unavailable: error(
    503,
    'Service unavailable',
    'temporarily_unavailable',
    SERVICE_UNAVAILABLE_TEXT,
    serviceUnavailable,
  ),
  tooMany: error(
    429,
    'Too many attempts',
    'too_many_requests',
    'Too many attempts; retry later',
    () => new AccountsException(Code.TooManyAttempts, undefined, 60),
  ),
  invalidClient: error(
    401,
    'Unknown or revoked client',
    'invalid_client',
    'Unknown client ID',
    () => new InvalidClientException(),
  ),
};

/** Swagger descriptions of the ClientApp error statuses. */
export const CLIENT_APP_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or incomplete',
  401: 'Unknown or revoked client, or no usable access token',
  405: 'A method the path does not serve; see the Allow header',
  413: 'Body over 64 KiB',
  422: 'The username or password breaks a rule, or the username is taken',
  429: 'A rate limit was reached; see Retry-After',
  503: 'Database unreachable or service overloaded; see Retry-After',
};

/** The documented errors of `POST /sign-up`. */
export const CLIENT_APP_SIGNUP_ERROR_EXAMPLES = [
  common.malformed,
  error(
    400,
    'A field missing',
    'invalid_request',
    'username is required',
    () =>
      new RequestBodyException(RequestBodyProblem.FieldMissing, 'username is required', 'username'),
    'missing',
  ),
  common.invalidClient,
  error(
    422,
    'Username breaks the rule',
    'invalid_username',
    CLIENT_APP_MESSAGES.invalidUsername,
    () => new AccountsException(Code.UsernameHasWhitespace),
  ),
  error(
    422,
    'Common password',
    'invalid_password',
    'Password is too common',
    () => new AccountsException(Code.PasswordCommon),
  ),
  error(
    422,
    'Username taken',
    'username_taken',
    CLIENT_APP_MESSAGES.usernameTaken,
    () => new AccountsException(Code.UsernameTaken),
  ),
  common.tooLarge,
  common.tooMany,
  common.unavailable,
];

/** The documented errors of `POST /oauth/authorize`. */
export const CLIENT_APP_TOKEN_ERROR_EXAMPLES = [
  error(
    400,
    'A field missing',
    'invalid_request',
    'grant_type is required',
    () =>
      new RequestBodyException(
        RequestBodyProblem.FieldMissing,
        'grant_type is required',
        'grant_type',
      ),
  ),
  common.clientTwice,
  error(
    400,
    'Grant type not password',
    'unsupported_grant_type',
    'The authorization grant type is not supported: use grant_type=password',
    () => new UnsupportedGrantTypeException(),
  ),
  error(
    400,
    'Wrong username or password',
    'invalid_grant',
    CLIENT_APP_MESSAGES.invalidGrant,
    () => new AccountsException(Code.InvalidCredentials),
  ),
  common.invalidClient,
  common.tooLarge,
  common.tooMany,
  common.unavailable,
];

/** The documented errors of `POST /oauth/revoke` (RFC 7009 2.2.1). */
export const CLIENT_APP_REVOKE_ERROR_EXAMPLES = [
  error(
    400,
    'No token',
    'invalid_request',
    'token is required',
    () => new RequestBodyException(RequestBodyProblem.FieldMissing, 'token is required', 'token'),
  ),
  common.clientTwice,
  common.invalidClient,
  common.tooLarge,
  common.unavailable,
];

/** The documented errors of `GET /users/me`. */
export const CLIENT_APP_ME_ERROR_EXAMPLES = [
  error(
    401,
    'Token unknown, expired or revoked',
    'invalid_token',
    'The access token is invalid or has expired',
    () => new InvalidTokenException('Bearer', true),
  ),
  error(
    401,
    'No token at all',
    'invalid_token',
    'An access token is required',
    () => new InvalidTokenException('Bearer', false),
    'missing',
  ),
  common.unavailable,
];
