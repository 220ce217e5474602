import { readFileSync } from 'node:fs';
import { parse } from 'ini';
import { defaultSsoSettings, SsoSettings } from './sso-settings';

/** A bad `sso.conf`: names file, section, key and value (sso.md, "sso.conf"). */
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

type Kind = 'bool' | 'list' | 'string' | 'int';
interface KeySpec {
  kind: Kind;
  min?: number;
  max?: number;
  assign: (settings: SsoSettings, value: never) => void;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Every key this service uses, by section, with its type, bounds and place in SsoSettings. */
const KEYS: Record<string, Record<string, KeySpec>> = {
  apps: {
    all: { kind: 'list', assign: (s, v: string[]) => (s.apps.all = v) },
    signup_allowed: { kind: 'list', assign: (s, v: string[]) => (s.apps.signupAllowed = v) },
    http_header: { kind: 'string', assign: (s, v: string) => (s.apps.httpHeader = v) },
    inform_if_app_invalid: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.apps.informIfAppInvalid = v),
    },
  },
  signup: {
    inform_if_user_exists: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.signup.informIfUserExists = v),
    },
    inform_if_user_invalid: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.signup.informIfUserInvalid = v),
    },
    inform_if_email_exists: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.signup.informIfEmailExists = v),
    },
    inform_if_email_invalid: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.signup.informIfEmailInvalid = v),
    },
    is_email_required: { kind: 'bool', assign: (s, v: boolean) => (s.signup.isEmailRequired = v) },
    max_length_username: {
      kind: 'int',
      min: 1,
      max: 1024,
      assign: (s, v: number) => (s.signup.maxLengthUsername = v),
    },
    max_length_email: {
      kind: 'int',
      min: 3,
      max: 254,
      assign: (s, v: number) => (s.signup.maxLengthEmail = v),
    },
    is_approval_needed: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.signup.isApprovalNeeded = v),
    },
    confirm_token_ttl: {
      kind: 'int',
      min: 0,
      assign: (s, v: number) => (s.signup.confirmTokenTtl = v),
    },
    callback_service_list: {
      kind: 'list',
      assign: (s, v: string[]) => (s.signup.callbackServiceList = v),
    },
  },
  password: {
    // The baseline of accounts.md wins: 8 to 256 (sso.md).
    min_length: {
      kind: 'int',
      min: 8,
      max: 256,
      assign: (s, v: number) => (s.password.minLength = v),
    },
    max_length: {
      kind: 'int',
      min: 8,
      max: 256,
      assign: (s, v: number) => (s.password.maxLength = v),
    },
    min_complexity: {
      kind: 'int',
      min: 0,
      max: 4,
      assign: (s, v: number) => (s.password.minComplexity = v),
    },
    inform_if_invalid: {
      kind: 'bool',
      assign: (s, v: boolean) => (s.password.informIfInvalid = v),
    },
    reject_list: { kind: 'list', assign: (s, v: string[]) => (s.password.rejectList = v) },
  },
  user_validation: {
    reject_username: {
      kind: 'list',
      assign: (s, v: string[]) => (s.userValidation.rejectUsername = v),
    },
    reject_email: { kind: 'list', assign: (s, v: string[]) => (s.userValidation.rejectEmail = v) },
  },
};

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

function convert(file: string, section: string, key: string, raw: unknown, spec: KeySpec): unknown {
  // `ini` turns a bare true/false into a boolean; everything else stays a string.
  const value = typeof raw === 'string' ? raw.trim() : String(raw);
  const fail = (reason: string) => new SsoConfigError(file, section, key, value, reason);
  switch (spec.kind) {
    case 'bool':
      if (TRUE.has(value.toLowerCase())) return true;
      if (FALSE.has(value.toLowerCase())) return false;
      throw fail('must be True or False');
    case 'int': {
      if (!/^\d+$/.test(value)) throw fail('must be a whole number');
      const number = Number(value);
      if (spec.min !== undefined && number < spec.min) throw fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && number > spec.max) throw fail(`must be at most ${spec.max}`);
      return number;
    }
    case 'list':
      return value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
    case 'string':
      if (value.length === 0) throw fail('must not be empty');
      return value;
  }
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
  const settings = defaultSsoSettings();
  const ignoredKeys: string[] = [];
  for (const [section, body] of Object.entries(parsed)) {
    if (body === null || typeof body !== 'object') {
      ignoredKeys.push(section);
      continue;
    }
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
      const spec = KEYS[section]?.[key];
      if (!spec) {
        ignoredKeys.push(`[${section}] ${key}`);
        continue;
      }
      spec.assign(settings, convert(file, section, key, raw, spec) as never);
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
