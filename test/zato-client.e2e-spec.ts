import { randomBytes } from 'node:crypto';
import { TEST_DB_KIND } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * A client written the way Zato's own test suite calls SSO (docs/sso.md): a JSON body sent
 * without a Content-Type, no email, usernames like `test.2026-11-23T12:30:45.313085+0` and
 * random base64 passwords, against the `sso.conf` that `zato create server` writes
 * (`encrypt_email = True`, `is_email_required = True`): signup ok, confirm ok.
 */
describe(`a Zato-style SSO client (${TEST_DB_KIND})`, () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { SSO_CONFIG: 'test/fixtures/zato-create-server-sso.conf' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t.close());

  /** Sends JSON as raw bytes: fetch sets no Content-Type for a byte array. */
  async function call(method: 'POST' | 'PATCH', body: object) {
    const res = await fetch(`${base}/zato/sso/user/signup`, {
      method,
      body: new TextEncoder().encode(JSON.stringify(body)),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('signs up without an email and confirms, as Zato answers', async () => {
    for (let i = 0; i < 3; i += 1) {
      const username = `test.${new Date().toISOString().replace('Z', '')}${i}+0`;
      const password = randomBytes(21).toString('base64');
      const signup = await call('POST', {
        username,
        password,
        current_app: 'CRM',
        app_list: ['CRM'],
      });
      expect(signup).toEqual({
        status: 200,
        body: {
          cid: expect.stringMatching(/^[0-9a-f]{24}$/),
          status: 'ok',
          confirm_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        },
      });
      const confirm = await call('PATCH', {
        confirm_token: signup.body.confirm_token,
        current_app: 'CRM',
      });
      expect(confirm).toEqual({ status: 200, body: { cid: expect.any(String), status: 'ok' } });
      const [row] = await t.query(
        'SELECT email, sign_up_status FROM users WHERE username_canonical = ?',
        [username.toLowerCase()],
      );
      expect(row).toEqual({ email: null, sign_up_status: 'final' });
    }
  });

  it('checks the password before the email, as Zato does: a weak password without email is E003001', async () => {
    // No email and a common password: Zato answers the password's E003001, not the email's.
    const res = await call('POST', {
      username: `test.weak.${Date.now()}`,
      password: 'password',
      current_app: 'CRM',
      app_list: ['CRM'],
    });
    expect(res.status).toBe(403);
    expect(res.body.sub_status).toEqual(['E003001']);
  });
});
