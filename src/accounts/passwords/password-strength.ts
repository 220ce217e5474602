import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn looks at no more than this many characters (docs/accounts.md, "Passwords"). */
export const STRENGTH_ANALYSIS_MAX_CHARS = 20;

/**
 * The common-password list and zxcvbn strength estimate of docs/accounts.md.
 * zxcvbn's cost grows steeply with length (4 s at 256 characters); on the first
 * 20 characters it stays within about 20 ms even for l33t-heavy input (measured here).
 */
@Injectable()
export class PasswordStrength {
  private readonly common: ReadonlySet<string>;
  private readonly zxcvbn: ZxcvbnFactory;

  constructor() {
    this.common = new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
    this.zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  }

  /** True when the whole password, case-insensitively, is on the common-password list. */
  isCommon(password: string): boolean {
    return this.common.has(password.toLowerCase());
  }

  /**
   * zxcvbn score from 0 (guessable) to 4, computed on the first 20 code points.
   * @param password NFKC-normalised password
   */
  score(password: string): number {
    const head = Array.from(password).slice(0, STRENGTH_ANALYSIS_MAX_CHARS).join('');
    return this.zxcvbn.check(head).score;
  }
}
