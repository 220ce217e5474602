import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as argon2 from 'argon2';
import * as bcrypt from 'bcrypt';
import request from 'supertest';
import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { passlibAvailable, passlibHashes } from './helpers/passlib';
import { runCli, runCliWithInput } from './helpers/service-process';
import { createTestApp, TestApp } from './helpers/test-app';
import { UserImportService } from '../src/accounts/user-import.service';
import { UsersRepository } from '../src/accounts/users.repository';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
// One of passlib's published pbkdf2_sha512 test vectors (passlib.tests.test_handlers).
const PASSLIB_VECTOR = {
  password: 'password',
  hash: '$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww',
};

type Row = { username: string; password_hash: string; password_input: string };

describe('users import (docs/accounts.md, "Moving users")', () => {
  jest.setTimeout(60000);
  let t: TestApp;
  let databaseUrl: string;
  const env = () => ({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' });
  const jsonl = (lines: Array<Record<string, unknown> | string>) =>
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  const importText = (text: string, ...flags: string[]) =>
    runCliWithInput(env(), text, 'users', 'import', '-', ...flags);
  const signIn = (username: string, password: string) =>
    request(t.http)
      .post('/oauth/authorize')
      .send({ username, password, grant_type: 'password', client_id: DEMO });
  const row = async (username: string): Promise<Row> => {
    const [found] = await t.query<Row[]>(
      'SELECT username, password_hash, password_input FROM users WHERE username = ?',
      [username],
    );
    return found;
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.query<Array<{ n: number }>>(sql, params))[0].n);

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl({ file: true });
    t = await createTestApp({ env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(async () => {
    await t.close();
    await dropDatabase(databaseUrl);
  });

  describe('each hash format: imported, verified at sign-in, then replaced', () => {
    // Hashes made by the real implementations, not typed in.
    const users: Array<{ username: string; password: string; hash: () => Promise<string> }> = [
      {
        username: 'kestrel-2a',
        password: 'kestrel-2a-password',
        hash: async () => bcrypt.hash('kestrel-2a-password', await bcrypt.genSalt(5, 'a')),
      },
      {
        username: 'kestrel-2b',
        password: 'kestrel-2b-password',
        hash: () => bcrypt.hash('kestrel-2b-password', 5),
      },
      {
        // 90 bytes: the old bcrypt read the first 72 of them, as every bcrypt does.
        username: 'kestrel-long',
        password: `${'x'.repeat(72)}-and-the-rest-too`,
        hash: () => bcrypt.hash(`${'x'.repeat(72)}-and-the-rest-too`, 5),
      },
      {
        username: 'kestrel-passlib',
        password: PASSLIB_VECTOR.password,
        hash: () => Promise.resolve(PASSLIB_VECTOR.hash),
      },
      {
        username: 'kestrel-argon',
        password: 'kestrel-argon-password',
        hash: () =>
          argon2.hash('kestrel-argon-password', {
            type: argon2.argon2id,
            memoryCost: 19_456,
            timeCost: 2,
            parallelism: 1,
          }),
      },
    ];
    if (passlibAvailable()) {
      const [pbkdf2, bcrypt2y] = [
        passlibHashes('pbkdf2_sha512', 25_000, ['kestrel-zato-password'])[0],
        passlibHashes('bcrypt_2y', 5, ['kestrel-2y-password'])[0],
      ];
      users.push(
        {
          username: 'kestrel-zato',
          password: 'kestrel-zato-password',
          hash: () => Promise.resolve(pbkdf2),
        },
        {
          username: 'kestrel-2y',
          password: 'kestrel-2y-password',
          hash: () => Promise.resolve(bcrypt2y),
        },
      );
    }
    const hashes = new Map<string, string>();

    beforeAll(async () => {
      const endpoint = runCli(
        env(),
        'webhooks',
        'add',
        '--name',
        'provisioner',
        '--url',
        'http://127.0.0.1:9/imported',
        '--events',
        'user.imported',
      );
      expect(endpoint.code).toBe(0);
      for (const user of users) hashes.set(user.username, await user.hash());
      const text = jsonl(
        users.map((user) => ({
          username: user.username,
          email: `${user.username}@example.com`,
          password_hash: hashes.get(user.username),
          created_at: '2019-05-04T03:02:01.000Z',
        })),
      );
      const result = importText(text);
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 0,
        stdout: `${users.length} imported, 0 skipped as duplicate, 0 refused\n`,
        stderr: '',
      });
    });

    it('stores each hash as it came, marked raw, with its user.imported event and delivery', async () => {
      for (const user of users) {
        expect(await row(user.username)).toEqual({
          username: user.username,
          password_hash: hashes.get(user.username),
          password_input: 'raw',
        });
      }
      const events = await t.query<Array<{ payload: string }>>(
        "SELECT payload FROM outbox_events WHERE type = 'user.imported' ORDER BY id",
      );
      expect(events).toHaveLength(users.length);
      const payload = JSON.parse(events[0].payload) as {
        type: string;
        data: { user: Record<string, unknown> };
      };
      expect(payload.type).toBe('user.imported');
      expect(payload.data.user).toMatchObject({
        username: users[0].username,
        signup_channel: 'client-app',
        sign_up_status: 'final',
        approval_status: 'approved',
        created_at: '2019-05-04T03:02:01.000Z',
      });
      for (const event of events) {
        expect(event.payload).not.toMatch(/password|\$2[aby]\$|\$pbkdf2|\$argon2/);
      }
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
           WHERE e.name = 'provisioner'`,
        ),
      ).toBe(users.length);
    });

    it('refuses wrong passwords for every format and leaves the hash alone', async () => {
      for (const user of users) {
        // Wrong within the first 72 bytes: an old bcrypt hash reads no further.
        const res = await signIn(user.username, `wrong-${user.password}`).expect(400);
        expect(res.body).toMatchObject({ error: 'invalid_grant' });
        expect((await row(user.username)).password_hash).toBe(hashes.get(user.username));
      }
      // The password's NFKC or upper-case form is another password for an imported hash.
      await signIn('kestrel-2b', 'KESTREL-2B-PASSWORD').expect(400);
    });

    it('signs in with the right password and replaces the hash with bcrypt at the current cost', async () => {
      for (const user of users) {
        const res = await signIn(user.username, user.password).expect(200);
        expect(res.body.access_token).toEqual(expect.any(String));
        const after = await row(user.username);
        expect(after.password_input).toBe('nfkc-prehash');
        expect(after.password_hash).toMatch(/^\$2b\$04\$.{53}$/);
        expect(after.password_hash).not.toBe(hashes.get(user.username));
        // And the new hash works: the next sign-in verifies it.
        await signIn(user.username, user.password).expect(200);
        await signIn(user.username, `wrong-${user.password}`).expect(400);
      }
    });

    it('after the upgrade, a long password no longer matches on its first 72 bytes alone', async () => {
      // The old bcrypt hash accepted any password with the same first 72 bytes; ours does not.
      await signIn('kestrel-long', `${'x'.repeat(72)}-something-else`).expect(400);
    });
  });

  describe('bad lines', () => {
    const good = async (username: string) => ({
      username,
      email: `${username}@example.com`,
      password_hash: await bcrypt.hash('zorro-password', 4),
    });

    it('reports a duplicate and each refused line with its number; the rest goes on and the refused write nothing', async () => {
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'zorro-signed-up', password: 'correct-horse-battery', client_id: DEMO })
        .expect(200);
      const usersBefore = await count('SELECT COUNT(*) AS n FROM users');
      const eventsBefore = await count('SELECT COUNT(*) AS n FROM outbox_events');
      const lines = [
        await good('zorro-one'), // 1: imported
        { ...(await good('ZORRO-ONE')), email: 'other@example.com' }, // 2: duplicate (canonical)
        await good('zorro-signed-up'), // 3: duplicate of a signup
        await good('root'), // 4: reserved
        { username: 'zorro-plain', password_hash: 'correct-horse-battery' }, // 5: plain text
        '{"username": "zorro-broken", "password_hash": "$2b$04$', // 6: not JSON
        '', // 7: blank, skipped
        { ...(await good('zorro-two')), email: 'zorro-one@example.com' }, // 8: email taken
        { ...(await good('zorro-three')), passwd: 'x' }, // 9: unknown field
        { ...(await good('z\u200Borro')) }, // 10: invisible character
        { ...(await good('zоrro-one')) }, // 11: Cyrillic о, looks like zorro-one
        await good('zorro-four'), // 12: imported
      ];
      const dir = mkdtempSync(join(tmpdir(), 'sg-import-'));
      const file = join(dir, 'users.jsonl');
      writeFileSync(file, jsonl(lines));
      const result = runCli(env(), 'users', 'import', file);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual(
        [
          'line 4: Username is not allowed',
          'line 5: Unsupported password hash (bcrypt $2a$, $2b$ or $2y$; $pbkdf2-sha512$; $argon2id$)',
          'line 6: Not valid JSON at position 54',
          'line 8: Email address is taken',
          'line 9: Unknown field passwd',
          'line 10: Username contains characters that are not allowed',
          'line 11: Username looks like the username of another user',
        ].sort(),
      );
      expect(result.stdout).toBe(
        [
          '2 imported, 2 skipped as duplicate, 7 refused',
          'refused: Username is not allowed (1)',
          'refused: Unsupported password hash (bcrypt $2a$, $2b$ or $2y$; $pbkdf2-sha512$; $argon2id$) (1)',
          'refused: Not valid JSON at position 54 (1)',
          'refused: Unknown field passwd (1)',
          'refused: Username contains characters that are not allowed (1)',
          'refused: Email address is taken (1)',
          'refused: Username looks like the username of another user (1)',
          '',
        ].join('\n'),
      );
      // Never the hash of a line, even of a broken one.
      expect(result.stderr + result.stdout).not.toContain('$2b$04$');
      expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(usersBefore + 2);
      expect(await count('SELECT COUNT(*) AS n FROM outbox_events')).toBe(eventsBefore + 2);
      const imported = await t.query<Array<{ username: string }>>(
        "SELECT username FROM users WHERE username LIKE 'zorro%' ORDER BY id",
      );
      expect(imported.map((user) => user.username)).toEqual([
        'zorro-signed-up',
        'zorro-one',
        'zorro-four',
      ]);
      // Run again: everything already there is a duplicate, nothing is written twice.
      const again = runCli(env(), 'users', 'import', file);
      expect(again.stdout.split('\n')[0]).toBe('0 imported, 4 skipped as duplicate, 7 refused');
      expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(usersBefore + 2);
    });

    it('--all-or-nothing stops at the first refused line and writes nothing', async () => {
      const usersBefore = await count('SELECT COUNT(*) AS n FROM users');
      const eventsBefore = await count('SELECT COUNT(*) AS n FROM outbox_events');
      const result = importText(
        jsonl([
          await good('yak-one'),
          await good('yak-two'),
          await good('admin'),
          await good('yak-three'),
        ]),
        '--all-or-nothing',
      );
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 1,
        stdout:
          'nothing imported: a line was refused (--all-or-nothing)\nrefused: Username is not allowed (1)\n',
        stderr: 'line 3: Username is not allowed\n',
      });
      expect(await count('SELECT COUNT(*) AS n FROM users')).toBe(usersBefore);
      expect(await count('SELECT COUNT(*) AS n FROM outbox_events')).toBe(eventsBefore);
    });

    it('fails on a file it cannot read (exit 1), writing nothing', () => {
      const result = runCli(env(), 'users', 'import', '/nonexistent/users.jsonl');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: ENOENT/);
    });
  });

  describe('a race with a concurrent signup', () => {
    it('redoes the batch line by line: the raced line is a duplicate, the rest is imported', async () => {
      const importer = t.app.get(UserImportService, { strict: false });
      const repository = t.app.get(UsersRepository, { strict: false });
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'yak-raced', password: 'correct-horse-battery', client_id: DEMO })
        .expect(200);
      // The signup commits between the batch's lookup and its insert: the lookup saw nothing.
      const lookup = jest
        .spyOn(repository, 'takenIdentifiers')
        .mockResolvedValueOnce({ usernames: new Set(), skeletons: new Set(), emails: new Set() });
      const hash = await bcrypt.hash('yak-race-password', 4);
      const lines = ['yak-before', 'yak-raced', 'yak-after'].map((username) =>
        JSON.stringify({ username, password_hash: hash }),
      );
      const refused: unknown[] = [];
      try {
        const summary = await importer.import(Readable.from(lines), {
          onRefused: (refusal) => refused.push(refusal),
        });
        expect(summary).toMatchObject({ lines: 3, imported: 2, duplicates: 1, refused: 0 });
        // The batch's lookup, then one per line as it is redone alone.
        expect(lookup).toHaveBeenCalledTimes(4);
      } finally {
        lookup.mockRestore();
      }
      expect(refused).toEqual([]);
      const rows = await t.query<Array<{ username: string; password_input: string }>>(
        "SELECT username, password_input FROM users WHERE username LIKE 'yak-%' AND username <> 'yak-raw' ORDER BY id",
      );
      expect(rows).toEqual([
        { username: 'yak-raced', password_input: 'nfkc-prehash' },
        { username: 'yak-before', password_input: 'raw' },
        { username: 'yak-after', password_input: 'raw' },
      ]);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM outbox_events e JOIN users u ON u.id = e.user_id WHERE e.type = 'user.imported' AND u.username IN ('yak-before', 'yak-after', 'yak-raced')",
        ),
      ).toBe(2);
    });
  });

  describe('round trip', () => {
    it('export | import into an empty store gives the same users', async () => {
      const raw = importText(
        jsonl([{ username: 'yak-raw', password_hash: await bcrypt.hash('yak-raw-password', 4) }]),
      );
      expect(raw.code).toBe(0);
      await request(t.http)
        .post('/api/signup')
        .send({
          fullName: 'Ada Round',
          username: 'adaround',
          email: 'Ada@Example.com',
          pass: 'correct-horse-battery',
          passRepeat: 'correct-horse-battery',
        })
        .expect(200);
      await request(t.http)
        .post('/zato/sso/user/signup')
        .send({
          username: 'bob.round',
          password: 'correct-horse-battery',
          current_app: 'CRM',
          app_list: ['CRM'],
        })
        .expect(200);
      const exported = runCli(env(), 'users', 'export');
      expect(exported.code).toBe(0);
      const source = exported.stdout;
      expect(source.split('\n').length).toBeGreaterThan(5);
      // Both kinds of hash travel: this service's own and imported ones still raw.
      expect(source).toContain('"password_input":"nfkc-prehash"');
      expect(source).toContain('"password_input":"raw"');

      const target = await freshDatabaseUrl({ file: true });
      try {
        const migrate = runCli({ DATABASE_URL: target, LOG_LEVEL: 'error' }, 'db', 'migrate');
        expect(migrate.code).toBe(0);
        const imported = runCliWithInput(
          { DATABASE_URL: target, LOG_LEVEL: 'error' },
          source,
          'users',
          'import',
          '-',
        );
        const total = source.split('\n').filter(Boolean).length;
        expect({ code: imported.code, stdout: imported.stdout, stderr: imported.stderr }).toEqual({
          code: 0,
          stdout: `${total} imported, 0 skipped as duplicate, 0 refused\n`,
          stderr: '',
        });
        const again = runCli({ DATABASE_URL: target, LOG_LEVEL: 'error' }, 'users', 'export');
        expect(again.stdout).toBe(source);
      } finally {
        await dropDatabase(target);
      }
    });
  });
});
