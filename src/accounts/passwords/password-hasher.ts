import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { MetricsService } from '../../metrics/metrics.service';
import { AccountsErrorCode, AccountsException, RETRY_AFTER_SECONDS } from '../accounts.errors';
import { AppConfig } from '../../config/app-config';
import { nfkc } from '../identifiers';
import { PasswordInput } from '../user.entity';
import { verifyImportedHash } from './imported-hashes';
import {
  HashLane,
  HashQueueFull,
  HashRequestAborted,
  HashScheduler,
  HashTicket,
} from './hash-scheduler';

/**
 * Domain-separation key of the pre-hash (docs/accounts.md). Fixed and versioned, not a secret:
 * every instance computes the same pre-hash, so none can lose it.
 */
export const PREHASH_KEY = 'signup-gateway/bcrypt-prehash/v1';

/** Resolves after `ms` milliseconds (at once for none). */
const sleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

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

/** A stored password hash and what it was computed from (docs/accounts.md, "Moving users"). */
export interface StoredPassword {
  hash: string;
  input: PasswordInput;
}

/**
 * An admitted signup's or sign-in's place in the bcrypt queue: {@link hash} or {@link verify}
 * once, or {@link release} when a rule refused the request before any hashing.
 */
export interface PasswordTicket {
  /**
   * @param password NFKC-normalised password, up to 256 code points
   * @returns a bcrypt string (`$2b$<cost>$…`, 60 characters)
   * @throws AccountsException ServiceUnavailable when the client went away before its turn
   */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches the stored hash; constant-time inside the hash function.
   * A native hash is checked against the NFKC form ({@link bcryptInput}), an imported one
   * against the password as sent ({@link verifyImportedHash}).
   * @param password as the user sent it (not yet normalised)
   * @throws AccountsException ServiceUnavailable when the client went away before its turn
   */
  verify(password: string, stored: StoredPassword): Promise<boolean>;
  /** Gives the place back unused (safe after hash or verify). */
  release(): void;
}

/**
 * bcrypt hashing and verification (the `bcrypt` package, asynchronous, cost `BCRYPT_COST`).
 * Hashes run in the libuv thread pool, which `dns.lookup` and `fs` share: `HASH_CONCURRENCY`
 * (default one per core) run at once, below the pool size, so the pool always has threads
 * for the rest (docs/accounts.md). Admission control comes first ({@link admit}): a request
 * whose predicted wait exceeds `HASH_QUEUE_MAX_WAIT_MS` is refused at once with
 * ServiceUnavailable (503, Retry-After), before any expensive work. At start it makes the
 * dummy hash (for sign-ins of unknown users) at the current cost, which also gives the first
 * estimate of the hash time.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly cost: number;
  private scheduler: HashScheduler;
  private dummy: string;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.cost = config.get('BCRYPT_COST');
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    this.dummy = await bcrypt.hash(randomBytes(24).toString('base64'), this.cost);
    this.scheduler = new HashScheduler(
      this.config.get('HASH_CONCURRENCY'),
      this.config.get('HASH_QUEUE_MAX_WAIT_MS'),
      performance.now() - started,
    );
  }

  /**
   * Admits a signup or a sign-in to the bcrypt queue, or refuses it at once.
   * @param signal fires when the client went away: a waiting request then leaves the queue
   * @throws AccountsException ServiceUnavailable with Retry-After (the predicted wait, at
   *   least 1 s) when the predicted wait exceeds `HASH_QUEUE_MAX_WAIT_MS`
   */
  admit(lane: HashLane, signal?: AbortSignal): PasswordTicket {
    let ticket: HashTicket;
    try {
      ticket = this.scheduler.admit(lane, signal);
    } catch (error) {
      if (!(error instanceof HashQueueFull)) throw error;
      this.metrics.hashQueueRejections.inc();
      throw new AccountsException(
        AccountsErrorCode.ServiceUnavailable,
        'Too many signups at once; retry later',
        Math.max(RETRY_AFTER_SECONDS, Math.ceil(error.predictedWaitMs / 1000)),
      );
    }
    return {
      hash: async (password) =>
        (await this.timed(ticket, 'hash', () => bcrypt.hash(bcryptInput(password), this.cost)))
          .result,
      verify: async (password, stored) => {
        const current = !this.needsRehash(stored);
        const { result, ms } = await this.timed(
          ticket,
          'verify',
          () =>
            stored.input === PasswordInput.Raw
              ? verifyImportedHash(password, stored.hash)
              : bcrypt.compare(bcryptInput(nfkc(password)), stored.hash),
          current,
        );
        // Outside the slot: the padding costs no hashing capacity.
        if (!current) await sleep(this.scheduler.meanHashMs - ms);
        return result;
      },
      release: () => ticket.release(),
    };
  }

  /**
   * True when a stored hash is not this service's own bcrypt hash of the current cost (an
   * older cost, or an imported hash of any format): a successful sign-in replaces it
   * (docs/client-app.md, "Sign in"; docs/accounts.md, "Moving users").
   */
  needsRehash(stored: StoredPassword): boolean {
    if (stored.input !== PasswordInput.NfkcPrehash) return true;
    const match = /^\$2[ab]\$(\d{2})\$/.exec(stored.hash);
    return !match || Number(match[1]) !== this.cost;
  }

  /**
   * A hash of a random password at the configured cost, made at start, so that a sign-in for
   * an unknown user costs the same bcrypt work as one with a wrong password.
   */
  dummyHash(): StoredPassword {
    return { hash: this.dummy, input: PasswordInput.NfkcPrehash };
  }

  /** Runs bcrypt work on a ticket; its result and how long the work itself took. */
  private async timed<T>(
    ticket: HashTicket,
    operation: 'hash' | 'verify',
    work: () => Promise<T>,
    learn = true,
  ): Promise<{ result: T; ms: number }> {
    try {
      return await ticket.run(async () => {
        const stop = this.metrics.bcryptDuration.startTimer({ operation });
        const started = performance.now();
        try {
          return { result: await work(), ms: performance.now() - started };
        } finally {
          stop();
        }
      }, learn);
    } catch (error) {
      if (!(error instanceof HashRequestAborted)) throw error;
      throw new AccountsException(
        AccountsErrorCode.ServiceUnavailable,
        'The client went away before its turn',
        RETRY_AFTER_SECONDS,
      );
    }
  }
}
