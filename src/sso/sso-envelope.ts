import { randomBytes } from 'node:crypto';

/** A correlation id: 24 lower-case hex characters, random per request (docs/sso.md, "Envelope"). */
export function newCid(): string {
  return randomBytes(12).toString('hex');
}
