import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, FakeClock, TestApp } from './helpers/test-app';

const PATH = '/zato/sso/user/signup';
// Start-up failures that do not depend on the database: in-memory SQLite, so no half-started
// PostgreSQL pool keeps retrying after the failed start.
const NO_DB = 'sqlite::memory:';
let counter = 0;
const signupBody = () => {
  counter += 1;
  return {
    username: `confirmer${counter}`,
    password: 'correct-horse-battery',
    current_app: 'CRM',
    app_list: ['CRM'],
  };
};

async function signup(t: TestApp): Promise<{ username: string; token: string }> {
  const body = signupBody();
  const res = await request(t.http).post(PATH).send(body).expect(200);
  return { username: body.username, token: res.body.confirm_token as string };
}

async function userRow(t: TestApp, username: string) {
  const [row] = await t.query(
    'SELECT sign_up_status, confirmed_at, approval_status FROM users WHERE username = ?',
    [username],
  );
  return row as { sign_up_status: string; confirmed_at: string | null; approval_status: string };
}

describe('SSO PATCH /zato/sso/user/signup (docs/sso.md, "Confirmation")', () => {
  let t: TestApp;
  const clock = new FakeClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  async function expectCode(body: object, status: number, code: string) {
    const res = await request(t.http).patch(PATH).send(body);
    expect(res.status).toBe(status);
    expect(Object.keys(res.body as object)).toEqual(['cid', 'status', 'sub_status']);
    expect(res.body).toMatchObject({ status: 'error', sub_status: [code] });
    expect(res.headers['cache-control']).toBe('no-store');
  }

  it('confirms with a valid token: 200 {cid, status}, the user becomes final with confirmedAt', async () => {
    const { username, token } = await signup(t);
    expect(await userRow(t, username)).toMatchObject({
      sign_up_status: 'before_confirmation',
      confirmed_at: null,
    });
    const res = await request(t.http)
      .patch(PATH)
      .send({ confirm_token: token, current_app: 'CRM' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body as object)).toEqual(['cid', 'status']);
    expect(res.body.cid).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.status).toBe('ok');
    expect(res.headers['cache-control']).toBe('no-store');
    const row = await userRow(t, username);
    expect(row.sign_up_status).toBe('final');
    expect(row.confirmed_at).toBe('2026-01-01 00:00:00.000');
    // Confirmation and approval are independent.
    expect(row.approval_status).toBe('before_decision');
  });

  it('answers E005007 for a token used already', async () => {
    const { token } = await signup(t);
    await request(t.http)
      .patch(PATH)
      .send({ confirm_token: token, current_app: 'CRM' })
      .expect(200);
    await expectCode({ confirm_token: token, current_app: 'CRM' }, 403, 'E005007');
  });

  it('answers E005006 for an unknown token', async () => {
    await expectCode(
      { confirm_token: 'AB_d86fF-6_UBq4g7npP0mS-i3HfGfpJ', current_app: 'CRM' },
      403,
      'E005006',
    );
  });

  it('answers E005006 once the token expired (confirm_token_ttl), and E005007 beats expiry', async () => {
    const fresh = await signup(t);
    const used = await signup(t);
    await request(t.http)
      .patch(PATH)
      .send({ confirm_token: used.token, current_app: 'CRM' })
      .expect(200);
    clock.advance(86400 - 1);
    const stillValid = await signup(t);
    clock.advance(1);
    await expectCode({ confirm_token: fresh.token, current_app: 'CRM' }, 403, 'E005006');
    await expectCode({ confirm_token: used.token, current_app: 'CRM' }, 403, 'E005007');
    expect((await userRow(t, fresh.username)).sign_up_status).toBe('before_confirmation');
    await request(t.http)
      .patch(PATH)
      .send({ confirm_token: stillValid.token, current_app: 'CRM' })
      .expect(200);
  });

  it('checks the token is present first, then current_app, then its state', async () => {
    const { token, username } = await signup(t);
    await expectCode({ current_app: 'ERP' }, 400, 'E008003');
    await expectCode({ confirm_token: '', current_app: 'CRM' }, 400, 'E008003');
    await expectCode({ confirm_token: 5, current_app: 'CRM' }, 400, 'E008002');
    await expectCode({ confirm_token: token, current_app: 'ERP' }, 403, 'E004001');
    await expectCode({ confirm_token: token }, 403, 'E004001');
    await expectCode({ confirm_token: 'unknown', current_app: 'ERP' }, 403, 'E004001');
    expect((await userRow(t, username)).sign_up_status).toBe('before_confirmation');
  });

  it('takes current_app from the header when the body has none', async () => {
    const { token } = await signup(t);
    await request(t.http)
      .patch(PATH)
      .set('X-Zato-SSO-Current-App', 'CRM')
      .send({ confirm_token: token })
      .expect(200);
  });

  it("a hidden duplicate's token confirms nothing", async () => {
    const { username } = await signup(t);
    const dup = await request(t.http)
      .post(PATH)
      .send({ ...signupBody(), username })
      .expect(200);
    await expectCode({ confirm_token: dup.body.confirm_token, current_app: 'CRM' }, 403, 'E005006');
    expect((await userRow(t, username)).sign_up_status).toBe('before_confirmation');
  });

  it('of concurrent confirmations of one token exactly one wins', async () => {
    const { token, username } = await signup(t);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(t.http).patch(PATH).send({ confirm_token: token, current_app: 'CRM' }),
      ),
    );
    expect(responses.map((res) => res.status).sort()).toEqual([
      200, 403, 403, 403, 403, 403, 403, 403,
    ]);
    for (const res of responses.filter((r) => r.status === 403))
      expect(res.body.sub_status).toEqual(['E005007']);
    expect((await userRow(t, username)).sign_up_status).toBe('final');
    expect(
      await t.query(
        'SELECT COUNT(*) AS n FROM confirm_tokens WHERE used_at IS NOT NULL AND user_id = (SELECT id FROM users WHERE username = ?)',
        [username],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('hides E004001 behind E005001 with inform_if_app_invalid = False', async () => {
    const hiding = await createTestApp({ sso: { apps: { informIfAppInvalid: false } } });
    try {
      const res = await request(hiding.http)
        .patch(PATH)
        .send({ confirm_token: 'x', current_app: 'ERP' });
      expect(res.status).toBe(403);
      expect(res.body.sub_status).toEqual(['E005001']);
    } finally {
      await hiding.close();
    }
  });
});

describe('sso.conf through SSO_CONFIG (docs/sso.md, "sso.conf")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sso-conf-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('runs on the file `zato create server` writes, with its flags', async () => {
    const t = await createTestApp({
      env: { SSO_CONFIG: 'test/fixtures/zato-create-server-sso.conf' },
    });
    try {
      expect(t.sso.signup.isEmailRequired).toBe(true);
      expect(t.sso.main.encryptEmail).toBe(true);
      // encrypt_email = True there: as in Zato, a missing email passes is_email_required.
      const withoutEmail = signupBody();
      const res = await request(t.http).post(PATH).send(withoutEmail);
      expect(res.status).toBe(200);
      const [row] = await t.query('SELECT email FROM users WHERE username_canonical = ?', [
        String(withoutEmail.username).toLowerCase(),
      ]);
      expect(row).toEqual({ email: null });
      const ok = await request(t.http)
        .post(PATH)
        .send({ ...signupBody(), email: 'zatouser@example.com' });
      // "zato" is in reject_email, and inform_if_email_invalid = False hides why.
      expect(ok.body.sub_status).toEqual(['E005001']);
      await request(t.http)
        .post(PATH)
        .send({ ...signupBody(), email: 'person@example.com' })
        .expect(200);
    } finally {
      await t.close();
    }
  });

  it('honours [apps] http_header, signup_allowed and inform_if_* from a file', async () => {
    const path = write(
      'custom.conf',
      [
        '[apps]',
        'all = CRM, ERP',
        'signup_allowed = ERP',
        'http_header = X-App',
        '[signup]',
        'inform_if_user_exists = True',
        'is_approval_needed = False',
      ].join('\n'),
    );
    const t = await createTestApp({ env: { SSO_CONFIG: path, DATABASE_URL: NO_DB } });
    try {
      const body = { ...signupBody(), current_app: undefined };
      const denied = await request(t.http).post(PATH).set('X-App', 'CRM').send(body);
      expect(denied.body.sub_status).toEqual(['E004002']);
      await request(t.http).post(PATH).set('X-App', 'ERP').send(body).expect(200);
      const dup = await request(t.http).post(PATH).set('X-App', 'ERP').send(body);
      expect(dup.body.sub_status).toEqual(['E001002']);
      const [row] = await t.query(
        'SELECT approval_status, current_app FROM users WHERE username = ?',
        [body.username],
      );
      expect(row).toEqual({ approval_status: 'approved', current_app: 'ERP' });
    } finally {
      await t.close();
    }
  });

  it.each([
    [
      '[password]\nmin_length = 4\n',
      /bad\.conf: \[password\] min_length = "4": must be at least 8/,
    ],
    [
      '[password]\nmax_length = 1000\n',
      /bad\.conf: \[password\] max_length = "1000": must be at most 256/,
    ],
    [
      '[signup]\ninform_if_user_exists = perhaps\n',
      /bad\.conf: \[signup\] inform_if_user_exists = "perhaps": must be True or False/,
    ],
  ])('refuses to start on a bad value: %j', async (text, message) => {
    const path = write('bad.conf', text);
    await expect(createTestApp({ env: { SSO_CONFIG: path, DATABASE_URL: NO_DB } })).rejects.toThrow(
      message,
    );
  });

  it('refuses to start when the file is missing', async () => {
    await expect(
      createTestApp({ env: { SSO_CONFIG: join(dir, 'missing.conf'), DATABASE_URL: NO_DB } }),
    ).rejects.toThrow(/SSO_CONFIG: cannot read .*missing\.conf/);
  });
});

describe('environment validated at start', () => {
  it('refuses to start naming the bad variable', async () => {
    await expect(
      createTestApp({ env: { BCRYPT_COST: '99', DATABASE_URL: NO_DB } }),
    ).rejects.toThrow(/BCRYPT_COST="?99"? must not be greater than 20/);
    await expect(
      createTestApp({ env: { NODE_ENV: 'production', BCRYPT_COST: '4', DATABASE_URL: NO_DB } }),
    ).rejects.toThrow(/BCRYPT_COST=4 must be 10 to 20 \(below 10 only with NODE_ENV=test\)/);
  });
});
