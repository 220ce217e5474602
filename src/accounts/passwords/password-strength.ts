import { join } from 'node:path';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import workerpool from 'workerpool';

/** zxcvbn looks at no more than this many characters (docs/accounts.md, "Passwords"). */
export const STRENGTH_ANALYSIS_MAX_CHARS = 20;

/**
 * The common-password list and zxcvbn strength estimate of docs/accounts.md.
 * zxcvbn's cost grows steeply with length (4 s at 256 characters); on the first 20 characters
 * it stays within about 30 ms even for l33t-heavy input (measured here). It runs in one child
 * process at the lowest CPU priority (workerpool, `strength.worker.js`): in a worker thread the
 * collection of zxcvbn's heap ran on the service's own garbage-collection threads and a flood
 * of such passwords stalled the event loop for up to 100 ms (docs/performance.md).
 */
@Injectable()
export class PasswordStrength implements OnModuleDestroy {
  private readonly common: ReadonlySet<string>;
  private readonly pool = workerpool.pool(join(__dirname, 'strength.worker.js'), {
    workerType: 'process',
    // Started on first use (see warmUp): the operator CLI, which never scores, starts none.
    minWorkers: 0,
    maxWorkers: 1,
    // The child needs little heap; its own start flags, not the service's.
    forkOpts: { execArgv: ['--max-old-space-size=128'] },
  });

  constructor() {
    this.common = new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  }

  /** True when the whole password, case-insensitively, is on the common-password list. */
  isCommon(password: string): boolean {
    return this.common.has(password.toLowerCase());
  }

  /**
   * zxcvbn score from 0 (guessable) to 4, computed on the first 20 code points, in the worker.
   * @param password NFKC-normalised password
   */
  score(password: string): Promise<number> {
    const head = Array.from(password).slice(0, STRENGTH_ANALYSIS_MAX_CHARS).join('');
    return this.pool.exec('score', [head]) as Promise<number>;
  }

  /** The id of the estimator's process (started if needed), for tests and operators. */
  processId(): Promise<number> {
    return this.pool.exec('pid', []) as Promise<number>;
  }

  /** Starts the estimator's process and loads its dictionaries (about 0.3 s), before traffic. */
  async warmUp(): Promise<void> {
    await this.score('warm-up');
  }

  /** Lets the estimates in flight finish (their requests are still being answered), then stops. */
  async onModuleDestroy(): Promise<void> {
    await this.pool.terminate(false);
  }
}
