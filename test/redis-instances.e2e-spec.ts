import { dropDatabase, freshDatabaseUrl, TEST_DB_KIND } from './helpers/databases';
import { flushRedis, OwnRedis, redisKeys, testRedisUrl } from './helpers/redis';
import { runCli, ServiceProcess } from './helpers/service-process';

const redisUrl = testRedisUrl(2);
const withRedis = redisUrl ? describe : describe.skip;
const PASSWORD = 'correct-horse-battery';

async function signup(service: ServiceProcess, clientId: string, username: string, ip: string) {
  const res = await fetch(`${service.url}/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password: PASSWORD, client_id: clientId }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Rate limits shared across instances through Redis (docs/accounts.md, "Rate limits"). */
withRedis(`rate limits across instances (${TEST_DB_KIND})`, () => {
  jest.setTimeout(60000);

  it('two service processes sharing one Redis give one client exactly its per-IP limit', async () => {
    await flushRedis(redisUrl!);
    const databaseUrl = await freshDatabaseUrl({ file: true });
    const env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'fatal',
      REDIS_URL: redisUrl!,
      RATE_LIMITS: 'on',
      RATE_LIMIT_SIGNUP_PER_IP: '10/60',
      TRUST_PROXY: 'loopback',
    };
    const clientId = runCli(env, 'clients', 'create', '--name', 'Shared').stdout.trim();
    const a = await new ServiceProcess(env).start();
    const b = await new ServiceProcess(env).start();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) {
        statuses.push(await signup(i % 2 === 0 ? a : b, clientId, `shared${i}`, '203.0.113.9'));
      }
      expect(statuses.filter((status) => status !== 429)).toHaveLength(10);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      // Another client is not affected.
      expect(await signup(b, clientId, 'other-client', '203.0.113.10')).toBe(200);
    } finally {
      await a.stop();
      await b.stop();
      await dropDatabase(databaseUrl);
    }
  });

  it('Redis stopped mid-test: serves on the in-process fallback, warns, counts it, and uses Redis again when back', async () => {
    const redis = await new OwnRedis().start();
    const databaseUrl = await freshDatabaseUrl({ file: true });
    const env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'warn',
      REDIS_URL: redis.url,
      RATE_LIMITS: 'on',
      RATE_LIMIT_SIGNUP_PER_IP: '100/60',
      TRUST_PROXY: 'loopback',
    };
    const clientId = runCli(env, 'clients', 'create', '--name', 'Outage').stdout.trim();
    const service = await new ServiceProcess(env).start();
    try {
      expect(await signup(service, clientId, 'before-outage', '203.0.113.20')).toBe(200);
      expect((await redisKeys(redis.url, 'sg:rl:*')).length).toBeGreaterThan(0);
      await redis.stop();
      for (let i = 0; i < 5; i += 1) {
        expect(await signup(service, clientId, `during-outage${i}`, '203.0.113.20')).toBe(200);
      }
      expect(await service.metric('signup_gateway_rate_limit_fallbacks_total')).toBeGreaterThan(0);
      expect(service.output.join('')).toMatch(/Redis unreachable/);
      await redis.start();
      const deadline = Date.now() + 15000;
      let keys: string[] = [];
      for (let i = 0; keys.length === 0 && Date.now() < deadline; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await signup(service, clientId, `after-outage${i}`, '203.0.113.21')).toBe(200);
        keys = await redisKeys(redis.url, 'sg:rl:*');
      }
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await service.stop();
      await redis.stop();
      await dropDatabase(databaseUrl);
    }
  });
});
