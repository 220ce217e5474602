import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { TEST_DB_KIND } from './databases';
import { freePort } from './service-process';

/**
 * The test Redis (jest.config.js probes it and sets TEST_REDIS_URL), with a database number
 * of the caller's own: each e2e project and test file uses its own, so that parallel files
 * never share counters. Null when no Redis is reachable (the run said it skipped them).
 */
export function testRedisUrl(file: number): string | null {
  const base = process.env.TEST_REDIS_URL;
  if (!base) return null;
  const url = new URL(base);
  url.pathname = `/${file * 2 + (TEST_DB_KIND === 'postgres' ? 1 : 0)}`;
  return url.toString();
}

/** Empties one Redis database. */
export async function flushRedis(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}

/** Keys of one Redis database matching `pattern`. */
export async function redisKeys(url: string, pattern: string): Promise<string[]> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await client.keys(pattern);
  } finally {
    client.disconnect();
  }
}

/** A redis-server of the test's own on a spare port, so that a test can stop and start it. */
export class OwnRedis {
  private child: ChildProcess | null = null;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10000;
    for (;;) {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return this;
      } catch {
        client.disconnect();
        if (Date.now() > deadline) throw new Error('redis-server did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
