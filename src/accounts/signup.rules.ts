import { AccountsErrorCode as Code, AccountsException } from './accounts.errors';
import {
  canonicalEmail,
  canonicalUsername,
  codePointLength,
  containsAnyOf,
  containsLookAlikeOf,
  hasForbiddenCharacter,
  hasWhitespace,
  isValidEmail,
  nfkc,
  usernameSkeleton,
} from './identifiers';
import { EmailRules, PasswordRules, SignupCommand, UsernameRules } from './signup.types';

/** Password length bounds every dialect keeps (docs/accounts.md; NIST SP 800-63B 3.1.1.2). */
export const PASSWORD_BASELINE = { minLength: 8, maxLength: 256 } as const;
/** Longest email anywhere: RFC 5321 4.5.3.1.3 limits a path to 256 octets with brackets. */
export const EMAIL_MAX_LENGTH = 254;

const CONTROL = /\p{Cc}/u;
const usernameSkeleton_ = usernameSkeleton;

/** The compared forms of a reserved-name list, made once per list (it is configuration). */
const RESERVED_KEYS = new WeakMap<readonly string[], Map<boolean, ReadonlySet<string>>>();

function reservedKeys(names: readonly string[], lookAlike: boolean): ReadonlySet<string> {
  const byMode = RESERVED_KEYS.get(names) ?? new Map<boolean, ReadonlySet<string>>();
  RESERVED_KEYS.set(names, byMode);
  let keys = byMode.get(lookAlike);
  if (!keys) {
    keys = new Set(
      names.map((name) => (lookAlike ? usernameSkeleton_(name) : canonicalUsername(name))),
    );
    byMode.set(lookAlike, keys);
  }
  return keys;
}

/** What the password rules need of the common-password list (PasswordStrength in the app). */
export interface PasswordChecks {
  /** True when the password is on the common-password list (docs/accounts.md). */
  isCommon(password: string): boolean;
}

/** The rules of the one store, whatever the dialect (docs/accounts.md, "Identifiers"). */
export interface StoreRules {
  /** Usernames no dialect may take (`RESERVED_USERNAMES`). */
  reserved: readonly string[];
  /** `unique`: look-alike usernames (equal UTS 39 skeletons) are the same username. */
  confusables: 'unique' | 'allow';
}

/** A signup's input after normalisation, with the canonical forms uniqueness is checked on. */
export interface NormalisedSignup {
  username: string;
  usernameCanonical: string;
  /** UTS 39 skeleton of the canonical username; null with `CONFUSABLE_USERNAMES=allow`. */
  usernameSkeleton: string | null;
  email: string | null;
  emailCanonical: string | null;
  password: string;
  fullName: string | null;
}

/**
 * Normalises a signup (NFKC first) and applies the dialect's rules in their order: username,
 * email, password confirmation, password (docs/accounts.md and each dialect's error table), or
 * with `passwordBeforeEmail` username, password, email (Zato's order, docs/sso.md); all but the strength score, which the caller computes off the event loop and
 * checks with {@link checkStrength} right after. Pure: no database, no clock, no I/O.
 * @returns the normalised input
 * @throws AccountsException with the code of the first rule that fails
 */
export function checkSignup(
  command: SignupCommand,
  store: StoreRules,
  passwords: PasswordChecks,
): NormalisedSignup {
  const username = nfkc(command.username);
  const { canonical: usernameCanonical, skeleton: usernameSkeleton } = checkUsername(
    username,
    command.rules.username,
    store,
  );
  const email = command.email ? nfkc(command.email) : null;
  const password = nfkc(command.password);
  const checkPasswordRules = () => {
    if (
      command.passwordConfirmation !== undefined &&
      command.passwordConfirmation !== command.password
    ) {
      throw new AccountsException(Code.PasswordMismatch);
    }
    checkPassword(password, command.rules.password, passwords);
  };
  if (command.rules.passwordBeforeEmail) checkPasswordRules();
  const emailCanonical = checkEmail(email, command.rules.email);
  if (!command.rules.passwordBeforeEmail) checkPasswordRules();
  const fullName = command.fullName ? nfkc(command.fullName).trim() : null;
  return {
    username,
    usernameCanonical,
    usernameSkeleton,
    email,
    emailCanonical,
    password,
    fullName,
  };
}

/**
 * Username rules in order: present, length, whitespace, forbidden characters, the dialect's
 * pattern, the store's reserved names, the dialect's reject-list substrings. Reserved names
 * and reject lists are compared by UTS 39 skeleton (so `rооt` with Cyrillic `о` is `root`),
 * or by canonical form with `CONFUSABLE_USERNAMES=allow`.
 * @param username NFKC-normalised
 * @returns the canonical username, and its skeleton (null with `CONFUSABLE_USERNAMES=allow`)
 * @throws AccountsException UsernameEmpty, UsernameTooLong, UsernameHasWhitespace,
 *   UsernameInvalid or UsernameRejected
 */
