import * as argon2 from 'argon2';
import * as bcrypt from 'bcrypt';
import { passlibAvailable, passlibHashes } from '../../../test/helpers/passlib';
import {
  ab64Decode,
  importedHashFormat,
  UnsupportedHashError,
  verifyImportedHash,
} from './imported-hashes';

// Published by passlib: the test vectors of passlib.tests.test_handlers (pbkdf2_sha512).
const PASSLIB_VECTORS: Array<[string, string]> = [
  [
    'password',
    '$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww',
  ],
  [
    'Ιωαννης',
    '$pbkdf2-sha512$1212$KkbvoKGsAIcF8IslDR6skQ$8be/PRmd88Ps8fmPowCJttH9G3vgxpG.Krjt3KT.NP6cKJ0V4Prarqf.HBwz0dCkJ6xgWnSj2ynXSV7MlvMa8Q',
  ],
];

const refusal = (hash: string) => {
  try {
    importedHashFormat(hash);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedHashError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${hash}`);
};

describe('imported password hashes (docs/accounts.md, "Moving users")', () => {
  it.each(PASSLIB_VECTORS)(
    'verifies passlib’s published pbkdf2_sha512 vector for %s',
    async (password, hash) => {
      expect(importedHashFormat(hash)).toBe('pbkdf2-sha512');
      await expect(verifyImportedHash(password, hash)).resolves.toBe(true);
      await expect(verifyImportedHash(`${password}!`, hash)).resolves.toBe(false);
      await expect(verifyImportedHash(password.toUpperCase(), hash)).resolves.toBe(false);
    },
  );

  it('decodes passlib’s adapted base64 ("." for "+", no padding)', () => {
    expect(ab64Decode('.w')).toEqual(Buffer.from([0xfb]));
    expect(ab64Decode('RHY0Fr3IDMSVO/RSZyb5ow')).toHaveLength(16);
  });

  it('verifies bcrypt $2a$ and $2b$ hashes made by the bcrypt package', async () => {
    for (const minor of ['a', 'b'] as const) {
      const hash = await bcrypt.hash('kestrel-password', await bcrypt.genSalt(4, minor));
      expect(hash.startsWith(`$2${minor}$04$`)).toBe(true);
      expect(importedHashFormat(hash)).toBe('bcrypt');
      await expect(verifyImportedHash('kestrel-password', hash)).resolves.toBe(true);
      await expect(verifyImportedHash('kestrel-passworD', hash)).resolves.toBe(false);
    }
  });

  it('verifies the password as typed, not its NFKC form (the old systems hashed it so)', async () => {
    const typed = 'ﬁsh-and-chips'; // U+FB01 LATIN SMALL LIGATURE FI: NFKC makes it "fi"
    const hash = await bcrypt.hash(typed, 4);
    await expect(verifyImportedHash(typed, hash)).resolves.toBe(true);
    await expect(verifyImportedHash(typed.normalize('NFKC'), hash)).resolves.toBe(false);
  });

  it('verifies argon2id hashes made by the argon2 package', async () => {
    const hash = await argon2.hash('zorro-password', {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(hash.startsWith('$argon2id$v=19$')).toBe(true);
    expect(importedHashFormat(hash)).toBe('argon2id');
    await expect(verifyImportedHash('zorro-password', hash)).resolves.toBe(true);
    await expect(verifyImportedHash('zorro-passworb', hash)).resolves.toBe(false);
  });

  const withPasslib = passlibAvailable() ? describe : describe.skip;
  withPasslib('hashes made by passlib itself (Debian python3-passlib)', () => {
    it('verifies pbkdf2_sha512 at passlib’s default rounds', async () => {
      const [hash, unicode] = passlibHashes('pbkdf2_sha512', 25_000, [
        'yak-password',
        'Ιωαννης-κωδικός',
      ]);
      expect(hash).toMatch(/^\$pbkdf2-sha512\$25000\$/);
      await expect(verifyImportedHash('yak-password', hash)).resolves.toBe(true);
      await expect(verifyImportedHash('yak-passwore', hash)).resolves.toBe(false);
      await expect(verifyImportedHash('Ιωαννης-κωδικός', unicode)).resolves.toBe(true);
    });

    it('verifies PHP-style $2y$ bcrypt, which the bcrypt package reads as $2b$', async () => {
      const [hash] = passlibHashes('bcrypt_2y', 4, ['yak-password']);
      expect(hash).toMatch(/^\$2y\$04\$/);
      await expect(bcrypt.compare('yak-password', hash)).resolves.toBe(false); // why we rename
      await expect(verifyImportedHash('yak-password', hash)).resolves.toBe(true);
      await expect(verifyImportedHash('yak-passwore', hash)).resolves.toBe(false);
    });
  });

  it('refuses plain text and formats it does not take, with a reason', () => {
    expect(refusal('correct horse battery staple')).toMatch(/^Unsupported password hash/);
    expect(refusal('$1$saltsalt$2vnaRpHa6Jxjz5n83ok8Z0')).toMatch(/^Unsupported/); // md5crypt
    expect(refusal('$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2g')).toMatch(
      /^Unsupported/,
    );
    expect(refusal('$2b$04$tooshort')).toBe('Malformed password hash');
  });

  it('refuses hashes whose work would hold a hashing slot too long', () => {
    const salt = 'a'.repeat(53);
    expect(refusal(`$2b$21$${salt}`)).toBe('bcrypt cost must be 04 to 20');
    expect(refusal(`$2b$03$${salt}`)).toBe('bcrypt cost must be 04 to 20');
    const checksum = 'A'.repeat(86);
    expect(refusal(`$pbkdf2-sha512$1000001$c2FsdA$${checksum}`)).toMatch(/rounds must be at most/);
    const argon = (params: string) =>
      `$argon2id$v=19$${params}$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo`;
    expect(importedHashFormat(argon('m=19456,t=2,p=1'))).toBe('argon2id');
    expect(importedHashFormat(argon('m=65536,p=4,t=3'))).toBe('argon2id'); // the argon2 package’s order
    expect(refusal(argon('m=1048576,t=2,p=1'))).toMatch(/out of bounds/);
    expect(refusal(argon('m=19456,t=2'))).toBe('Malformed password hash');
  });

  it('answers false, not an error, for a hash it refuses', async () => {
    await expect(verifyImportedHash('anything', 'plain')).resolves.toBe(false);
  });
});
