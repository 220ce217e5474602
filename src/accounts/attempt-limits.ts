import { Injectable, Logger } from '@nestjs/common';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { RedisConnection } from '../redis/redis.module';
import { AccountsErrorCode, AccountsException } from './accounts.errors';

/** The four limits of docs/accounts.md, "Rate limits". */
export type LimitName = 'signup_ip' | 'signup_identifier' | 'signin_ip' | 'signin_failures';

/** `attempts/seconds` as rate-limiter-flexible's points and duration. */
export function parseRate(rate: string): { points: number; duration: number } {
  const [points, duration] = rate.split('/').map(Number);
  return { points, duration };
}

/**
 * The attempt limits of docs/accounts.md, "Rate limits" (rate-limiter-flexible): signups per
 * client IP and per canonical identifier, sign-ins per client IP, failed sign-ins per canonical
 * username. Attempts are counted whatever their outcome, before any hashing, so a limit never
 * tells a taken name from a free one. With `REDIS_URL` the counters live in Redis, shared by
 * every instance; while Redis is unreachable each limiter falls back to counting in the
 * process (its insurance limiter), logs once and counts the fallback in a metric, and never
 * fails an attempt because of Redis. `RATE_LIMITS=off` turns them all off.
 */
@Injectable()
export class AttemptLimits {
  private readonly logger = new Logger(AttemptLimits.name);
  private readonly limiters: Record<LimitName, RateLimiterAbstract> | null;
  private fallingBack = false;

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly redis: RedisConnection,
  ) {
    if (config.get('RATE_LIMITS') === 'off') {
      this.limiters = null;
      return;
    }
    const make = (name: LimitName, rate: string) => this.limiter(name, parseRate(rate));
    this.limiters = {
      signup_ip: make('signup_ip', config.get('RATE_LIMIT_SIGNUP_PER_IP')),
      signup_identifier: make('signup_identifier', config.get('RATE_LIMIT_SIGNUP_PER_IDENTIFIER')),
      signin_ip: make('signin_ip', config.get('RATE_LIMIT_SIGNIN_PER_IP')),
      signin_failures: make(
        'signin_failures',
        config.get('RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT'),
      ),
    };
  }

  /**
   * Counts an attempt against its client IP (the guards of the dialect routes, before any
   * parsing). No IP: not limited by IP.
   * @throws AccountsException TooManyAttempts (429) with the seconds until a slot frees
   */
  async ipAttempt(limit: 'signup_ip' | 'signin_ip', clientIp: string | undefined): Promise<void> {
    if (clientIp) await this.consume([[limit, clientIp]]);
  }

  /**
   * Counts a signup attempt for its canonical username and email.
   * @throws AccountsException TooManyAttempts (429) with the seconds until a slot frees
   */
  async signupAttempt(usernameCanonical: string, emailCanonical: string | null): Promise<void> {
    const identifiers = [
      `u:${usernameCanonical}`,
      ...(emailCanonical ? [`e:${emailCanonical}`] : []),
    ];
    await this.consume(identifiers.map((key) => ['signup_identifier', key] as const));
  }

  /**
   * Refuses an account whose failed sign-ins reached their limit (before any hashing, for
   * known and unknown usernames alike).
   * @throws AccountsException TooManyAttempts (429)
   */
  async signinAttempt(usernameCanonical: string): Promise<void> {
    if (!this.limiters) return;
    const failures = await this.run(() => this.limiters!.signin_failures.get(usernameCanonical));
    const { points } = this.limiters.signin_failures;
    if (failures && failures.consumedPoints >= points) {
      this.refuse('signin_failures', failures.msBeforeNext);
    }
  }

  /** Counts a failed sign-in against its account. */
  async signinFailed(usernameCanonical: string): Promise<void> {
    if (!this.limiters) return;
    await this.run(() => this.limiters!.signin_failures.penalty(usernameCanonical));
  }

  /** Consumes one point of each (limit, key); every one is counted, then the longest wait refuses. */
  private async consume(checks: ReadonlyArray<readonly [LimitName, string]>): Promise<void> {
    if (!this.limiters) return;
    const limiters = this.limiters;
    const results = await Promise.all(
      checks.map(([name, key]) =>
        this.run(() => limiters[name].consume(key)).then(
          () => null,
          (rejection: unknown) => {
            if (rejection instanceof RateLimiterRes) return { name, rejection };
            throw rejection;
          },
        ),
      ),
    );
    const refused = results.filter((result) => result !== null);
    if (refused.length === 0) return;
    const longest = refused.reduce((a, b) =>
      a.rejection.msBeforeNext >= b.rejection.msBeforeNext ? a : b,
    );
    this.refuse(longest.name, longest.rejection.msBeforeNext);
  }

  private refuse(name: LimitName, msBeforeNext: number): never {
    this.metrics.rateLimited.inc({ limit: name });
    throw new AccountsException(
      AccountsErrorCode.TooManyAttempts,
      undefined,
      Math.max(1, Math.ceil(msBeforeNext / 1000)),
    );
  }

  /** Runs a limiter call; notes when Redis came back after a fallback. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    const result = await call();
    if (this.fallingBack && this.redis.isReady()) {
      this.fallingBack = false;
      this.logger.log('Rate limits: counting in Redis again');
    }
    return result;
  }

  private limiter(
    name: LimitName,
    rate: { points: number; duration: number },
  ): RateLimiterAbstract {
    const options = { keyPrefix: `sg:rl:${name}`, ...rate };
    const client = this.redis.client;
    if (!client) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: client,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new FallbackLimiter(options, () => this.onFallback()),
    });
  }

  private onFallback(): void {
    this.metrics.rateLimitFallbacks.inc();
    if (this.fallingBack) return;
    this.fallingBack = true;
    this.logger.warn('Rate limits: Redis unreachable, counting in this process until it is back');
  }
}

/** The insurance limiter: counts in the process while Redis is unreachable, and says so. */
class FallbackLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse();
    return super.consume(...args);
  }

  override penalty(...args: Parameters<RateLimiterMemory['penalty']>) {
    this.onUse();
    return super.penalty(...args);
  }

  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.onUse();
    return super.get(...args);
  }
}
