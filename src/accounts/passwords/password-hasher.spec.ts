import { createHmac } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { bcryptInput, PasswordHasher, PREHASH_KEY } from './password-hasher';

describe('PasswordHasher (accounts.md, "Passwords")', () => {
  const hasher = new PasswordHasher(new ConfigService({ BCRYPT_COST: 4 }) as never);

  it('passes passwords of at most 72 UTF-8 bytes to bcrypt unchanged', () => {
    expect(bcryptInput('a'.repeat(72))).toBe('a'.repeat(72));
    expect(bcryptInput('é'.repeat(36))).toBe('é'.repeat(36));
  });

  it('pre-hashes longer passwords as base64(HMAC-SHA-384(key, password))', () => {
    const long = 'é'.repeat(37); // 74 bytes, 37 characters
    const expected = createHmac('sha384', 'signup-gateway/bcrypt-prehash/v1')
      .update(long)
      .digest('base64');
    expect(PREHASH_KEY).toBe('signup-gateway/bcrypt-prehash/v1');
    expect(bcryptInput(long)).toBe(expected);
    expect(expected).toHaveLength(64);
  });

  it('pre-hashes passwords with a NUL, which bcrypt would cut short', () => {
    expect(bcryptInput('abc\0defgh')).toHaveLength(64);
  });

  it('hashes with the configured cost and verifies', async () => {
    const hash = await hasher.hash('correct-horse-battery');
    expect(hash).toMatch(/^\$2b\$04\$/);
    await expect(hasher.verify('correct-horse-battery', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct-horse-batterY', hash)).resolves.toBe(false);
  });

  it('does not verify two passwords that differ only after byte 72', async () => {
    const prefix = 'x'.repeat(72);
    const hash = await hasher.hash(`${prefix}-one`);
    await expect(hasher.verify(`${prefix}-one`, hash)).resolves.toBe(true);
    await expect(hasher.verify(`${prefix}-two`, hash)).resolves.toBe(false);
    await expect(hasher.verify(prefix, hash)).resolves.toBe(false);
  });

  it('verifies a 256-character password of 4-byte characters', async () => {
    const password = '😀'.repeat(256);
    const hash = await hasher.hash(password);
    await expect(hasher.verify(password, hash)).resolves.toBe(true);
    await expect(hasher.verify(`${'😀'.repeat(255)}😁`, hash)).resolves.toBe(false);
  });
});
