import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

/** Runs the built CLI (npm test builds first) as an operator would, on the test's database. */
function cli(databaseUrl: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(__dirname, '../dist/src/cli.js'), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('operator CLI: users (sso.md, "Approval")', () => {
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cli-')), 'cli.sqlite')}`;
  let t: TestApp;
  beforeAll(async () => {
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
  afterAll(() => t.close());

  const approvalOf = async (username: string) => {
    const rows = await t.db.query<Array<{ approval_status: string }>>(
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
