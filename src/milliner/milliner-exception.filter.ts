import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
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
import { MillinerErrorResponse } from './milliner.dto';

/** Row 3 and row 7 of milliner.md are verbatim from the seed. */
export const MILLINER_MESSAGES = {
  invalidUsername: {
    message: 'Invalid username',
    cause:
      'Username must not contain spaces, uppercase letters or special characters, 22 characters maximum',
  },
  invalidEmail: { message: 'Invalid email', cause: 'Email address is not valid' },
  mismatch: { message: 'Passwords do not match', cause: 'pass and passRepeat must be identical' },
  duplicate: {
    message: 'Duplicate Signup',
    cause: 'HAT with such username or email already exists',
  },
} as const;

function fromAccounts(error: AccountsException): [number, MillinerErrorResponse] {
  if (USERNAME_CODES.has(error.code)) return [400, { ...MILLINER_MESSAGES.invalidUsername }];
  if (EMAIL_CODES.has(error.code)) return [400, { ...MILLINER_MESSAGES.invalidEmail }];
  if (PASSWORD_CODES.has(error.code))
    return [400, { message: 'Invalid password', cause: error.message }];
  switch (error.code) {
    case Code.SignupRefused:
      return [400, { message: 'Signup refused', cause: error.message }];
    case Code.PasswordMismatch:
      return [400, { ...MILLINER_MESSAGES.mismatch }];
    case Code.UsernameTaken:
    case Code.EmailTaken:
      return [400, { ...MILLINER_MESSAGES.duplicate }];
    case Code.ServiceUnavailable:
      return [
        503,
        {
          message: 'Service unavailable',
          cause: 'The service is busy or its database is unreachable; retry later',
        },
      ];
    default:
      return [400, { message: 'Invalid request', cause: error.message }];
  }
}

function fromRequestBody(error: RequestBodyException): [number, MillinerErrorResponse] {
  if (error.problem === RequestBodyProblem.TooLarge) {
    return [413, { message: 'Payload too large', cause: error.message }];
  }
  return [400, { message: 'Invalid request', cause: error.message }];
}

/**
 * Renders every error of the Milliner route as `{"message", "cause"}` (milliner.md, "Errors"):
 * 400 for the table's rows, 413 for a body over 64 KiB, 503 with Retry-After when the
 * service cannot work, 500 (logged) for anything unexpected.
 */
@Catch()
export class MillinerExceptionFilter implements ExceptionFilter {
  catch(thrown: unknown, host: ArgumentsHost): void {
    const error = asServiceUnavailable(thrown);
    const response = host.switchToHttp().getResponse<Response>();
    let status: number;
    let body: MillinerErrorResponse;
    if (error instanceof AccountsException) {
      [status, body] = fromAccounts(error);
      setRetryAfter(response, error);
    } else if (error instanceof RequestBodyException) {
      [status, body] = fromRequestBody(error);
    } else {
      status = statusOfUnexpected(error);
      body = isServerError(status)
        ? { message: 'Internal server error', cause: 'An unexpected error occurred' }
        : { message: 'Invalid request', cause: (error as Error).message };
    }
    response.status(status).json(body);
  }
}
