import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';

// Each CLI run is a process that starts Nest (about 2 s on a busy 2-core machine); a test
// that runs three of them needs more than Jest's default 5 s.
jest.setTimeout(30000);

/** Runs the built CLI (npm test builds first) as an operator would, on the test's database. */
function cli(databaseUrl: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(__dirname, '../dist/src/cli.js'), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('operator CLI: users (docs/sso.md, "Approval")', () => {
  let databaseUrl: string;
  let t: TestApp;
  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl({ file: true });
    t = await createTestApp({ env: { DATABASE_URL: databaseUrl } });
    for (const username of ['Alice', 'bob']) {
      await request(t.http)
        .post('/zato/sso/user/signup')
        .send({
          username,
          password: 'correct-horse-battery',
          email: `${username}@example.com`,
          current_app: 'CRM',
          app_list: ['CRM'],
        })
        .expect(200);
    }
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(databaseUrl);
  });

  const approvalOf = async (username: string) => {
    const rows = await t.query<Array<{ approval_status: string }>>(
      'SELECT approval_status FROM users WHERE username = ?',
      [username],
    );
    return rows[0].approval_status;
  };

  it('users list prints a header and one row per user', () => {
    const { code, stdout, stderr } = cli(databaseUrl, 'users', 'list');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.trim().split('\n')).toEqual([
      'id\tusername\temail\tchannel\tsign_up_status\tapproval_status',
      '1\tAlice\tAlice@example.com\tsso\tbefore_confirmation\tbefore_decision',
      '2\tbob\tbob@example.com\tsso\tbefore_confirmation\tbefore_decision',
    ]);
  });

  it('users show prints the user as JSON, matching any case, without a hash', () => {
    const { code, stdout } = cli(databaseUrl, 'users', 'show', 'ALICE');
    expect(code).toBe(0);
    const user = JSON.parse(stdout) as Record<string, unknown>;
    expect(user).toMatchObject({
      id: 1,
      username: 'Alice',
      signupChannel: 'sso',
      approvalStatus: 'before_decision',
    });
    expect(Object.keys(user)).not.toContain('passwordHash');
    expect(stdout).not.toMatch(/\$2[aby]\$/);
  });

  it('users approve and users reject change the approval status in the database', async () => {
    expect(cli(databaseUrl, 'users', 'approve', 'alice').code).toBe(0);
    expect(await approvalOf('Alice')).toBe('approved');
    expect(cli(databaseUrl, 'users', 'reject', 'bob').code).toBe(0);
    expect(await approvalOf('bob')).toBe('rejected');
    const listed = cli(databaseUrl, 'users', 'list', '--status', 'approved');
    expect(listed.stdout.trim().split('\n').slice(1)).toEqual([
      '1\tAlice\tAlice@example.com\tsso\tbefore_confirmation\tapproved',
    ]);
  });

  it('exits 1 with one error line when the user does not exist, and changes nothing', async () => {
    const { code, stdout, stderr } = cli(databaseUrl, 'users', 'approve', 'nobody');
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: No user named "nobody"\n',
    });
    expect(await approvalOf('bob')).toBe('rejected');
  });

  it.each([
    [['users', 'approve']],
    [['users', 'frobnicate']],
    [['nogroup']],
    [['users', 'list', '--status', 'maybe']],
    [[]],
  ])('exits 2 on bad usage: %j', (args) => {
    expect(cli(databaseUrl, ...args).code).toBe(2);
  });

  it('exits 0 for --help', () => {
    const { code, stdout } = cli(databaseUrl, 'users', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: signup-gateway users');
  });

  it('exits 1 naming the variable when the environment is bad', () => {
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '../dist/src/cli.js'), 'users', 'list'],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl, BCRYPT_COST: '99' },
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Invalid environment: BCRYPT_COST=99 must not be greater than 20\n$/,
    );
  });
});

describe('operator CLI: clients (docs/client-app.md, "Client apps")', () => {
  let databaseUrl: string;
  let t: TestApp;
  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl({ file: true });
    // NODE_ENV=production: no demo client, so the CLI's clients are the only ones.
    t = await createTestApp({
      env: { DATABASE_URL: databaseUrl, NODE_ENV: 'production', BCRYPT_COST: '10' },
    });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(databaseUrl);
  });

  it('create prints a new 30-character client id that signs up, list shows it, revoke stops it', async () => {
    const created = cli(
      databaseUrl,
      'clients',
      'create',
      '--name',
      'Mobile app',
      '--redirect-uri',
      'https://app.example/cb',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-z]{30}\n$/);
    const clientId = created.stdout.trim();
    const [row] = await t.query<Array<Record<string, unknown>>>(
      'SELECT name, redirect_uri, revoked_at FROM client_apps WHERE client_id = ?',
      [clientId],
    );
    expect(row).toEqual({
      name: 'Mobile app',
      redirect_uri: 'https://app.example/cb',
      revoked_at: null,
    });

    const listed = cli(databaseUrl, 'clients', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toBe('client_id\tname\tredirect_uri\tcreated_at\trevoked_at');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^${clientId}\tMobile app\thttps://app.example/cb\t\\S+Z\t-$`),
      ),
    ]);

    const body = { username: 'viacli', password: 'correct-horse-battery', client_id: clientId };
    const signedUp = await request(t.http).post('/sign-up').send(body).expect(200);
    const revoked = cli(databaseUrl, 'clients', 'revoke', clientId);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^${clientId}\tMobile app\t.*Z\t\\S+Z\n$`));
    await request(t.http)
      .post('/sign-up')
      .send({ ...body, username: 'viacli2' })
      .expect(401);
    await request(t.http)
      .post('/oauth/authorize')
      .send({
        username: 'viacli',
        password: body.password,
        grant_type: 'password',
        client_id: clientId,
      })
      .expect(401);
    await request(t.http)
      .get('/users/me')
      .set('Authorization', `OAuth ${signedUp.body.access_token}`)
      .expect(401);
  });

  it('revoke of an unknown client exits 1; create without --name or with a bad URI exits 2', () => {
    expect(cli(databaseUrl, 'clients', 'revoke', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Unknown client ID\n',
    });
    expect(cli(databaseUrl, 'clients', 'create').code).toBe(2);
    expect(
      cli(databaseUrl, 'clients', 'create', '--name', 'X', '--redirect-uri', 'ftp://x').code,
    ).toBe(2);
    expect(cli(databaseUrl, 'clients').code).toBe(2);
  });
});
