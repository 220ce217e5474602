import { TEST_DB_KIND, queryDatabase } from './helpers/databases';
import { OwnPostgres } from './helpers/own-postgres';
import { runCli, ServiceProcess } from './helpers/service-process';

const onPostgres = TEST_DB_KIND === 'postgres' ? describe : describe.skip;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
  ms: number;
}

onPostgres('database outage (PostgreSQL restarted under load)', () => {
  jest.setTimeout(120000);
  let pg: OwnPostgres;
  let service: ServiceProcess;
  let clientId: string;
  let counter = 0;

  beforeAll(async () => {
    pg = await new OwnPostgres().init();
    pg.start();
    const env = {
      DATABASE_URL: pg.url,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'fatal',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      OUTBOX_POLL_INTERVAL_MS: '200',
    };
    service = await new ServiceProcess(env).start();
    clientId = runCli(env, 'clients', 'create', '--name', 'Outage').stdout.trim();
  });
  afterAll(async () => {
    await service?.stop();
    pg?.destroy();
  });

  const signups: Record<string, () => { path: string; body: object; username: string }> = {
    milliner: () => {
      const username = `outage${(counter += 1)}`;
      return {
        path: '/api/signup',
        username,
        body: {
          fullName: 'N',
          username,
          email: `${username}@example.com`,
          pass: 'very-strong-password',
          passRepeat: 'very-strong-password',
        },
      };
    },
    sso: () => {
      const username = `outage${(counter += 1)}`;
      return {
        path: '/zato/sso/user/signup',
        username,
        body: {
          username,
          password: 'correct-horse-battery',
          current_app: 'CRM',
          app_list: ['CRM'],
        },
      };
    },
    clientApp: () => {
      const username = `outage${(counter += 1)}`;
      return {
        path: '/sign-up',
        username,
        body: { username, password: 'correct-horse-battery', client_id: clientId },
      };
    },
  };

  async function send(dialect: keyof typeof signups, acknowledged: string[]): Promise<Answer> {
    const { path, body, username } = signups[dialect]();
    const started = Date.now();
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15000),
    });
    const answer = {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Record<string, unknown>,
      ms: Date.now() - started,
    };
    if (res.status === 200) acknowledged.push(username);
    return answer;
  }

  it("answers 503 in each dialect's shape while the database is down, recovers by itself, and keeps every acknowledged signup", async () => {
    const acknowledged: string[] = [];
    for (const dialect of ['milliner', 'sso', 'clientApp'] as const) {
      expect((await send(dialect, acknowledged)).status).toBe(200);
    }

    pg.stop();
    const down: Answer[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const dialect of ['milliner', 'sso', 'clientApp'] as const)
        down.push(await send(dialect, acknowledged));
    }
    for (const answer of down) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('1');
      expect(answer.ms).toBeLessThan(5000); // within the connect timeout (2 s) plus hashing, never a hang
    }
    expect(down[0].body).toEqual({ message: 'Service unavailable', cause: expect.any(String) });
    expect(down[1].body).toMatchObject({ status: 'error', sub_status: ['E008004'] });
    expect(down[2].body).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
    });

    pg.start();
    const after: Answer[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const answer = await send(['milliner', 'sso', 'clientApp'][attempt % 3], acknowledged);
      after.push(answer);
      if (after.slice(-3).length === 3 && after.slice(-3).every((a) => a.status === 200)) break;
      if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(after.slice(-3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(after.every((a) => a.status === 200 || a.status === 503)).toBe(true);

    const rows = await queryDatabase<Array<{ username: string }>>(
      pg.url,
      'SELECT username FROM users',
    );
    expect(rows.map((row) => row.username).sort()).toEqual([...acknowledged].sort());
  });

  it('/readyz turns 503 naming the database while it is stopped and 200 when it is back; /healthz stays 200', async () => {
    const probe = async (path: string) => {
      const res = await fetch(`${service.url}${path}`, { signal: AbortSignal.timeout(5000) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await probe('/readyz')).toEqual({
      status: 200,
      body: {
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      },
    });

    pg.stop();
    const started = Date.now();
    const down = await probe('/readyz');
    expect(Date.now() - started).toBeLessThan(3000); // the 1 s check bound plus HTTP
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'error',
      info: {},
      error: {
        database: { status: 'down', message: expect.stringMatching(/^(unreachable|timeout)$/) },
      },
      details: {
        database: { status: 'down', message: expect.stringMatching(/^(unreachable|timeout)$/) },
      },
    });
    // Nothing of the driver's error (addresses, ports) reaches the caller.
    expect(JSON.stringify(down.body)).not.toContain(String(pg.port));
    expect(await probe('/healthz')).toEqual({
      status: 200,
      body: { status: 'ok', info: {}, error: {}, details: {} },
    });

    pg.start();
    let ready = 0;
    for (let attempt = 0; attempt < 50 && ready !== 200; attempt += 1) {
      ready = (await probe('/readyz')).status;
      if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ready).toBe(200);
  });
});
