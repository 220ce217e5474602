import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, Max, Min } from 'class-validator';

/** How a value of `sso.conf` is read (Zato's ConfigObj conventions). */
type KeyKind = 'bool' | 'int' | 'list' | 'string';

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * Converts a raw `sso.conf` value. A value that does not convert is passed on unchanged, so
 * that the class-validator check of the property refuses it and names it.
 */
function convert(kind: KeyKind, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  // `ini` turns a bare true/false into a boolean; everything else stays a string.
  const value = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
  switch (kind) {
    case 'bool':
      if (TRUE.has(value.toLowerCase())) return true;
      if (FALSE.has(value.toLowerCase())) return false;
      return value;
    case 'int':
      return /^\d+$/.test(value) ? Number(value) : value;
    case 'list':
      return value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
    case 'string':
      return value;
  }
}

const KEYS = new Map<object, Map<string, string>>();

/**
 * Declares the `sso.conf` key of a settings property: its name in the file and how its value
 * is read. Defaults are the property initialisers; bounds are class-validator decorators.
 */
function SsoKey(name: string, kind: KeyKind): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    const keys = KEYS.get(target.constructor) ?? new Map<string, string>();
    keys.set(name, String(property));
    KEYS.set(target.constructor, keys);
    Expose({ name })(target, property);
    Transform(({ value }) => convert(kind, value), { toClassOnly: true })(target, property);
  };
}

/**
 * The `sso.conf` keys of a section class, by their name in the file.
 * @returns a map from key name to property name
 */
export function keysOf(section: object): ReadonlyMap<string, string> {
  return KEYS.get(section) ?? new Map<string, string>();
}

const BOOL = { message: 'must be True or False' };
const INT = { message: 'must be a whole number' };
const min = (value: number) => Min(value, { message: `must be at least ${value}` });
const max = (value: number) => Max(value, { message: `must be at most ${value}` });

/** `[main]` (docs/sso.md, "sso.conf"). */
export class SsoMainSettings {
  /**
   * The `sso.conf` that `zato create server` writes (test/fixtures/zato-create-server-sso.conf)
   * sets it to True; Zato then neither requires nor checks a missing email.
   * Here, while True, a missing email passes whatever `is_email_required` says; a given one is
   * still checked. Nothing is encrypted either way.
   */
  @SsoKey('encrypt_email', 'bool')
  @IsBoolean(BOOL)
  encryptEmail = false;
}

/** `[apps]` (docs/sso.md, "sso.conf"). */
export class SsoAppsSettings {
  /** Apps users may name as `current_app` and in `app_list`. */
  @SsoKey('all', 'list')
  all: string[] = ['CRM'];

  /** Apps through which users may sign up; empty: every app of `all`. */
  @SsoKey('signup_allowed', 'list')
  signupAllowed: string[] = [];

  /** Header that may carry `current_app`. */
  @SsoKey('http_header', 'string')
  @IsNotEmpty({ message: 'must not be empty' })
  httpHeader = 'X-Zato-SSO-Current-App';

  @SsoKey('inform_if_app_invalid', 'bool')
  @IsBoolean(BOOL)
  informIfAppInvalid = true;
}

/**
 * `[signup]`: defaults differ from the file `zato create server` writes where docs/sso.md says
 * why.
 */
export class SsoSignupSettings {
  @SsoKey('inform_if_user_exists', 'bool')
  @IsBoolean(BOOL)
  informIfUserExists = false;

  @SsoKey('inform_if_user_invalid', 'bool')
  @IsBoolean(BOOL)
  informIfUserInvalid = true;

  @SsoKey('inform_if_email_exists', 'bool')
  @IsBoolean(BOOL)
  informIfEmailExists = false;

  @SsoKey('inform_if_email_invalid', 'bool')
  @IsBoolean(BOOL)
  informIfEmailInvalid = true;

  @SsoKey('is_email_required', 'bool')
  @IsBoolean(BOOL)
  isEmailRequired = false;

  @SsoKey('max_length_username', 'int')
  @IsInt(INT)
  @min(1)
  @max(1024)
  maxLengthUsername = 128;

  @SsoKey('max_length_email', 'int')
  @IsInt(INT)
  @min(3)
  @max(254)
  maxLengthEmail = 128;

  @SsoKey('is_approval_needed', 'bool')
  @IsBoolean(BOOL)
  isApprovalNeeded = true;

  /** Seconds; 0 means confirm tokens never expire. */
  @SsoKey('confirm_token_ttl', 'int')
  @IsInt(INT)
  @min(0)
  confirmTokenTtl = 86400;

  /** Webhook endpoint names that receive `user.created` of SSO signups. */
  @SsoKey('callback_service_list', 'list')
  callbackServiceList: string[] = [];
}

/** `[password]`: the baseline of docs/accounts.md (8 to 256) bounds both lengths. */
export class SsoPasswordSettings {
  @SsoKey('min_length', 'int')
  @IsInt(INT)
  @min(8)
  @max(256)
  minLength = 8;

  @SsoKey('max_length', 'int')
  @IsInt(INT)
  @min(8)
  @max(256)
  maxLength = 256;

  /** Minimum zxcvbn score 0 to 4; 0 skips the estimate. */
  @SsoKey('min_complexity', 'int')
  @IsInt(INT)
  @min(0)
  @max(4)
  minComplexity = 0;

  @SsoKey('inform_if_invalid', 'bool')
  @IsBoolean(BOOL)
  informIfInvalid = true;

  /** Substrings refused in passwords (the list `zato create server` writes). */
  @SsoKey('reject_list', 'list')
  rejectList: string[] = [
    '111111',
    '123123',
    '123321',
    '123456',
    '123qwe',
    '1q2w3e',
    '1q2w3e4r',
    '1q2w3e4r5t',
    '222222',
    '333333',
    '444444',
    '555555',
    '654321',
    '666666',
    '777777',
    '888888',
    '999999',
    '987654321',
    'google',
    'letmein',
    'mynoob',
    'password',
    'qwerty',
    'zxcvbnm',
  ];
}

/** `[user_validation]`: substrings refused in usernames and emails. */
export class SsoUserValidationSettings {
  @SsoKey('reject_username', 'list')
  rejectUsername: string[] = ['zato', 'admin', 'root', 'system', 'sso'];

  @SsoKey('reject_email', 'list')
  rejectEmail: string[] = ['zato', 'admin', 'root', 'system', 'sso'];
}

/**
 * The `sso.conf` keys this service uses, one section class each, with their defaults
 * (docs/sso.md, "sso.conf"): `new SsoSettings()` is the shipped configuration. Provided under
 * {@link SSO_SETTINGS} from the file (sso-settings.provider.ts); tests override the provider.
 */
export class SsoSettings {
  main = new SsoMainSettings();

  apps = new SsoAppsSettings();

  signup = new SsoSignupSettings();

  password = new SsoPasswordSettings();

  userValidation = new SsoUserValidationSettings();
}

/** The section classes of {@link SsoSettings}, by section name in the file. */
export const SSO_SECTIONS: Record<string, { property: keyof SsoSettings; type: new () => object }> =
  {
    main: { property: 'main', type: SsoMainSettings },
    apps: { property: 'apps', type: SsoAppsSettings },
    signup: { property: 'signup', type: SsoSignupSettings },
    password: { property: 'password', type: SsoPasswordSettings },
    user_validation: { property: 'userValidation', type: SsoUserValidationSettings },
  };

/** Injection token of the SSO settings. */
export const SSO_SETTINGS = Symbol('SSO_SETTINGS');
