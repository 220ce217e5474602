import { ResourceOwnerPassword } from 'simple-oauth2';
import request from 'supertest';
import { ClientAppRegistry } from '../src/client-app/client-app.registry';
import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { runCli } from './helpers/service-process';
import { createTestApp, TestApp } from './helpers/test-app';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';

describe('POST /oauth/revoke (RFC 7009; docs/client-app.md, "Revoke")', () => {
  jest.setTimeout(30000);
  let t: TestApp;
  let otherClient: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    otherClient = (await t.app.get(ClientAppRegistry).create('Other')).clientId;
  });
  afterAll(() => t.close());

  /** Signs a new user up through the demo client; returns the access token. */
  async function tokenOfNewUser(): Promise<{ username: string; token: string }> {
    const username = `revoker${(counter += 1)}`;
    const res = await request(t.http)
      .post('/sign-up')
      .send({ username, password: PASSWORD, client_id: DEMO })
      .expect(200);
    return { username, token: (res.body as { access_token: string }).access_token };
  }
  const me = (token: string) =>
    request(t.http).get('/users/me').set('Authorization', `Bearer ${token}`);
  const tokenCount = async () =>
    Number((await t.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM access_tokens'))[0].n);

  it('revokes a token of the calling client: 200 {}, the token stops working at once; again: 200', async () => {
    const { token } = await tokenOfNewUser();
    await me(token).expect(200);
    const before = await tokenCount();
    const res = await request(t.http)
      .post('/oauth/revoke')
      .type('form')
      .send({ token, token_type_hint: 'access_token', client_id: DEMO });
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{}' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await tokenCount()).toBe(before - 1);
    await me(token).expect(401);
    await request(t.http)
      .post('/oauth/revoke')
      .type('form')
      .send({ token, client_id: DEMO })
      .expect(200);
  });

  it('answers 200 for an unknown token and changes nothing', async () => {
    const before = await tokenCount();
    const res = await request(t.http)
      .post('/oauth/revoke')
      .send({ token: 'no-such-token-000000000000000000', client_id: DEMO });
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{}' });
    expect(await tokenCount()).toBe(before);
  });

  it('leaves a token of another client as it is, with the same 200', async () => {
    const { token } = await tokenOfNewUser();
    const before = await tokenCount();
    const res = await request(t.http)
      .post('/oauth/revoke')
      .type('form')
      .send({ token, client_id: otherClient });
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{}' });
    expect(await tokenCount()).toBe(before);
    await me(token).expect(200);
  });

  it('takes the client as HTTP Basic (empty secret), as sign-in does', async () => {
    const { token } = await tokenOfNewUser();
    await request(t.http)
      .post('/oauth/revoke')
      .auth(DEMO, '')
      .type('form')
      .send({ token })
      .expect(200);
    await me(token).expect(401);
  });

  it.each([
    [
      'no token',
      { client_id: DEMO },
      400,
      { error: 'invalid_request', error_description: 'token is required' },
    ],
    [
      'the client twice',
      { token: 'x', client_id: DEMO, basic: true },
      400,
      {
        error: 'invalid_request',
        error_description:
          'The client must be given once: in the body or with HTTP Basic, not both',
      },
    ],
    [
      'an unknown client',
      { token: 'x', client_id: 'unknown-client' },
      401,
      { error: 'invalid_client', error_description: 'Unknown client ID' },
    ],
  ])(
    'refuses %s in the RFC 6749 error shape, changing nothing',
    async (_name, input, status, body) => {
      const { basic, ...form } = input as Record<string, string> & { basic?: boolean };
      const before = await tokenCount();
      let req = request(t.http).post('/oauth/revoke').type('form');
      if (basic) req = req.auth(DEMO, '');
      const res = await req.send(form);
      expect({ status: res.status, body: res.body as unknown }).toEqual({ status, body });
      if (status === 401)
        expect(res.headers['www-authenticate']).toBe('Basic realm="signup-gateway"');
      expect(await tokenCount()).toBe(before);
    },
  );

  it('answers other methods with 405 and Allow: POST', async () => {
    const res = await request(t.http).get('/oauth/revoke').expect(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('works with simple-oauth2 (a real client library): revoke, then the token is refused', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await tokenOfNewUser(); // a user to sign in as
    const username = `revoker${counter}`;
    const oauth = new ResourceOwnerPassword({
      client: { id: DEMO, secret: '' },
      auth: { tokenHost: base, tokenPath: '/oauth/authorize', revokePath: '/oauth/revoke' },
    });
    const token = await oauth.getToken({ username, password: PASSWORD });
    const accessToken = token.token.access_token as string;
    await me(accessToken).expect(200);
    await token.revoke('access_token');
    await me(accessToken).expect(401);
  });
});

describe('users revoke-tokens (operator CLI)', () => {
  jest.setTimeout(30000);

  it('revokes every token of the user through every client, prints the count; an unknown user exits 1', async () => {
    const databaseUrl = await freshDatabaseUrl({ file: true });
    const t = await createTestApp({ env: { DATABASE_URL: databaseUrl } });
    try {
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'cli.revoked', password: PASSWORD, client_id: DEMO })
        .expect(200);
      const signIn = () =>
        request(t.http)
          .post('/oauth/authorize')
          .type('form')
          .send({
            grant_type: 'password',
            username: 'cli.revoked',
            password: PASSWORD,
            client_id: DEMO,
          })
          .expect(200);
      const tokens = [
        (await signIn()).body.access_token,
        (await signIn()).body.access_token,
      ] as string[];
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'cli.kept', password: PASSWORD, client_id: DEMO })
        .expect(200);
      const env = { DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'error' };
      const revoked = runCli(env, 'users', 'revoke-tokens', 'CLI.Revoked');
      expect(revoked).toEqual({ code: 0, stdout: '3\n', stderr: '' });
      for (const token of tokens)
        await request(t.http).get('/users/me').set('Authorization', `Bearer ${token}`).expect(401);
      const left = await t.query<Array<{ username: string }>>(
        'SELECT u.username FROM access_tokens a JOIN users u ON u.id = a.user_id',
      );
      expect(left).toEqual([{ username: 'cli.kept' }]);
      expect(runCli(env, 'users', 'revoke-tokens', 'nobody')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: No user named "nobody"\n',
      });
    } finally {
      await t.close();
      await dropDatabase(databaseUrl);
    }
  });
});
