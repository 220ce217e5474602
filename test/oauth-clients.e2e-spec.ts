import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ResourceOwnerPassword } from 'simple-oauth2';
import request from 'supertest';
import { TEST_DB_KIND } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';

const run = promisify(execFile);
const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';

/**
 * Real OAuth client libraries against `POST /oauth/authorize` and `GET /users/me`, called as
 * their users call them (docs/client-app.md, "Sign in").
 */
describe(`OAuth client libraries (${TEST_DB_KIND})`, () => {
  jest.setTimeout(30000);
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await request(t.http)
      .post('/sign-up')
      .send({ username: 'library.user', password: PASSWORD, client_id: DEMO })
      .expect(200);
  });
  afterAll(() => t.close());

  it('openid-client (current major): password grant, then /users/me', async () => {
    const { stdout } = await run(process.execPath, [
      join(__dirname, 'clients/openid-client-password.mjs'),
      base,
      DEMO,
      'library.user',
      PASSWORD,
    ]);
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      token_type: 'bearer',
      expires_in: 2592000,
      access_token_length: 30,
      me_status: 200,
      username: 'library.user',
    });
  });

  it.each([
    ['its defaults (HTTP Basic client authentication)', {}],
    ['body client authentication', { options: { authorizationMethod: 'body' as const } }],
  ])('simple-oauth2 ResourceOwnerPassword with %s', async (_name, extra) => {
    const oauth = new ResourceOwnerPassword({
      client: { id: DEMO, secret: '' },
      auth: { tokenHost: base, tokenPath: '/oauth/authorize' },
      ...extra,
    });
    const token = await oauth.getToken({ username: 'library.user', password: PASSWORD });
    expect(token.token).toMatchObject({ token_type: 'Bearer', expires_in: 2592000 });
    expect(token.expired()).toBe(false);
    const me = await fetch(`${base}/users/me`, {
      headers: { authorization: `Bearer ${token.token.access_token as string}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(
      'library.user',
    );
  });

  it('simple-oauth2 with a wrong password gets the RFC 6749 error, not a crash', async () => {
    const oauth = new ResourceOwnerPassword({
      client: { id: DEMO, secret: '' },
      auth: { tokenHost: base, tokenPath: '/oauth/authorize' },
    });
    await expect(
      oauth.getToken({ username: 'library.user', password: 'wrong-password!' }),
    ).rejects.toMatchObject({
      output: { statusCode: 400 },
      data: {
        payload: {
          error: 'invalid_grant',
          error_description: 'The access grant you supplied is invalid',
        },
      },
    });
  });
});
