import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * SHA-256 of a random token, lower-case hex: what is stored instead of the token
 * (accounts.md, "Tokens"; enough for random tokens, which cannot be guessed from a list).
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * An SSO confirm token: 24 CSPRNG bytes (192 bits) in URL-safe base64 without padding,
 * exactly 32 characters of `[A-Za-z0-9_-]` (sso.md).
 */
export function newConfirmToken(): string {
  return randomBytes(24).toString('base64url');
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `length` lower-case base36 characters, each drawn uniformly from a CSPRNG
 * (30 characters carry about 155 bits). Used for access tokens and client ids (client-app.md).
 */
export function newBase36Token(length = 30): string {
  let token = '';
  for (let i = 0; i < length; i += 1) token += BASE36[randomInt(36)];
  return token;
}
