import { createHash, randomBytes } from 'node:crypto';
import { randomBase36 } from '../common/random';

/**
 * SHA-256 of a random token, lower-case hex: what is stored instead of the token
 * (docs/accounts.md, "Tokens"; enough for random tokens, which cannot be guessed from a list).
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * An SSO confirm token: 24 CSPRNG bytes (192 bits) in URL-safe base64 without padding,
 * exactly 32 characters of `[A-Za-z0-9_-]` (docs/sso.md).
 */
export function newConfirmToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A ClientApp access token: 30 lower-case base36 characters, about 155 bits (docs/client-app.md). */
export function newAccessToken(): string {
  return randomBase36(30);
}
