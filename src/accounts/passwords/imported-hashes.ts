import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import * as argon2 from 'argon2';
import * as bcrypt from 'bcrypt';

const pbkdf2Async = promisify(pbkdf2);

/** The password hash formats `users import` accepts (docs/accounts.md, "Moving users"). */
export type ImportedHashFormat = 'bcrypt' | 'pbkdf2-sha512' | 'argon2id';

/**
 * Work bounds of an imported hash. A sign-in verifies it inside one hashing slot, so one
 * absurd cost would hold a slot for minutes: bcrypt cost at most 20 (as `BCRYPT_COST`),
 * pbkdf2 at most 1,000,000 rounds (about 1 s here), argon2id at most 256 MiB, 16 passes and
 * 16 lanes (OWASP's Password Storage Cheat Sheet recommends 19 to 46 MiB).
 */
export const IMPORTED_HASH_LIMITS = {
  bcryptCost: 20,
  pbkdf2Rounds: 1_000_000,
  argon2MemoryKiB: 262_144,
  argon2Passes: 16,
  argon2Lanes: 16,
} as const;

const BCRYPT = /^\$(2[aby])\$(\d{2})\$[./A-Za-z0-9]{53}$/;
// passlib's pbkdf2_sha512: rounds, then salt and checksum in its adapted base64 ("ab64":
// "." for "+", no padding); the checksum is the 64-byte derived key (86 characters).
const PBKDF2_SHA512 =
  /^\$pbkdf2-sha512\$([1-9]\d{0,9})\$([./A-Za-z0-9]{1,128})\$([./A-Za-z0-9]{86})$/;
// PHC string format: $argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>, base64 without padding.
const ARGON2ID =
  /^\$argon2id\$v=(16|19)\$([a-z]=\d{1,10}(?:,[a-z]=\d{1,10}){2})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/;

/** Why an imported hash was refused; its message is the reason `users import` reports. */
export class UnsupportedHashError extends Error {}

/**
 * Recognises an imported password hash and checks its bounds.
 * @param hash as stored by the old system (Zato's Fernet encryption already removed)
 * @returns its format
 * @throws UnsupportedHashError with the reason: not one of the formats (plain text included),
 *   malformed, or over {@link IMPORTED_HASH_LIMITS}
 */
export function importedHashFormat(hash: string): ImportedHashFormat {
  const bcryptMatch = BCRYPT.exec(hash);
  if (bcryptMatch) {
    const cost = Number(bcryptMatch[2]);
    if (cost < 4 || cost > IMPORTED_HASH_LIMITS.bcryptCost) {
      throw new UnsupportedHashError(
        `bcrypt cost must be 04 to ${IMPORTED_HASH_LIMITS.bcryptCost}`,
      );
    }
    return 'bcrypt';
  }
  const pbkdf2Match = PBKDF2_SHA512.exec(hash);
  if (pbkdf2Match) {
    if (Number(pbkdf2Match[1]) > IMPORTED_HASH_LIMITS.pbkdf2Rounds) {
      throw new UnsupportedHashError(
        `pbkdf2-sha512 rounds must be at most ${IMPORTED_HASH_LIMITS.pbkdf2Rounds}`,
      );
    }
    return 'pbkdf2-sha512';
  }
  const argonMatch = ARGON2ID.exec(hash);
  if (argonMatch) {
    const params = new Map(
      argonMatch[2].split(',').map((pair) => [pair[0], Number(pair.slice(2))] as const),
    );
    const [m, t, p] = ['m', 't', 'p'].map((name) => params.get(name));
    if (params.size !== 3 || m === undefined || t === undefined || p === undefined) {
      throw new UnsupportedHashError('argon2id parameters must be m, t and p');
    }
    if (
      m < 8 * p ||
      m > IMPORTED_HASH_LIMITS.argon2MemoryKiB ||
      t < 1 ||
      t > IMPORTED_HASH_LIMITS.argon2Passes ||
      p < 1 ||
      p > IMPORTED_HASH_LIMITS.argon2Lanes
    ) {
      throw new UnsupportedHashError(
        `argon2id parameters out of bounds (m ≤ ${IMPORTED_HASH_LIMITS.argon2MemoryKiB}, t ≤ ${IMPORTED_HASH_LIMITS.argon2Passes}, p ≤ ${IMPORTED_HASH_LIMITS.argon2Lanes})`,
      );
    }
    return 'argon2id';
  }
  if (/^\$(2[aby]|pbkdf2-sha512|argon2id)\$/.test(hash)) {
    throw new UnsupportedHashError('Malformed password hash');
  }
  throw new UnsupportedHashError(
    'Unsupported password hash (bcrypt $2a$, $2b$ or $2y$; $pbkdf2-sha512$; $argon2id$)',
  );
}

/** passlib's adapted base64 ("." for "+", no padding) to bytes. */
export function ab64Decode(value: string): Buffer {
  return Buffer.from(value.replace(/\./g, '+'), 'base64');
}

/**
 * Verifies a password against an imported hash, the way the old system did: the password's
 * UTF-8 bytes as typed, not normalised (bcrypt reads the first 72 of them, as every bcrypt
 * does). `$2y$` (PHP's name for `$2b$`) is read as `$2b$`, which the `bcrypt` package
 * requires. Runs off the event loop (libuv pool or argon2's own worker).
 * @param password as the user sent it
 * @param hash one that {@link importedHashFormat} accepts
 * @returns true when the password matches; false for a wrong password or a hash it refuses
 */
export async function verifyImportedHash(password: string, hash: string): Promise<boolean> {
  let format: ImportedHashFormat;
  try {
    format = importedHashFormat(hash);
  } catch {
    return false;
  }
  switch (format) {
    case 'bcrypt':
      return bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$'));
    case 'pbkdf2-sha512': {
      const [, , rounds, salt, checksum] = hash.split('$');
      const expected = ab64Decode(checksum);
      const derived = await pbkdf2Async(
        Buffer.from(password, 'utf8'),
        ab64Decode(salt),
        Number(rounds),
        expected.length,
        'sha512',
      );
      return timingSafeEqual(derived, expected);
    }
    case 'argon2id':
      return argon2.verify(hash, password);
  }
}
