import { dropDatabase, freshDatabaseUrl, queryDatabase, TEST_DB_KIND } from './helpers/databases';
import { runCli, ServiceProcess } from './helpers/service-process';

// Several instances share one database only on PostgreSQL (issue: scale out).
const onPostgres = TEST_DB_KIND === 'postgres' ? describe : describe.skip;

const post = (url: string, path: string, body: object, method = 'POST') =>
  fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

onPostgres('two service instances on one PostgreSQL database', () => {
  jest.setTimeout(60000);
  let databaseUrl: string;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let clientId: string;

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl();
    const env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'error',
    };
    // Started together on an empty database: the advisory lock lets one migrate, the other wait.
    [a, b] = await Promise.all([new ServiceProcess(env).start(), new ServiceProcess(env).start()]);
    clientId = runCli(env, 'clients', 'create', '--name', 'Instances').stdout.trim();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropDatabase(databaseUrl);
  });

  it('migrated once', async () => {
    const rows = await queryDatabase<Array<{ name: string }>>(
      databaseUrl,
      'SELECT name FROM migrations ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual([
      'InitialSchema1763800000000',
      'Events1763900000000',
      'UsernameSkeleton1764000000000',
      'DeliveryLeaseToken1764000000001',
      'ImportedPasswordHashes1764100000000',
    ]);
  });

  it.each([
    [
      'Milliner',
      '/api/signup',
      {
        fullName: 'N',
        username: 'twinhat',
        email: 'twin@example.com',
        pass: 'very-strong-password',
        passRepeat: 'very-strong-password',
      },
      400,
    ],
    ['ClientApp', '/sign-up', { username: 'TwinUser', password: 'correct-horse-battery' }, 422],
  ])(
    '%s: concurrent identical signups over both give exactly one success and no 500',
    async (_name, path, body, duplicateStatus) => {
      const payload = path === '/sign-up' ? { ...body, client_id: clientId } : body;
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => post(i % 2 ? a.url : b.url, path, payload)),
      );
      const statuses = responses.map((res) => res.status).sort();
      expect(statuses).toEqual([200, ...Array(11).fill(duplicateStatus)]);
      const username = String((body as { username: string }).username).toLowerCase();
      expect(
        await queryDatabase(
          databaseUrl,
          'SELECT COUNT(*) AS n FROM users WHERE username_canonical = ?',
          [username],
        ),
      ).toEqual([{ n: 1 }]);
    },
  );

  it('SSO: concurrent confirmations of one token over both give exactly one success', async () => {
    const signup = await post(a.url, '/zato/sso/user/signup', {
      username: 'twin.person',
      password: 'correct-horse-battery',
      current_app: 'CRM',
      app_list: ['CRM'],
    });
    const { confirm_token: token } = (await signup.json()) as { confirm_token: string };
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(
          i % 2 ? a.url : b.url,
          '/zato/sso/user/signup',
          { confirm_token: token, current_app: 'CRM' },
          'PATCH',
        ),
      ),
    );
    const bodies = (await Promise.all(responses.map((res) => res.json()))) as Array<{
      status: string;
      sub_status?: string[];
    }>;
    expect(responses.map((res) => res.status).sort()).toEqual([200, ...Array(11).fill(403)]);
    expect(
      bodies
        .filter((body) => body.status === 'error')
        .every((body) => body.sub_status?.[0] === 'E005007'),
    ).toBe(true);
    expect(
      await queryDatabase(
        databaseUrl,
        'SELECT COUNT(*) AS n FROM confirm_tokens WHERE used_at IS NOT NULL',
      ),
    ).toEqual([{ n: 1 }]);
  });
});
