import request from 'supertest';
import { createTestApp, tableCounts, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';
import { flushRedis, redisKeys, testRedisUrl } from './helpers/redis';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';
const redisUrl = testRedisUrl(1);

const backends: Array<[string, Record<string, string>]> = [
  ['in memory', {}],
  ...(redisUrl ? [['in Redis', { REDIS_URL: redisUrl }] as [string, Record<string, string>]] : []),
];

let counter = 0;
const fresh = (prefix: string) => `${prefix}${(counter += 1)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The four limits of docs/accounts.md, "Rate limits", with one-second windows. */
describe.each(backends)(`rate limits %s (${TEST_DB_KIND})`, (backend, backendEnv) => {
  jest.setTimeout(30000);
  let t: TestApp;

  beforeAll(async () => {
    if (backendEnv.REDIS_URL) await flushRedis(backendEnv.REDIS_URL);
    t = await createTestApp({
      env: {
        ...backendEnv,
        RATE_LIMITS: 'on',
        RATE_LIMIT_SIGNUP_PER_IP: '3/1',
        RATE_LIMIT_SIGNUP_PER_IDENTIFIER: '2/1',
        RATE_LIMIT_SIGNIN_PER_IP: '3/1',
        RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: '2/1',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(() => t.close());

  /** A request from its own client IP (X-Forwarded-For, trusted from loopback). */
  const from = (ip: string) => ({
    post: (path: string) => request(t.http).post(path).set('X-Forwarded-For', ip),
  });

  it('signups per IP: attempts of any outcome count; the 4th gets each dialect 429 with Retry-After', async () => {
    const ip = '198.51.100.1';
    await from(ip).post('/api/signup').send({ fullName: 'N' }).expect(400); // a validation error counts
    await from(ip)
      .post('/sign-up')
      .send({ username: fresh('ip'), password: PASSWORD, client_id: DEMO })
      .expect(200);
    await from(ip)
      .post('/zato/sso/user/signup')
      .send({ username: fresh('ip'), password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] })
      .expect(200);
    const before = await tableCounts(t.db);
    const m = await from(ip)
      .post('/api/signup')
      .send({
        fullName: 'N',
        username: fresh('ip'),
        email: 'x@example.com',
        pass: PASSWORD,
        passRepeat: PASSWORD,
      });
    expect([m.status, m.headers['retry-after'], m.body]).toEqual([
      429,
      '1',
      { message: 'Too many requests', cause: 'Too many attempts; retry later' },
    ]);
    const s = await from(ip)
      .post('/zato/sso/user/signup')
      .send({ username: fresh('ip'), password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] });
    expect([s.status, s.headers['retry-after'], s.body.sub_status]).toEqual([
      429,
      '1',
      ['E008005'],
    ]);
    const c = await from(ip)
      .post('/sign-up')
      .send({ username: fresh('ip'), password: PASSWORD, client_id: DEMO });
    expect([c.status, c.body]).toEqual([
      429,
      { error: 'too_many_requests', error_description: 'Too many attempts; retry later' },
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
    // Another client is not affected; after the window this one is served again.
    await from('198.51.100.2')
      .post('/sign-up')
      .send({ username: fresh('ip'), password: PASSWORD, client_id: DEMO })
      .expect(200);
    await sleep(1100);
    await from(ip)
      .post('/sign-up')
      .send({ username: fresh('ip'), password: PASSWORD, client_id: DEMO })
      .expect(200);
  });

  it('signups per identifier: the same username from any IP or dialect, taken or free alike', async () => {
    const name = fresh('ident');
    await from('198.51.100.10')
      .post('/sign-up')
      .send({ username: name, password: PASSWORD, client_id: DEMO })
      .expect(200);
    await from('198.51.100.11')
      .post('/sign-up')
      .send({ username: name.toUpperCase(), password: PASSWORD, client_id: DEMO })
      .expect(422);
    const third = await from('198.51.100.12')
      .post('/api/signup')
      .send({
        fullName: 'N',
        username: name,
        email: `${name}@example.com`,
        pass: PASSWORD,
        passRepeat: PASSWORD,
      });
    expect([third.status, third.body.message]).toEqual([429, 'Too many requests']);
    // The same for an email, whichever username it comes with.
    const email = `${fresh('mail')}@example.com`;
    for (let i = 0; i < 2; i += 1) {
      await from(`198.51.100.2${i}`)
        .post('/api/signup')
        .send({
          fullName: 'N',
          username: fresh('mailer'),
          email,
          pass: PASSWORD,
          passRepeat: PASSWORD,
        });
    }
    const blocked = await from('198.51.100.29')
      .post('/api/signup')
      .send({
        fullName: 'N',
        username: fresh('mailer'),
        email,
        pass: PASSWORD,
        passRepeat: PASSWORD,
      });
    expect(blocked.status).toBe(429);
  });

  it('a 429 for a taken name and for a free one are identical in status, headers and body', async () => {
    const taken = fresh('taken');
    await from('198.51.100.30')
      .post('/sign-up')
      .send({ username: taken, password: PASSWORD, client_id: DEMO })
      .expect(200);
    await sleep(1100);
    const free = fresh('free');
    const answers = [];
    for (const username of [taken, free]) {
      const ip = username === taken ? '198.51.100.31' : '198.51.100.32';
      for (let i = 0; i < 3; i += 1)
        await from(ip)
          .post('/sign-up')
          .send({ username: fresh('filler'), password: PASSWORD, client_id: DEMO });
      answers.push(
        await from(ip).post('/sign-up').send({ username, password: PASSWORD, client_id: DEMO }),
      );
    }
    // All but what differs per request anyway: the date, the request id and the run time.
    const view = (res: request.Response) => {
      const headers = Object.fromEntries(
        Object.entries(res.headers as Record<string, string>).filter(
          ([name]) => !['date', 'x-request-id', 'x-runtime'].includes(name),
        ),
      );
      return { status: res.status, headers, body: res.body as unknown };
    };
    expect(view(answers[0])).toEqual(view(answers[1]));
    expect(answers[0].status).toBe(429);
  });

  it('sign-ins per IP, and failed sign-ins per account from any IP, before any hashing', async () => {
    const name = fresh('signer');
    await from('198.51.100.40')
      .post('/sign-up')
      .send({ username: name, password: PASSWORD, client_id: DEMO })
      .expect(200);
    const signIn = (ip: string, password: string) =>
      from(ip)
        .post('/oauth/authorize')
        .send({ username: name, password, grant_type: 'password', client_id: DEMO });
    await signIn('198.51.100.41', 'wrong-password-1').expect(400);
    await signIn('198.51.100.42', 'wrong-password-2').expect(400);
    // Two failures: the account refuses even the right password until the window ends.
    const locked = await signIn('198.51.100.43', PASSWORD);
    expect([locked.status, locked.headers['retry-after'], locked.body.error]).toEqual([
      429,
      '1',
      'too_many_requests',
    ]);
    await sleep(1100);
    await signIn('198.51.100.44', PASSWORD).expect(200);
    // Per IP: three attempts, then 429 whatever the account.
    const ip = '198.51.100.45';
    for (let i = 0; i < 3; i += 1) {
      await from(ip)
        .post('/oauth/authorize')
        .send({
          username: fresh('nobody'),
          password: PASSWORD,
          grant_type: 'password',
          client_id: DEMO,
        })
        .expect(400);
    }
    const res = await from(ip)
      .post('/oauth/authorize')
      .send({ username: name, password: PASSWORD, grant_type: 'password', client_id: DEMO });
    expect(res.status).toBe(429);
  });

  if (backend === 'in Redis') {
    it('keeps its counters in Redis', async () => {
      expect((await redisKeys(backendEnv.REDIS_URL, 'sg:rl:*')).length).toBeGreaterThan(0);
    });
  }
});
