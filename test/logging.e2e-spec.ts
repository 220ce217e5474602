import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { Receiver } from './helpers/receiver';
import { runCli, ServiceProcess } from './helpers/service-process';

/** Every secret the requests below carry; none may appear in any log line, at any level. */
const SECRETS = {
  password: 'Log-Secret-Passw0rd-9z',
  bodySecret: 'BODY-SECRET-4f1c2e',
  queryToken: 'QUERYTOKEN0b9d8c7a6f5e4d3c2b1a',
  oauthToken: 'OAUTHTOKEN1a2b3c4d5e6f7a8b9c0d',
  bearer: 'BEARERTOKEN9f8e7d6c5b4a3f2e1d0c',
  basicSecret: 'BASIC-CLIENT-SECRET-77',
  cookie: 'COOKIE-SESSION-5e5e5e',
};

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  res?: { statusCode: number };
  route?: string | null;
  dialect?: string;
  clientIp?: string;
  durationMs?: number;
}

describe('logs (docs/deployment.md, "Logs"): one access line per request, no secret at any level', () => {
  jest.setTimeout(60000);
  let service: ServiceProcess;
  let databaseUrl: string;
  let env: Record<string, string>;
  let hook: Receiver;

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl({ file: true });
    // The validation hook fails for the Milliner signup (fail-open), so the app logs a
    // warning in the middle of that request.
    hook = await new Receiver().start();
    hook.respond = (request) =>
      request.body.includes('kestrelm')
        ? { status: 500 }
        : { status: 200, body: JSON.stringify({ allow: true }) };
    env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'verbose',
      LOG_FORMAT: 'json',
      SIGNUP_HOOK_URL: hook.url,
      SIGNUP_HOOK_FAIL_OPEN: 'true',
    };
    service = await new ServiceProcess(env).start();
  });
  afterAll(async () => {
    await service?.stop();
    await hook?.stop();
    await dropDatabase(databaseUrl);
  });

  const call = (
    id: string,
    path: string,
    init: { method?: string; body?: object | string; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${service.url}${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: {
        'x-request-id': id,
        cookie: `session=${SECRETS.cookie}`,
        ...(init.body && typeof init.body === 'object'
          ? { 'content-type': 'application/json' }
          : {}),
        ...init.headers,
      },
      body: typeof init.body === 'object' ? JSON.stringify(init.body) : init.body,
    });

  it('logs method, route, status, duration, request id, dialect and client IP; never a password, token or body', async () => {
    const clientId = runCli(env, 'clients', 'create', '--name', 'Logs').stdout.trim();
    const milliner = await call('log-milliner', '/api/signup', {
      body: {
        fullName: 'Log Test',
        username: 'kestrelm',
        email: 'kestrelm@example.com',
        pass: SECRETS.password,
        passRepeat: SECRETS.password,
      },
    });
    expect(milliner.status).toBe(200);
    expect(milliner.headers.get('x-request-id')).toBe('log-milliner');
    const sso = await call('log-sso', '/zato/sso/user/signup', {
      body: {
        username: 'kestrels',
        password: SECRETS.password,
        app_list: ['CRM'],
        current_app: 'CRM',
        api_secret: SECRETS.bodySecret,
      },
    });
    expect(sso.status).toBe(200);
    const signup = await call('log-signup', '/sign-up', {
      body: { username: 'kestrelc', password: SECRETS.password, client_id: clientId },
    });
    expect(signup.status).toBe(200);
    const { access_token: accessToken } = (await signup.json()) as { access_token: string };
    const signin = await call('log-signin', '/oauth/authorize', {
      body: `grant_type=password&username=kestrelc&password=${encodeURIComponent(SECRETS.password)}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${SECRETS.basicSecret}`).toString('base64')}`,
      },
    });
    expect([200, 401]).toContain(signin.status);
    const me = await call('log-me', '/users/me', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    await call('log-bearer', '/users/me', {
      headers: { authorization: `Bearer ${SECRETS.bearer}` },
    });
    await call(
      'log-query',
      `/users/me?access_token=${SECRETS.queryToken}&oauth_token=${SECRETS.oauthToken}`,
    );
    const revoke = await call('log-revoke', '/oauth/revoke', {
      body: `token=${SECRETS.queryToken}&client_id=${clientId}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(revoke.status).toBe(200);
    await call('log-health', '/healthz');
    await call('log-ready', '/readyz');
    await call('log-unknown', `/no/such/path?access_token=${SECRETS.queryToken}`);
    await call('has space', '/healthz');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.stop();

    const text = service.output.join('');
    for (const secret of [...Object.values(SECRETS), accessToken])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$2[aby]\$/);
    const lines = text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as LogLine); // every line is JSON
    const access = (id: string) =>
      lines.filter((line) => line.reqId === id && line.msg === 'request completed');

    const [mill] = access('log-milliner');
    expect(mill).toEqual(
      expect.objectContaining({
        level: 30,
        method: 'POST',
        url: '/api/signup',
        res: { statusCode: 200 },
        route: '/api/signup',
        dialect: 'milliner',
        clientIp: expect.stringMatching(/127\.0\.0\.1$/),
        durationMs: expect.any(Number),
      }),
    );
    expect(access('log-milliner')).toHaveLength(1);
    expect(access('log-sso')[0]).toMatchObject({
      route: '/zato/sso/user/signup',
      dialect: 'sso',
      res: { statusCode: 200 },
    });
    expect(access('log-signup')[0]).toMatchObject({ route: '/sign-up', dialect: 'client-app' });
    expect(access('log-signin')[0]).toMatchObject({
      route: '/oauth/authorize',
      dialect: 'client-app',
    });
    expect(access('log-me')[0]).toMatchObject({ route: '/users/me', res: { statusCode: 200 } });
    expect(access('log-bearer')[0]).toMatchObject({ res: { statusCode: 401 } });
    expect(access('log-query')[0]).toMatchObject({
      method: 'GET',
      url: '/users/me?access_token=[Redacted]&oauth_token=[Redacted]',
    });
    expect(access('log-revoke')[0]).toMatchObject({
      route: '/oauth/revoke',
      dialect: 'client-app',
      res: { statusCode: 200 },
    });
    expect(access('log-health')[0]).toMatchObject({
      route: '/healthz',
      dialect: 'none',
      res: { statusCode: 200 },
    });
    expect(access('log-ready')[0]).toMatchObject({ route: '/readyz', res: { statusCode: 200 } });
    expect(access('log-unknown')[0]).toMatchObject({ dialect: 'none', res: { statusCode: 404 } });
    // The application's lines within a request carry its request id.
    expect(lines.filter((line) => line.reqId === 'log-milliner').map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Signup hook failed .*letting the signup through/),
      'request completed',
    ]);
    // An insane request id is replaced, not logged.
    expect(lines.some((line) => line.reqId === 'has space')).toBe(false);
    // The application's own lines are JSON too (Nest's Logger through pino).
    expect(lines.some((line) => line.msg.startsWith('signup-gateway listening on'))).toBe(true);
    expect(lines.some((line) => line.msg.startsWith('SIGTERM: draining'))).toBe(true);
  });
});