export function checkUsername(
  username: string,
  rules: UsernameRules,
  store: StoreRules,
): { canonical: string; skeleton: string | null } {
  const { maxLength, pattern, rejectSubstrings } = rules;
  const lookAlike = store.confusables === 'unique';
  if (username.length === 0) throw new AccountsException(Code.UsernameEmpty);
  if (codePointLength(username) > maxLength) throw new AccountsException(Code.UsernameTooLong);
  if (hasWhitespace(username)) throw new AccountsException(Code.UsernameHasWhitespace);
  if (hasForbiddenCharacter(username)) throw new AccountsException(Code.UsernameInvalid);
  if (pattern && !pattern.test(username)) throw new AccountsException(Code.UsernameInvalid);
  const canonical = canonicalUsername(username);
  const skeleton = lookAlike ? usernameSkeleton_(username) : null;
  if (reservedKeys(store.reserved, lookAlike).has(skeleton ?? canonical)) {
    throw new AccountsException(Code.UsernameRejected);
  }
  const contains = lookAlike ? containsLookAlikeOf : containsAnyOf;
  if (rejectSubstrings && contains(canonical, rejectSubstrings)) {
    throw new AccountsException(Code.UsernameRejected);
  }
  return { canonical, skeleton };
}

/**
 * Email rules in order: required, length (at most 254 whatever the dialect allows),
 * whitespace, syntax, reject-list substrings (canonical).
 * @param email NFKC-normalised, or null when none was given
 * @returns the canonical email, or null when none was given
 * @throws AccountsException EmailRequired, EmailTooLong, EmailHasWhitespace, EmailInvalid or
 *   EmailRejected
 */
export function checkEmail(email: string | null, rules: EmailRules): string | null {
  const { required, maxLength, rejectSubstrings } = rules;
  if (email === null) {
    if (required) throw new AccountsException(Code.EmailRequired);
    return null;
  }
  if (codePointLength(email) > Math.min(maxLength, EMAIL_MAX_LENGTH)) {
    throw new AccountsException(Code.EmailTooLong);
  }
  if (hasWhitespace(email)) throw new AccountsException(Code.EmailHasWhitespace);
  const canonical = isValidEmail(email) ? canonicalEmail(email) : null;
  if (canonical === null) throw new AccountsException(Code.EmailInvalid);
  if (rejectSubstrings && containsAnyOf(canonical, rejectSubstrings)) {
    throw new AccountsException(Code.EmailRejected);
  }
  return canonical;
}

/**
 * Password rules in order: length within the dialect's bounds clamped to the baseline
 * (8 to 256 code points), control characters, reject-list substrings, the common-password
 * list. The zxcvbn score, the costliest, comes last ({@link checkStrength}).
 * @param password NFKC-normalised
 * @throws AccountsException PasswordTooShort, PasswordTooLong, PasswordHasControlCharacter,
 *   PasswordRejected or PasswordCommon
 */
export function checkPassword(
  password: string,
  rules: PasswordRules,
  passwords: PasswordChecks,
): void {
  const { rejectSubstrings } = rules;
  const minLength = Math.max(rules.minLength, PASSWORD_BASELINE.minLength);
  const maxLength = Math.min(rules.maxLength, PASSWORD_BASELINE.maxLength);
  const length = codePointLength(password);
  if (length < minLength) {
    throw new AccountsException(
      Code.PasswordTooShort,
      `Password must be at least ${minLength} characters`,
    );
  }
  if (length > maxLength) {
    throw new AccountsException(
      Code.PasswordTooLong,
      `Password must be at most ${maxLength} characters`,
    );
  }
  if (CONTROL.test(password)) throw new AccountsException(Code.PasswordHasControlCharacter);
  if (rejectSubstrings && containsAnyOf(password, rejectSubstrings)) {
    throw new AccountsException(Code.PasswordRejected);
  }
  if (passwords.isCommon(password)) throw new AccountsException(Code.PasswordCommon);
}

/**
 * The last password rule: the zxcvbn score (0 to 4) reaches the dialect's minimum.
 * @throws AccountsException PasswordTooWeak
 */
export function checkStrength(score: number, rules: PasswordRules): void {
  if (rules.minScore > 0 && score < rules.minScore) {
    throw new AccountsException(Code.PasswordTooWeak);
  }
}
