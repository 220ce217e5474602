import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'ini';
import { keysOf, SSO_SECTIONS, SsoSettings } from './sso-settings';

/** A bad `sso.conf`: names file, section, key and value (docs/sso.md, "sso.conf"). */
export class SsoConfigError extends Error {
  constructor(file: string, section: string, key: string, value: string, reason: string) {
    super(`${file}: [${section}] ${key} = ${JSON.stringify(value)}: ${reason}`);
    this.name = 'SsoConfigError';
  }
}

/** The loaded settings and the keys that were ignored (logged once, as one warning). */
export interface LoadedSsoConfig {
  settings: SsoSettings;
  ignoredKeys: string[];
}

/**
 * Rewrites ConfigObj's triple-quoted multi-line values (`reject_list = """` … `"""`), which
 * a plain INI parser reads wrongly, into one comma-separated line. Everything else is left
 * to the `ini` package (sections, `key=value`, comment lines, inline `#`/`;` comments).
 */
export function foldTripleQuotedValues(text: string): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*[^=\s][^=]*?)\s*=\s*("""|''')(.*)$/.exec(lines[i]);
    if (!open) {
      out.push(lines[i]);
      continue;
    }
    const [, key, quote, rest] = open;
    const parts: string[] = [];
    let tail = rest;
    let j = i;
    while (!tail.includes(quote)) {
      parts.push(tail);
      j += 1;
      if (j >= lines.length) throw new Error(`unterminated ${quote} value of ${key.trim()}`);
      tail = lines[j];
    }
    parts.push(tail.slice(0, tail.indexOf(quote)));
    const entries = parts
      .flatMap((part) => part.split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    out.push(`${key} = ${entries.join(', ')}`);
    i = j;
  }
  return out.join('\n');
}

/** Which failed check names a bad value, when several fail (the type check first). */
const CHECK_ORDER = ['isBoolean', 'isInt', 'isNotEmpty', 'min', 'max'];

/**
 * Reads one section over its class's defaults: known keys converted and checked, others
 * collected as ignored.
 * @throws SsoConfigError for the first bad value
 */
function readSection(
  file: string,
  section: string,
  type: new () => object,
  body: Record<string, unknown>,
  ignoredKeys: string[],
): object {
  const keys = keysOf(type);
  const known: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(body)) {
    if (keys.has(key)) known[key] = raw;
    else ignoredKeys.push(`[${section}] ${key}`);
  }
  const settings = plainToInstance(type, known, {
    excludeExtraneousValues: true,
    exposeDefaultValues: true,
  });
  const [error] = validateSync(settings, { forbidUnknownValues: false });
  if (error) {
    const key =
      [...keys].find(([, property]) => property === error.property)?.[0] ?? error.property;
    const constraints = error.constraints ?? {};
    const check = CHECK_ORDER.find((name) => name in constraints) ?? Object.keys(constraints)[0];
    const raw = known[key];
    const value = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
    throw new SsoConfigError(file, section, key, value, constraints[check]);
  }
  return settings;
}

/**
 * Parses an `sso.conf` text in Zato's ConfigObj syntax over the shipped defaults: keys absent
 * from the file keep their defaults; keys this service does not use are collected in
 * `ignoredKeys`.
 * @param file the file name, for messages
 * @throws SsoConfigError for a bad value of a key that is used, or `min_length > max_length`
 */
export function parseSsoConfig(text: string, file: string): LoadedSsoConfig {
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(foldTripleQuotedValues(text));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const settings = new SsoSettings();
  const ignoredKeys: string[] = [];
  for (const [section, body] of Object.entries(parsed)) {
    const known = SSO_SECTIONS[section];
    if (body === null || typeof body !== 'object') {
      ignoredKeys.push(section);
    } else if (!known) {
      ignoredKeys.push(...Object.keys(body).map((key) => `[${section}] ${key}`));
    } else {
      const read = readSection(
        file,
        section,
        known.type,
        body as Record<string, unknown>,
        ignoredKeys,
      );
      Object.assign(settings, { [known.property]: read });
    }
  }
  if (settings.password.minLength > settings.password.maxLength) {
    throw new SsoConfigError(
      file,
      'password',
      'min_length',
      String(settings.password.minLength),
      'must not exceed max_length',
    );
  }
  return { settings, ignoredKeys };
}

/**
 * Reads and parses the `sso.conf` at `path` (see {@link parseSsoConfig}).
 * @throws Error when the file cannot be read; SsoConfigError for a bad value
 */
export function loadSsoConfig(path: string): LoadedSsoConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`SSO_CONFIG: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseSsoConfig(text, path);
}
