import { createHmac } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { MetricsService } from '../../metrics/metrics.service';
import { AccountsException } from '../accounts.errors';
import { PasswordInput } from '../user.entity';
import { bcryptInput, PasswordHasher, PREHASH_KEY } from './password-hasher';

describe('PasswordHasher (docs/accounts.md, "Passwords")', () => {
  const config = (values: Record<string, number>) =>
    new ConfigService({
      BCRYPT_COST: 4,
      HASH_CONCURRENCY: 2,
      HASH_QUEUE_MAX_WAIT_MS: 60_000,
      ...values,
    }) as never;
  const hasher = new PasswordHasher(config({}), new MetricsService());
  const hash = (password: string) => hasher.admit('signup').hash(password);
  const verify = (password: string, hash: string) =>
    hasher.admit('signin').verify(password, { hash, input: PasswordInput.NfkcPrehash });

  beforeAll(() => hasher.onModuleInit());

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
    const stored = await hash('correct-horse-battery');
    expect(stored).toMatch(/^\$2b\$04\$/);
    await expect(verify('correct-horse-battery', stored)).resolves.toBe(true);
    await expect(verify('correct-horse-batterY', stored)).resolves.toBe(false);
  });

  it('does not verify two passwords that differ only after byte 72', async () => {
    const prefix = 'x'.repeat(72);
    const stored = await hash(`${prefix}-one`);
    await expect(verify(`${prefix}-one`, stored)).resolves.toBe(true);
    await expect(verify(`${prefix}-two`, stored)).resolves.toBe(false);
    await expect(verify(prefix, stored)).resolves.toBe(false);
  });

  it('verifies a 256-character password of 4-byte characters', async () => {
    const password = '😀'.repeat(256);
    const stored = await hash(password);
    await expect(verify(password, stored)).resolves.toBe(true);
    await expect(verify(`${'😀'.repeat(255)}😁`, stored)).resolves.toBe(false);
  });

  it('makes the dummy hash at start, at the configured cost', () => {
    expect(hasher.dummyHash()).toEqual({
      hash: expect.stringMatching(/^\$2b\$04\$.{53}$/),
      input: PasswordInput.NfkcPrehash,
    });
  });

  it('refuses at once when the predicted wait exceeds HASH_QUEUE_MAX_WAIT_MS, without hashing', async () => {
    const metrics = new MetricsService();
    const small = new PasswordHasher(
      config({ BCRYPT_COST: 8, HASH_CONCURRENCY: 1, HASH_QUEUE_MAX_WAIT_MS: 0 }),
      metrics,
    );
    await small.onModuleInit();
    const first = small.admit('signup');
    let refusal: unknown;
    try {
      small.admit('signup');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AccountsException);
    expect((refusal as AccountsException).code).toBe('SERVICE_UNAVAILABLE');
    expect((refusal as AccountsException).retryAfterSeconds).toBe(1);
    await expect(first.hash('correct-horse-battery')).resolves.toMatch(/^\$2b\$08\$/);
    // Once the first is done, nothing is ahead: admitted again.
    expect(() => small.admit('signin').release()).not.toThrow();
    expect((await metrics.hashQueueRejections.get()).values[0].value).toBe(1);
    expect(
      (await metrics.bcryptDuration.get()).values.find((v) => v.metricName?.endsWith('_count'))
        ?.value,
    ).toBe(1);
  });
});
