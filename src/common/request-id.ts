import { randomUUID } from 'node:crypto';

/** A caller's request id is kept when it is 1 to 128 visible ASCII characters. */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The request id of docs/deployment.md ("Logs"): the caller's `X-Request-Id` when sane, else a
 * new UUID. Anything else a caller sends (control characters, spaces, over 128 characters)
 * is replaced, so it can never forge or break a log line.
 * @param given the `X-Request-Id` header as Node parsed it (a string, a list or absent)
 */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
