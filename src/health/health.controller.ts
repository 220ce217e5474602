import { Controller, Get, Injectable } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../redis/redis.module';

/** Each readiness check must answer within this many ms (docs/deployment.md, "Health"). */
export const READINESS_CHECK_TIMEOUT_MS = 1000;

/** Set once the service has begun its graceful shutdown: readiness then fails at once. */
@Injectable()
export class ShutdownState {
  draining = false;
}

/**
 * `GET /healthz` (liveness: the process answers; no dependency is touched, so a database
 * outage never restarts instances) and `GET /readyz` (readiness: the database, and Redis
 * when `REDIS_URL` is set, each answer within 1 s; not while shutting down). Outside the
 * rate limits (no limit guard here). Failures name the check and say `unreachable` or
 * `timeout`, never a driver's message (it would tell a caller the database's address).
 */
@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('healthz')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: 200 while the process answers (no dependency checked)' })
  @ApiOkResponse({
    description: 'Alive',
    schema: { example: { status: 'ok', info: {}, error: {}, details: {} } },
  })
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: the database (and Redis when configured) answer within 1 s',
  })
  @ApiOkResponse({
    description: 'Ready for traffic',
    schema: {
      example: {
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'Not ready: `error` names each failed check',
    schema: {
      example: {
        status: 'error',
        info: {},
        error: { database: { status: 'down', message: 'unreachable' } },
        details: { database: { status: 'down', message: 'unreachable' } },
      },
    },
  })
  readiness(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.database()];
    if (this.redis.client) checks.push(() => this.redisCheck());
    if (this.shutdown.draining)
      checks.push(() => this.indicators.check('shutdown').down('draining'));
    return this.health.check(checks);
  }

  private database() {
    return this.bounded('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  private redisCheck() {
    return this.bounded('redis', async () => {
      await this.redis.client?.ping();
    });
  }

  /** Runs `probe` within {@link READINESS_CHECK_TIMEOUT_MS}: up, or down with a fixed message. */
  private async bounded<Key extends string>(key: Key, probe: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), READINESS_CHECK_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([probe().then(() => 'up' as const), timeout]);
      return outcome === 'up' ? indicator.up() : indicator.down('timeout');
    } catch {
      return indicator.down('unreachable');
    } finally {
      clearTimeout(timer);
    }
  }
}
