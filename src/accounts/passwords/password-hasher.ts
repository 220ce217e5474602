import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import * as bcrypt from 'bcrypt';
import { EnvironmentVariables } from '../../config/env.validation';

/**
 * Domain-separation key of the pre-hash (accounts.md). Fixed and versioned, not a secret:
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

/** Counts hashes in flight and queues the rest (a FIFO semaphore). */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
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
 * Hashes run in the libuv thread pool, which `dns.lookup` and `fs` share: at most pool size
 * minus one run at once, so the pool always has a thread for the rest (accounts.md).
 */
@Injectable()
export class PasswordHasher {
  private readonly cost: number;
  private readonly slots: Semaphore;
  private dummy?: Promise<string>;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.cost = config.get('BCRYPT_COST', { infer: true });
    const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    this.slots = new Semaphore(Math.max(1, poolSize - 1));
  }

  /**
   * @param password NFKC-normalised password, up to 256 code points
   * @returns a bcrypt string (`$2b$<cost>$…`, 60 characters)
   */
  hash(password: string): Promise<string> {
    return this.slots.use(() => bcrypt.hash(bcryptInput(password), this.cost));
  }

  /**
   * A hash of a random password at the configured cost, made once, so that a sign-in for an
   * unknown user costs the same bcrypt work as one with a wrong password.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(24).toString('base64'));
    return this.dummy;
  }

  /** True when `password` (NFKC-normalised) matches `hash`; constant-time inside bcrypt. */
  verify(password: string, hash: string): Promise<boolean> {
    return this.slots.use(() => bcrypt.compare(bcryptInput(password), hash));
  }
}
