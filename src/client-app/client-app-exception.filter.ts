import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Response } from 'express';
import { AccountsErrorCode as Code, AccountsException } from '../accounts/accounts.errors';
import {
  PASSWORD_CODES,
  setRetryAfter,
  statusOfUnexpected,
  USERNAME_CODES,
  asServiceUnavailable,
  isServerError,
} from '../common/http-errors';
import { RequestBodyException, RequestBodyProblem } from '../common/request-body';
import { ClientAppErrorResponse } from './client-app.dto';
import {
  InvalidTokenException,
  UnknownClientException,
  UnsupportedGrantTypeException,
} from './client-app.errors';

export const INVALID_USERNAME_DESCRIPTION =
  'Username must be 1 to 64 characters without spaces or invisible characters';

function fromAccounts(error: AccountsException): [number, ClientAppErrorResponse] {
  if (USERNAME_CODES.has(error.code)) {
    return [422, { error: 'invalid_username', error_description: INVALID_USERNAME_DESCRIPTION }];
  }
  if (PASSWORD_CODES.has(error.code))
    return [422, { error: 'invalid_password', error_description: error.message }];
  switch (error.code) {
    case Code.SignupRefused:
      return [422, { error: 'signup_refused', error_description: error.message }];
    case Code.InvalidCredentials:
      return [
        400,
        { error: 'invalid_grant', error_description: 'The access grant you supplied is invalid' },
      ];
    case Code.UsernameTaken:
      return [
        422,
        { error: 'username_taken', error_description: 'Username has already been taken' },
      ];
    case Code.ServiceUnavailable:
      return [
        503,
        {
          error: 'temporarily_unavailable',
          error_description: 'The service is busy or its database is unreachable; retry later',
        },
      ];
    default:
      return [422, { error: 'invalid_request', error_description: error.message }];
  }
}

/**
 * Renders every error of the ClientApp routes as `{"error", "error_description"}`
 * (client-app.md, "Errors"; RFC 6749 5.2, RFC 6750 3.1): 400 invalid_request,
 * unsupported_grant_type and invalid_grant, 401 invalid_client, 401 invalid_token with its
 * `WWW-Authenticate` challenge, 422 for the username and password rules and a taken username, 413 for a body over 64 KiB,
 * 503 temporarily_unavailable with Retry-After, 500 server_error (logged) for bugs.
 */
@Catch()
export class ClientAppExceptionFilter implements ExceptionFilter {
  catch(thrown: unknown, host: ArgumentsHost): void {
    const error = asServiceUnavailable(thrown);
    const response = host.switchToHttp().getResponse<Response>();
    let status: number;
    let body: ClientAppErrorResponse;
    if (error instanceof AccountsException) {
      [status, body] = fromAccounts(error);
      setRetryAfter(response, error);
    } else if (error instanceof UnknownClientException) {
      [status, body] = [401, { error: 'invalid_client', error_description: error.message }];
    } else if (error instanceof UnsupportedGrantTypeException) {
      [status, body] = [400, { error: 'unsupported_grant_type', error_description: error.message }];
    } else if (error instanceof InvalidTokenException) {
      response.setHeader('WWW-Authenticate', error.challenge);
      [status, body] = [401, { error: 'invalid_token', error_description: error.message }];
    } else if (error instanceof RequestBodyException) {
      status = error.problem === RequestBodyProblem.TooLarge ? 413 : 400;
      body = { error: 'invalid_request', error_description: error.message };
    } else {
      status = statusOfUnexpected(error);
      body = isServerError(status)
        ? { error: 'server_error', error_description: 'An unexpected error occurred' }
        : { error: 'invalid_request', error_description: (error as Error).message };
    }
    response.status(status).json(body);
  }
}
