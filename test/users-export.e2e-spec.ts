import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { ROOT, runCli } from './helpers/service-process';
import { createTestApp, TestApp } from './helpers/test-app';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';

describe('users export (docs/accounts.md, "Moving users")', () => {
  jest.setTimeout(30000);
  let t: TestApp;
  let databaseUrl: string;
  const env = () => ({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' });

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl({ file: true });
    t = await createTestApp({ env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(databaseUrl);
  });

  it('writes every user as one JSON line, in creation order, with the stored hash and nothing else', async () => {
    await request(t.http)
      .post('/api/signup')
      .send({
        fullName: 'Ada Export',
        username: 'adaexport',
        email: 'Ada@Example.com',
        pass: PASSWORD,
        passRepeat: PASSWORD,
      })
      .expect(200);
    await request(t.http)
      .post('/zato/sso/user/signup')
      .send({ username: 'bob.export', password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] })
      .expect(200);
    await request(t.http)
      .post('/sign-up')
      .send({ username: 'cy.export', password: PASSWORD, client_id: DEMO })
      .expect(200);

    const result = runCli(env(), 'users', 'export');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    const exported = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const rows = await t.query<Array<{ username: string; password_hash: string }>>(
      'SELECT username, password_hash FROM users ORDER BY id',
    );
    expect(exported.map((line) => line.username)).toEqual(rows.map((row) => row.username));
    expect(exported.map((line) => line.password_hash)).toEqual(
      rows.map((row) => row.password_hash),
    );
    expect(exported[0]).toEqual({
      username: 'adaexport',
      email: 'Ada@Example.com',
      full_name: 'Ada Export',
      password_hash: expect.stringMatching(/^\$2b\$04\$/),
      password_input: 'nfkc-prehash',
      signup_channel: 'milliner',
      client_id: null,
      current_app: null,
      app_list: null,
      sign_up_status: 'final',
      approval_status: 'approved',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(exported[1]).toMatchObject({
      username: 'bob.export',
      signup_channel: 'sso',
      current_app: 'CRM',
      app_list: ['CRM'],
      sign_up_status: 'before_confirmation',
    });
    expect(exported[2]).toMatchObject({
      username: 'cy.export',
      signup_channel: 'client-app',
      client_id: DEMO,
    });
    // Exactly the transfer fields: no id, canonical forms, skeletons or tokens.
    for (const line of exported)
      expect(Object.keys(line)).toEqual([
        'username',
        'email',
        'full_name',
        'password_hash',
        'password_input',
        'signup_channel',
        'client_id',
        'current_app',
        'app_list',
        'sign_up_status',
        'approval_status',
        'created_at',
      ]);
  });

  it('refuses to write to a terminal (exit 2) and writes nothing', () => {
    const cli = join(ROOT, 'dist/src/cli.js');
    // script(1) runs the command on a pseudo-terminal, as an operator's shell would.
    const result = spawnSync(
      'script',
      ['-qec', `${process.execPath} ${cli} users export`, '/dev/null'],
      { env: { ...process.env, ...env() }, encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('refusing to write password hashes to a terminal');
    expect(result.stdout).not.toMatch(/\$2[aby]\$/);
  });
});
