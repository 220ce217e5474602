import { domainToASCII } from 'node:url';
import { isEmail } from 'class-validator';
import { skeleton } from '../common/confusables';

/**
 * Invalid in identifiers, so that invisible or unstable characters cannot make a second name
 * that looks like an existing one (docs/accounts.md, "Identifiers"): control characters (Cc),
 * format characters (Cf: U+0600, U+FFF9 to U+FFFB, U+13430, …), surrogates (Cs), unassigned
 * (Cn) and private-use (Co) code points, noncharacters (U+FFFE, U+FFFF, …), default-ignorable
 * code points (U+200B, U+00AD, …), bidi controls (U+202E, …), and the blank-looking symbols
 * U+2800 BRAILLE PATTERN BLANK, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD and the Hangul fillers
 * (U+115F, U+1160, U+3164, U+FFA0). Cn and Co also keep out code points whose NFKC form may
 * change with a Unicode upgrade (PRECIS, RFC 8264, refuses them too).
 */
const FORBIDDEN_IN_IDENTIFIERS =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Co}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u2800\u{1D159}\u115F\u1160\u3164\uFFA0]/u;
const WHITESPACE = /[\s\p{White_Space}]/u;

/** NFKC normal form of input (docs/accounts.md: every identifier and password is normalised first). */
export function nfkc(value: string): string {
  return value.normalize('NFKC');
}

/** Length in code points, as docs/accounts.md counts it. */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

/** True when the value holds a character docs/accounts.md forbids in identifiers. */
export function hasForbiddenCharacter(value: string): boolean {
  return FORBIDDEN_IN_IDENTIFIERS.test(value);
}

/** True when the value holds any Unicode whitespace. */
export function hasWhitespace(value: string): boolean {
  return WHITESPACE.test(value);
}

/**
 * Canonical form of a username, on which uniqueness is checked: NFKC, `toLowerCase()`, NFKC
 * again (docs/accounts.md). `Straße`, `STRASSE` and full-width `ｔｅｓｔ` therefore fold as Unicode
 * lower-casing and compatibility mapping say, and no further.
 */
export function canonicalUsername(username: string): string {
  return nfkc(nfkc(username).toLowerCase());
}

/**
 * Canonical form of an email: the username folding above, then the domain in its ASCII
 * (punycode) form (docs/accounts.md). Returns null when the domain cannot be converted.
 */
export function canonicalEmail(email: string): string | null {
  const folded = canonicalUsername(email);
  const at = folded.lastIndexOf('@');
  if (at < 1) return null;
  const domain = domainToASCII(folded.slice(at + 1));
  if (!domain) return null;
  return `${folded.slice(0, at + 1)}${domain}`;
}

/**
 * Whether an (NFKC) email address is valid: the syntax check of validator.js (through
 * class-validator, internationalised domains allowed), no forbidden characters, no quoted
 * local part, and a domain that converts to ASCII. Whitespace is checked by the caller, which reports it on its own.
 */
export function isValidEmail(email: string): boolean {
  return (
    !hasForbiddenCharacter(email) &&
    // A quoted local part can name the mailbox of the unquoted one ("jane"@ and jane@).
    !email.startsWith('"') &&
    isEmail(email, { allow_utf8_local_part: true, require_tld: true, allow_ip_domain: false }) &&
    canonicalEmail(email) !== null
  );
}

/** True when `value` contains one of `entries`, compared case-insensitively. */
export function containsAnyOf(value: string, entries: readonly string[]): boolean {
  const folded = value.toLowerCase();
  return entries.some((entry) => entry.length > 0 && folded.includes(entry.toLowerCase()));
}

/**
 * The UTS 39 skeleton of a username's canonical form: two usernames with equal skeletons
 * are the same username for uniqueness and for reserved names (docs/accounts.md,
 * "Identifiers").
 */
export function usernameSkeleton(username: string): string {
  return skeleton(canonicalUsername(username));
}

/** True when `value` contains the skeleton of one of `entries` (look-alikes included). */
export function containsLookAlikeOf(value: string, entries: readonly string[]): boolean {
  const folded = skeleton(value.toLowerCase());
  return entrySkeletons(entries).some((entry) => folded.includes(entry));
}

/** The skeletons of a list's entries, made once per list (reject lists are configuration). */
const ENTRY_SKELETONS = new WeakMap<readonly string[], string[]>();

function entrySkeletons(entries: readonly string[]): string[] {
  let skeletons = ENTRY_SKELETONS.get(entries);
  if (!skeletons) {
    skeletons = entries
      .filter((entry) => entry.length > 0)
      .map((entry) => skeleton(entry.toLowerCase()));
    ENTRY_SKELETONS.set(entries, skeletons);
  }
  return skeletons;
}
