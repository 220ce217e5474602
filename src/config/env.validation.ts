import { availableParallelism } from 'node:os';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';

/** Log levels accepted by `LOG_LEVEL`, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Formats accepted by `LOG_FORMAT`: one JSON object a line, or pino-pretty's text. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** `attempts/seconds`, both whole numbers above zero. */
const RATE = /^[1-9]\d*\/[1-9]\d*$/;
const RATE_MESSAGE = { message: 'must be attempts/seconds, e.g. 30/300' };

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0)
    : value;

/**
 * The service's environment variables, validated once at start (README, "Configuration").
 * Every property has its default here, so the README table and this class must agree.
 */
export class EnvironmentVariables {
  /** TCP port of the HTTP server. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (see database.options.ts). */
  @IsString()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<path>, sqlite::memory: or postgres://user@host:port/database',
  })
  DATABASE_URL: string = 'sqlite:data/signup-gateway.sqlite';

  /** PostgreSQL: most connections in each instance's pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_POOL_SIZE: number = 10;

  /** PostgreSQL: longest wait to connect, or for a free pooled connection, before a 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS: number = 5000;

  /** PostgreSQL: `statement_timeout` of every session; 0 means none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS: number = 10000;

  /** PostgreSQL TLS: `off`, `require` (encrypt, no certificate check) or `verify` (full check). */
  @IsIn(['off', 'require', 'verify'])
  DATABASE_TLS: 'off' | 'require' | 'verify' = 'off';

  /** PostgreSQL TLS: a PEM file of CA certificates to trust with `DATABASE_TLS=verify`. */
  @IsString()
  DATABASE_TLS_CA_FILE: string = '';

  /** Apply pending migrations at start (under an advisory lock on PostgreSQL); else run `db migrate`. */
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  DATABASE_MIGRATE_ON_START: boolean = true;

  /** bcrypt cost factor (docs/accounts.md: 10 to 20; 4 to 9 only with NODE_ENV=test). */
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(20)
  BCRYPT_COST: number = 12;

  /** bcrypt hashes run at once (default: one per core); keep it below UV_THREADPOOL_SIZE. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  HASH_CONCURRENCY: number = availableParallelism();

  /**
   * Admission control (docs/accounts.md): a signup or sign-in whose predicted wait for bcrypt
   * (requests ahead ÷ concurrency × recent mean hash time) exceeds this many milliseconds gets
   * 503 with Retry-After at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HASH_QUEUE_MAX_WAIT_MS: number = 2000;

  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'info';

  /** `json` (one object a line) or `pretty`; the default is `pretty` on a terminal, else `json`. */
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = process.stdout.isTTY ? 'pretty' : 'json';

  /**
   * On SIGTERM or SIGINT: the longest wait in ms for requests in flight to finish before
   * connections are closed (docs/deployment.md, "Graceful shutdown").
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS: number = 10000;

  /** Lifetime of ClientApp access tokens in seconds; 0 means they never expire (docs/client-app.md). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ACCESS_TOKEN_TTL: number = 2592000;

  /** Origins allowed by CORS on the ClientApp routes: `*` or a comma-separated list. */
  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = ['*'];

  /** Seconds between webhook attempts after each failure; then the delivery fails (docs/events.md). */
  @Transform((params: { value: unknown }): unknown => {
    const list = toList(params);
    return Array.isArray(list)
      ? (list as unknown[]).map((entry) => (/^\d+$/.test(String(entry)) ? Number(entry) : entry))
      : list;
  })
  @IsInt({ each: true })
  @Min(0, { each: true })
  WEBHOOK_RETRY_SCHEDULE: number[] = [5, 30, 120, 600, 3600, 21600];

  /** How long one webhook attempt may take, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS: number = 10000;

  /** How long a claimed delivery stays with its dispatcher; after it, the row is due again. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_LEASE_SECONDS: number = 60;

  /** Delivered webhook deliveries older than this many days are purged; 0 keeps them. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WEBHOOK_RETENTION_DAYS: number = 30;

  /**
   * SSO users still before confirmation this many seconds after their signup are deleted
   * (their name becomes free again); 0, the default, keeps them.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  UNCONFIRMED_SIGNUP_TTL: number = 0;

  /** How often the retention job runs, in seconds; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RETENTION_INTERVAL_SECONDS: number = 3600;

  /** How often the dispatcher looks for due deliveries, in milliseconds; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  OUTBOX_POLL_INTERVAL_MS: number = 500;

  /** Validation hook called before every signup (docs/events.md); empty: no hook. */
  @IsString()
  @Matches(/^(https?:\/\/.+)?$/, { message: 'must be an http or https URL' })
  SIGNUP_HOOK_URL: string = '';

  /** Standard Webhooks secret (`whsec_…`) that signs hook calls; empty: unsigned. */
  @IsString()
  @Matches(/^(whsec_[A-Za-z0-9+/=]+)?$/, { message: 'must be whsec_ followed by base64' })
  SIGNUP_HOOK_SECRET: string = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGNUP_HOOK_TIMEOUT_MS: number = 2000;

  /** `true`: a hook that times out or fails lets the signup through (with a warning). */
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  SIGNUP_HOOK_FAIL_OPEN: boolean = false;

  /**
   * Usernames no dialect may take, compared by UTS 39 skeleton (docs/accounts.md,
   * "Identifiers"), comma-separated. `MILLINER_RESERVED_USERNAMES` is accepted as an alias.
   */
  @Transform(toList)
  @IsString({ each: true })
  RESERVED_USERNAMES: string[] = ['admin', 'api', 'www', 'mail', 'root', 'support', 'system'];

  /**
   * `unique`: two usernames whose UTS 39 skeletons are equal are the same username;
   * `allow`: only the canonical forms must differ (docs/accounts.md, "Identifiers").
   */
  @IsIn(['unique', 'allow'])
  CONFUSABLE_USERNAMES: 'unique' | 'allow' = 'unique';

  /** Validation-hook calls in flight at once; past it a signup gets 503 (docs/events.md). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGNUP_HOOK_MAX_IN_FLIGHT: number = 32;

  /** `off` turns every rate limit off (tests, a trusted network; docs/accounts.md, "Rate limits"). */
  @IsIn(['on', 'off'])
  RATE_LIMITS: 'on' | 'off' = 'on';

  /** Signup attempts per client IP, as `attempts/seconds`. */
  @Matches(RATE, RATE_MESSAGE)
  RATE_LIMIT_SIGNUP_PER_IP: string = '30/300';

  /** Signup attempts per canonical username and per canonical email, as `attempts/seconds`. */
  @Matches(RATE, RATE_MESSAGE)
  RATE_LIMIT_SIGNUP_PER_IDENTIFIER: string = '5/600';

  /** Sign-in attempts per client IP, as `attempts/seconds`. */
  @Matches(RATE, RATE_MESSAGE)
  RATE_LIMIT_SIGNIN_PER_IP: string = '60/300';

  /** Failed sign-ins per canonical username, from any IP, as `attempts/seconds`. */
  @Matches(RATE, RATE_MESSAGE)
  RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: string = '10/900';

  /**
   * Express's `trust proxy`: empty (the socket's address is the client), a hop count, or a
   * comma-separated list of proxy addresses or names (`loopback`, `uniquelocal`, CIDRs).
   */
  @IsString()
  TRUST_PROXY: string = '';

  /** `redis://host:port/db`: rate-limit counters shared by every instance; empty: in the process. */
  @IsString()
  @Matches(/^(|rediss?:\/\/.+)$/, { message: 'must be redis://host:port or rediss://…' })
  REDIS_URL: string = '';

  /** Port of the metrics listener (`/metrics`), apart from the public port; 0: any free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 9464;

  /** Address the metrics listener binds to. */
  @IsString()
  METRICS_HOST: string = '127.0.0.1';

  /** Path of the Zato-style `sso.conf` (docs/sso.md), relative to the working directory. */
  @IsString()
  SSO_CONFIG: string = 'config/sso.conf';

  /** Minimum zxcvbn score (0 to 4) of a Milliner password (docs/milliner.md; the HAT requires 2). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4)
  MILLINER_MIN_PASSWORD_SCORE: number = 2;
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class EnvironmentValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvironmentValidationError';
  }
}

function describe(error: ValidationError): string {
  const shown = JSON.stringify(error.value);
  const reasons = Object.values(error.constraints ?? {}).map((text) =>
    text.replace(`${error.property} `, ''),
  );
  return `${error.property}=${shown} ${reasons.join(', ')}`;
}

/**
 * Validates and converts raw environment variables (strings) into {@link EnvironmentVariables}.
 * Unset or empty variables take their defaults; unknown variables are ignored.
 * @throws EnvironmentValidationError naming each variable that is wrong and why.
 */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const given: Record<string, unknown> = {};
  // The former name of RESERVED_USERNAMES, when only it is set.
  if (raw.RESERVED_USERNAMES === undefined && raw.MILLINER_RESERVED_USERNAMES !== undefined) {
    raw = { ...raw, RESERVED_USERNAMES: raw.MILLINER_RESERVED_USERNAMES };
  }
  for (const key of known) {
    if (raw[key] !== undefined && raw[key] !== '') given[key] = raw[key];
  }
  const env = plainToInstance(EnvironmentVariables, given);
  const problems = validateSync(env, { forbidUnknownValues: false }).map(describe);
  if (problems.length === 0 && env.BCRYPT_COST < 10 && env.NODE_ENV !== 'test') {
    problems.push(
      `BCRYPT_COST=${env.BCRYPT_COST} must be 10 to 20 (below 10 only with NODE_ENV=test)`,
    );
  }
  if (problems.length === 0 && env.WEBHOOK_LEASE_SECONDS * 1000 <= env.WEBHOOK_TIMEOUT_MS) {
    problems.push(
      `WEBHOOK_LEASE_SECONDS=${env.WEBHOOK_LEASE_SECONDS} must be longer than WEBHOOK_TIMEOUT_MS`,
    );
  }
  if (problems.length > 0) throw new EnvironmentValidationError(problems);
  return env;
}
