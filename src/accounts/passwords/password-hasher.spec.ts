import { createHmac } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { MetricsService } from '../../metrics/metrics.service';
import { AccountsException } from '../accounts.errors';
import { BoundedQueue, bcryptInput, PasswordHasher, PREHASH_KEY } from './password-hasher';

describe('PasswordHasher (docs/accounts.md, "Passwords")', () => {
  const config = (values: Record<string, number>) =>
    new ConfigService({
      BCRYPT_COST: 4,
      HASH_CONCURRENCY: 2,
      HASH_QUEUE_LIMIT: 16,
      ...values,
    }) as never;
  const hasher = new PasswordHasher(config({}), new MetricsService());

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

  it('refuses at once past the queue limit (admission control), without hashing', async () => {
    const metrics = new MetricsService();
    const small = new PasswordHasher(
      config({ BCRYPT_COST: 8, HASH_CONCURRENCY: 1, HASH_QUEUE_LIMIT: 2 }),
      metrics,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => small.hash('correct-horse-battery')),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    const refusal = (results[3] as PromiseRejectedResult).reason as AccountsException;
    expect(refusal).toBeInstanceOf(AccountsException);
    expect(refusal.code).toBe('SERVICE_UNAVAILABLE');
    expect(refusal.retryAfterSeconds).toBe(1);
    expect((await metrics.hashQueueRejections.get()).values[0].value).toBe(2);
    expect(
      (await metrics.bcryptDuration.get()).values.find((v) => v.metricName?.endsWith('_count'))
        ?.value,
    ).toBe(3);
  });
});

describe('BoundedQueue', () => {
  it('runs at most `concurrency` jobs at once, in arrival order', async () => {
    const queue = new BoundedQueue(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        queue.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
