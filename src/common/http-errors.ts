import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import {
  AccountsErrorCode,
  AccountsException,
  RETRY_AFTER_SECONDS,
} from '../accounts/accounts.errors';
import { isDatabaseUnavailable } from '../database/database.errors';

const logger = new Logger('UnexpectedError');

/**
 * Turns an unreachable or overloaded database, wherever it surfaced, into the Accounts
 * module's ServiceUnavailable, so that every dialect answers it with its 503 shape.
 */
export function asServiceUnavailable(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  return new AccountsException(
    AccountsErrorCode.ServiceUnavailable,
    undefined,
    RETRY_AFTER_SECONDS,
  );
}

/** True when an unexpected error is a bug, to be answered with 500. */
export const isServerError = (status: number): boolean => status >= 500;

/**
 * Logs an error no dialect maps (a bug) by name, message and stack, never the request body,
 * and returns the status to answer with: an HttpException's own status, else 500.
 */
export function statusOfUnexpected(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const { name, message, stack } = (error ?? {}) as Error;
  logger.error(`${name}: ${message}`, stack);
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

/** Sets Retry-After on a 503 answer (accounts.md, "Requests"). */
export function setRetryAfter(response: Response, error: AccountsException): void {
  if (error.code === AccountsErrorCode.ServiceUnavailable) {
    response.setHeader('Retry-After', String(error.retryAfterSeconds ?? 1));
  }
}

/** Codes grouped as the dialects group them in their error tables. */
export const USERNAME_CODES = new Set<AccountsErrorCode>([
  AccountsErrorCode.UsernameEmpty,
  AccountsErrorCode.UsernameTooLong,
  AccountsErrorCode.UsernameHasWhitespace,
  AccountsErrorCode.UsernameInvalid,
  AccountsErrorCode.UsernameRejected,
]);
export const EMAIL_CODES = new Set<AccountsErrorCode>([
  AccountsErrorCode.EmailRequired,
  AccountsErrorCode.EmailTooLong,
  AccountsErrorCode.EmailHasWhitespace,
  AccountsErrorCode.EmailInvalid,
  AccountsErrorCode.EmailRejected,
]);
export const PASSWORD_CODES = new Set<AccountsErrorCode>([
  AccountsErrorCode.PasswordTooShort,
  AccountsErrorCode.PasswordTooLong,
  AccountsErrorCode.PasswordRejected,
  AccountsErrorCode.PasswordCommon,
  AccountsErrorCode.PasswordTooWeak,
]);
