import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { MetricsService } from '../../metrics/metrics.service';
import { AccountsErrorCode, AccountsException, RETRY_AFTER_SECONDS } from '../accounts.errors';
import { AppConfig } from '../../config/app-config';

/**
 * Domain-separation key of the pre-hash (docs/accounts.md). Fixed and versioned, not a secret:
 * every instance computes the same pre-hash, so none can lose it.
 */
export const PREHASH_KEY = 'signup-gateway/bcrypt-prehash/v1';

/** bcrypt reads at most 72 bytes of its input. */
const BCRYPT_MAX_BYTES = 72;

/**
 * What bcrypt receives for a password: the password itself when it fits in 72 UTF-8 bytes
 * and holds no NUL, else `base64(HMAC-SHA-384(PREHASH_KEY, password))` (64 ASCII characters),
 * as OWASP's Password Storage Cheat Sheet describes, so nothing is silently truncated.
 * @param password NFKC-normalised password
 */
export function bcryptInput(password: string): string {
  if (Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_BYTES && !password.includes('\0')) {
    return password;
  }
  return createHmac('sha384', PREHASH_KEY).update(password, 'utf8').digest('base64');
}

/** Thrown by {@link BoundedQueue} when its queue is full. */
class QueueFull extends Error {}

/** At most `concurrency` jobs at once, at most `queueLimit` waiting (FIFO); more are refused. */
export class BoundedQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** @throws QueueFull at once, without running `work`, when every slot and queue place is taken. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new QueueFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * bcrypt hashing and verification (the `bcrypt` package, asynchronous, cost `BCRYPT_COST`).
 * Hashes run in the libuv thread pool, which `dns.lookup` and `fs` share: `HASH_CONCURRENCY`
 * (default one per core) run at once, below the pool size, so the pool always has threads
 * for the rest (docs/accounts.md). Admission control: at most `HASH_QUEUE_LIMIT` wait; past it the
 * work is refused at once with ServiceUnavailable (503, Retry-After), without hashing.
 */
@Injectable()
export class PasswordHasher {
  private readonly cost: number;
  private readonly queue: BoundedQueue;
  private dummy?: Promise<string>;

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.cost = config.get('BCRYPT_COST');
    this.queue = new BoundedQueue(config.get('HASH_CONCURRENCY'), config.get('HASH_QUEUE_LIMIT'));
  }

  /**
   * @param password NFKC-normalised password, up to 256 code points
   * @returns a bcrypt string (`$2b$<cost>$…`, 60 characters)
   * @throws AccountsException ServiceUnavailable when the queue is full
   */
  hash(password: string): Promise<string> {
    return this.admit('hash', () => bcrypt.hash(bcryptInput(password), this.cost));
  }

  /**
   * True when `password` (NFKC-normalised) matches `hash`; constant-time inside bcrypt.
   * @throws AccountsException ServiceUnavailable when the queue is full
   */
  verify(password: string, hash: string): Promise<boolean> {
    return this.admit('verify', () => bcrypt.compare(bcryptInput(password), hash));
  }

  /**
   * A hash of a random password at the configured cost, made once, so that a sign-in for an
   * unknown user costs the same bcrypt work as one with a wrong password.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= bcrypt.hash(randomBytes(24).toString('base64'), this.cost);
    return this.dummy;
  }

  private async admit<T>(operation: 'hash' | 'verify', work: () => Promise<T>): Promise<T> {
    try {
      return await this.queue.run(async () => {
        const stop = this.metrics.bcryptDuration.startTimer({ operation });
        try {
          return await work();
        } finally {
          stop();
        }
      });
    } catch (error) {
      if (!(error instanceof QueueFull)) throw error;
      this.metrics.hashQueueRejections.inc();
      throw new AccountsException(
        AccountsErrorCode.ServiceUnavailable,
        'Too many signups at once; retry later',
        RETRY_AFTER_SECONDS,
      );
    }
  }
}
