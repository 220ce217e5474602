import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * The service's one Redis connection (ioredis), when `REDIS_URL` is set: the shared state of
 * several instances (rate-limit counters). Commands fail at once while Redis is unreachable
 * (no offline queue), so callers fall back instead of waiting; ioredis reconnects by itself.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  /** The client, or null without `REDIS_URL`. */
  readonly client: Redis | null;

  constructor(config: AppConfig) {
    const url = config.get('REDIS_URL');
    this.client = url
      ? new Redis(url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 1000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
        })
      : null;
    let down = false;
    this.client?.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis unreachable: ${error.message}`);
      down = true;
    });
    this.client?.on('ready', () => {
      if (down) this.logger.log('Redis reachable again');
      down = false;
    });
  }

  /** True while the connection is ready for commands. */
  isReady(): boolean {
    return this.client?.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}

/** Provides {@link RedisConnection} to every module. */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
