import { availableParallelism } from 'node:os';
import { EnvironmentValidationError, validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('gives the documented defaults', () => {
    const env = validateEnvironment({});
    expect({ ...env }).toEqual({
      PORT: 3000,
      DATABASE_URL: 'sqlite:data/signup-gateway.sqlite',
      DATABASE_POOL_SIZE: 10,
      DATABASE_CONNECT_TIMEOUT_MS: 5000,
      DATABASE_STATEMENT_TIMEOUT_MS: 10000,
      DATABASE_TLS: 'off',
      DATABASE_TLS_CA_FILE: '',
      DATABASE_MIGRATE_ON_START: true,
      BCRYPT_COST: 12,
      HASH_CONCURRENCY: availableParallelism(),
      HASH_QUEUE_MAX_WAIT_MS: 2000,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SHUTDOWN_TIMEOUT_MS: 10000,
      WEBHOOK_RETENTION_DAYS: 30,
      UNCONFIRMED_SIGNUP_TTL: 0,
      RETENTION_INTERVAL_SECONDS: 3600,
      ACCESS_TOKEN_TTL: 2592000,
      CORS_ORIGINS: ['*'],
      WEBHOOK_RETRY_SCHEDULE: [5, 30, 120, 600, 3600, 21600],
      WEBHOOK_TIMEOUT_MS: 10000,
      WEBHOOK_LEASE_SECONDS: 60,
      OUTBOX_POLL_INTERVAL_MS: 500,
      SIGNUP_HOOK_URL: '',
      SIGNUP_HOOK_SECRET: '',
      SIGNUP_HOOK_TIMEOUT_MS: 2000,
      SIGNUP_HOOK_FAIL_OPEN: false,
      SIGNUP_HOOK_MAX_IN_FLIGHT: 32,
      RESERVED_USERNAMES: ['admin', 'api', 'www', 'mail', 'root', 'support', 'system'],
      CONFUSABLE_USERNAMES: 'unique',
      RATE_LIMITS: 'on',
      RATE_LIMIT_SIGNUP_PER_IP: '30/300',
      RATE_LIMIT_SIGNUP_PER_IDENTIFIER: '5/600',
      RATE_LIMIT_SIGNIN_PER_IP: '60/300',
      RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: '10/900',
      TRUST_PROXY: '',
      REDIS_URL: '',
      METRICS_PORT: 9464,
      METRICS_HOST: '127.0.0.1',
      SSO_CONFIG: 'config/sso.conf',
      MILLINER_MIN_PASSWORD_SCORE: 2,
    });
  });

  it('converts numbers and lists', () => {
    const env = validateEnvironment({
      PORT: '8080',
      BCRYPT_COST: '10',
      RESERVED_USERNAMES: 'a, b ,c',
    });
    expect(env.PORT).toBe(8080);
    expect(env.BCRYPT_COST).toBe(10);
    expect(env.RESERVED_USERNAMES).toEqual(['a', 'b', 'c']);
  });

  it('accepts MILLINER_RESERVED_USERNAMES as the alias of RESERVED_USERNAMES', () => {
    expect(validateEnvironment({ MILLINER_RESERVED_USERNAMES: 'x,y' }).RESERVED_USERNAMES).toEqual([
      'x',
      'y',
    ]);
    expect(
      validateEnvironment({ MILLINER_RESERVED_USERNAMES: 'x', RESERVED_USERNAMES: 'z' })
        .RESERVED_USERNAMES,
    ).toEqual(['z']);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid environment: PORT="eighty" /],
    [{ BCRYPT_COST: '21' }, /BCRYPT_COST="?21"? must not be greater than 20/],
    [{ BCRYPT_COST: '9' }, /BCRYPT_COST=9 must be 10 to 20 \(below 10 only with NODE_ENV=test\)/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x" must be sqlite:<path>/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging"/],
    [{ RATE_LIMIT_SIGNUP_PER_IP: '30' }, /RATE_LIMIT_SIGNUP_PER_IP="30" must be attempts\/seconds/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL="localhost:6379" must be redis:\/\//],
  ])('refuses %j naming the variable', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(EnvironmentValidationError);
    expect(() => validateEnvironment(raw)).toThrow(message);
  });

  it('reads the retry schedule as whole seconds and keeps the lease above the timeout', () => {
    expect(
      validateEnvironment({ WEBHOOK_RETRY_SCHEDULE: '1, 2,3' }).WEBHOOK_RETRY_SCHEDULE,
    ).toEqual([1, 2, 3]);
    expect(() => validateEnvironment({ WEBHOOK_RETRY_SCHEDULE: '1,x' })).toThrow(
      /WEBHOOK_RETRY_SCHEDULE/,
    );
    expect(() =>
      validateEnvironment({ WEBHOOK_LEASE_SECONDS: '5', WEBHOOK_TIMEOUT_MS: '5000' }),
    ).toThrow(/WEBHOOK_LEASE_SECONDS=5 must be longer than WEBHOOK_TIMEOUT_MS/);
    expect(validateEnvironment({ SIGNUP_HOOK_FAIL_OPEN: 'true' }).SIGNUP_HOOK_FAIL_OPEN).toBe(true);
    expect(() => validateEnvironment({ SIGNUP_HOOK_FAIL_OPEN: 'maybe' })).toThrow(
      /SIGNUP_HOOK_FAIL_OPEN/,
    );
  });

  it('allows a cost below 10 only with NODE_ENV=test', () => {
    expect(validateEnvironment({ BCRYPT_COST: '4', NODE_ENV: 'test' }).BCRYPT_COST).toBe(4);
  });
});
