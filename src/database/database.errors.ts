import { QueryFailedError } from 'typeorm';

/** A unique index that a write violated, by its name in the migrations. */
export interface UniqueViolation {
  /** Index name (PostgreSQL) or the indexed column list (SQLite message). */
  detail: string;
}

/**
 * Recognises a unique-constraint violation from either driver.
 * PostgreSQL: SQLSTATE 23505 with the constraint name; SQLite: SQLITE_CONSTRAINT_UNIQUE whose
 * message names the columns (`UNIQUE constraint failed: users.username_canonical`).
 * @returns the violated index or columns, or null when the error is something else.
 */
export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string };
  if (driverError?.code === '23505') return { detail: driverError.constraint ?? '' };
  if (
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    return { detail: driverError.message ?? '' };
  }
  return null;
}

/**
 * SQLSTATEs that are not the request's fault (docs/accounts.md, "Hostile input"): connection
 * exceptions (08), insufficient resources (53), operator intervention (57P01 to 57P03),
 * statement timeout (57014), serialization failure (40001), deadlock (40P01), lock not
 * available (55P03).
 */
const UNAVAILABLE_PG_CODES = /^(08|53|57P0[1-3]$|57014$|40001$|40P01$|55P03$)/;
const UNAVAILABLE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * True when the error means the database cannot be reached or is overloaded, so the right
 * answer is 503 with Retry-After (docs/accounts.md, "Requests"), not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = (error instanceof QueryFailedError ? error.driverError : error) as {
    code?: string;
    message?: string;
  } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  const code = candidate.code ?? '';
  if (UNAVAILABLE_PG_CODES.test(code) || UNAVAILABLE_NET_CODES.has(code)) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  const message = candidate.message ?? '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Query read timeout|Client has encountered a connection error/i.test(
    message,
  );
}
