import request from 'supertest';
import { MetricsServer } from '../src/metrics/metrics.server';
import { createTestApp, TestApp } from './helpers/test-app';

describe('/metrics (its own listener) and /healthz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { HASH_CONCURRENCY: '1', HASH_QUEUE_MAX_WAIT_MS: '0', BCRYPT_COST: '10' },
    });
  });
  afterAll(() => t.close());
  const metricsUrl = () => t.app.get(MetricsServer).url;

  it('serves /metrics on METRICS_PORT only: 404 on the public port', async () => {
    await request(t.http).get('/metrics').expect(404);
    await request(metricsUrl()).get('/metrics').expect(200);
    await request(metricsUrl()).get('/healthz').expect(404);
    expect(new URL(metricsUrl()).hostname).toBe('127.0.0.1');
  });

  it('answers /healthz without the database', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('counts signups by dialect and outcome, times bcrypt, and exposes default metrics', async () => {
    await request(t.http)
      .post('/sign-up')
      .send({
        username: 'metered',
        password: 'correct-horse-battery',
        client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
      })
      .expect(200);
    await request(t.http)
      .post('/sign-up')
      .send({
        username: 'metered',
        password: 'correct-horse-battery',
        client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
      })
      .expect(422);
    const res = await request(metricsUrl()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(
      'signup_gateway_signups_total{dialect="client-app",outcome="created"} 1',
    );
    expect(res.text).toContain(
      'signup_gateway_signups_total{dialect="client-app",outcome="username_taken"} 1',
    );
    expect(res.text).toMatch(/signup_gateway_bcrypt_duration_seconds_count\{operation="hash"\} 1/);
    expect(res.text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('admission control: past HASH_QUEUE_MAX_WAIT_MS of predicted wait a signup gets 503 with Retry-After at once, in its dialect shape', async () => {
    const bodies = Array.from({ length: 4 }, (_, i) => ({
      username: `burst${i}`,
      password: 'correct-horse-battery',
      client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    }));
    const responses = await Promise.all(
      bodies.map((body) => request(t.http).post('/sign-up').send(body)),
    );
    const refused = responses.filter((res) => res.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((res) => res.status === 200 || res.status === 503)).toBe(true);
    for (const res of refused) {
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: expect.any(String),
      });
    }
    const created = responses.filter((res) => res.status === 200).length;
    const [row] = await t.query<Array<{ n: number }>>(
      "SELECT COUNT(*) AS n FROM users WHERE username LIKE 'burst%'",
    );
    expect(row.n).toBe(created);
    const metrics = (await request(metricsUrl()).get('/metrics')).text;
    expect(metrics).toContain(`signup_gateway_hash_queue_rejections_total ${refused.length}`);
  });
});
