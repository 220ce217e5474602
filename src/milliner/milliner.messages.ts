import {
  AccountsErrorCode as Code,
  AccountsException,
  serviceUnavailable,
} from '../accounts/accounts.errors';
import { DocumentedError, SERVICE_UNAVAILABLE_TEXT } from '../common/dialect-exception.filter';
import { BODY_LIMIT_BYTES, RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { MillinerErrorResponse } from './milliner.dto';

/**
 * Every wire text of the Milliner dialect (docs/milliner.md, "Errors"), for its filter and its
 * Swagger examples. Rows 3 and 7 are verbatim from the HAT documentation.
 */
export const MILLINER_MESSAGES = {
  invalidRequest: 'Invalid request',
  invalidUsername: {
    message: 'Invalid username',
    cause:
      'Username must not contain spaces, uppercase letters or special characters, 22 characters maximum',
  },
  invalidEmail: { message: 'Invalid email', cause: 'Email address is not valid' },
  mismatch: { message: 'Passwords do not match', cause: 'pass and passRepeat must be identical' },
  invalidPassword: 'Invalid password',
  duplicate: {
    message: 'Duplicate Signup',
    cause: 'HAT with such username or email already exists',
  },
  signupRefused: 'Signup refused',
  payloadTooLarge: 'Payload too large',
  unavailable: { message: 'Service unavailable', cause: SERVICE_UNAVAILABLE_TEXT },
  tooManyRequests: { message: 'Too many requests', cause: 'Too many attempts; retry later' },
  serverError: { message: 'Internal server error', cause: 'An unexpected error occurred' },
  unsupportedMediaType: 'Content-Type must be application/json',
  methodNotAllowed: 'Method not allowed',
} as const;

const M = MILLINER_MESSAGES;

/** Swagger descriptions of the Milliner error statuses. */
export const MILLINER_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The first failing check of the error table, in order',
  405: 'A method other than POST; the Allow header names POST',
  413: 'Body over 64 KiB',
  429: 'A rate limit was reached (per client IP, per username or email); see Retry-After',
  503: 'Database unreachable or service overloaded; see Retry-After',
};

/** The documented errors of `POST /api/signup`, each with an error that produces it. */
export const MILLINER_ERROR_EXAMPLES: DocumentedError<MillinerErrorResponse>[] = [
  {
    status: 400,
    summary: 'Malformed JSON (row 1)',
    value: {
      message: M.invalidRequest,
      cause: 'Request body is not valid JSON: Unexpected end of JSON input',
    },
    cause: () =>
      new RequestBodyException(
        RequestBodyProblem.Malformed,
        'Request body is not valid JSON: Unexpected end of JSON input',
      ),
  },
  {
    status: 400,
    summary: 'A field missing (row 2)',
    value: { message: M.invalidRequest, cause: 'username is required' },
    cause: () =>
      new RequestBodyException(RequestBodyProblem.FieldMissing, 'username is required', 'username'),
  },
  {
    status: 400,
    summary: 'Invalid username (row 3)',
    value: { ...M.invalidUsername },
    cause: () => new AccountsException(Code.UsernameInvalid),
  },
  {
    status: 400,
    summary: 'Invalid email (row 4)',
    value: { ...M.invalidEmail },
    cause: () => new AccountsException(Code.EmailInvalid),
  },
  {
    status: 400,
    summary: 'Passwords do not match (row 5)',
    value: { ...M.mismatch },
    cause: () => new AccountsException(Code.PasswordMismatch),
  },
  {
    status: 400,
    summary: 'Password too weak (row 6)',
    value: { message: M.invalidPassword, cause: 'Minimum password requirement strength not met' },
    cause: () => new AccountsException(Code.PasswordTooWeak),
  },
  {
    status: 400,
    summary: 'Duplicate Signup (row 7)',
    value: { ...M.duplicate },
    cause: () => new AccountsException(Code.UsernameTaken),
  },
  {
    status: 413,
    summary: 'Body over 64 KiB',
    value: {
      message: M.payloadTooLarge,
      cause: `Request body must be at most ${BODY_LIMIT_BYTES} bytes`,
    },
    cause: () =>
      new RequestBodyException(
        RequestBodyProblem.TooLarge,
        `Request body must be at most ${BODY_LIMIT_BYTES} bytes`,
      ),
  },
  {
    status: 429,
    summary: 'Too many requests',
    value: { ...M.tooManyRequests },
    cause: () => new AccountsException(Code.TooManyAttempts, undefined, 60),
  },
  {
    status: 503,
    summary: 'Service unavailable',
    value: { ...M.unavailable },
    cause: () => serviceUnavailable(),
  },
];
