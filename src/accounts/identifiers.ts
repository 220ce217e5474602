import { domainToASCII } from 'node:url';
import { isEmail } from 'class-validator';

/**
 * Control characters, surrogates, default-ignorable code points (U+200B, U+00AD, …) and bidi
 * controls (U+202E, …): invalid in identifiers so that invisible characters cannot make two
 * names that look identical (docs/accounts.md, "Identifiers").
 */
const FORBIDDEN_IN_IDENTIFIERS = /[\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;
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
 * class-validator, internationalised domains allowed), no forbidden characters, and a domain
 * that converts to ASCII. Whitespace is checked by the caller, which reports it on its own.
 */
export function isValidEmail(email: string): boolean {
  return (
    !hasForbiddenCharacter(email) &&
    isEmail(email, { allow_utf8_local_part: true, require_tld: true, allow_ip_domain: false }) &&
    canonicalEmail(email) !== null
  );
}

/** True when `value` contains one of `entries`, compared case-insensitively. */
export function containsAnyOf(value: string, entries: readonly string[]): boolean {
  const folded = value.toLowerCase();
  return entries.some((entry) => entry.length > 0 && folded.includes(entry.toLowerCase()));
}
