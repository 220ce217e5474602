import { join } from 'node:path';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { Piscina } from 'piscina';

/** zxcvbn looks at no more than this many characters (docs/accounts.md, "Passwords"). */
export const STRENGTH_ANALYSIS_MAX_CHARS = 20;

/**
 * The common-password list and zxcvbn strength estimate of docs/accounts.md.
 * zxcvbn's cost grows steeply with length (4 s at 256 characters); on the first 20 characters
 * it stays within about 20 ms even for l33t-heavy input (measured here), and it runs in a
 * worker thread (piscina, `strength.worker.js`), so a flood of such passwords never stalls the
 * event loop for other requests.
 */
@Injectable()
export class PasswordStrength implements OnModuleDestroy {
  private readonly common: ReadonlySet<string>;
  private readonly pool = new Piscina<string, number>({
    filename: join(__dirname, 'strength.worker.js'),
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: 60_000,
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
    return this.pool.run(head);
  }

  /** Lets the estimates in flight finish (their requests are still being answered), then stops. */
  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
