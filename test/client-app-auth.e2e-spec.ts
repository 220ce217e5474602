import request from 'supertest';
import { PasswordHasher, StoredPassword } from '../src/accounts/passwords/password-hasher';
import { ClientAppRegistry } from '../src/client-app/client-app.registry';
import { createTestApp, expectNoHash, FakeClock, TestApp } from './helpers/test-app';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';
const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description: 'The access grant you supplied is invalid',
};

describe('ClientApp sign-in and tokens (docs/client-app.md)', () => {
  let t: TestApp;
  const clock = new FakeClock();
  beforeAll(async () => {
    t = await createTestApp({ clock, sso: { signup: { isApprovalNeeded: true } } });
  });
  afterAll(() => t.close());

  const signup = async (username: string, password = PASSWORD, clientId = DEMO) =>
    (
      await request(t.http)
        .post('/sign-up')
        .send({ username, password, client_id: clientId })
        .expect(200)
    ).body as {
      user: { id: number };
      access_token: string;
    };
  const signIn = (body: Record<string, unknown>) =>
    request(t.http).post('/oauth/authorize').send(body);
  const me = (token: string) =>
    request(t.http).get('/users/me').set('Authorization', `Bearer ${token}`);

  describe('POST /oauth/authorize', () => {
    beforeAll(async () => {
      await signup('signer');
    });

    it('issues a new working token with no-store, as JSON or form', async () => {
      const res = await signIn({
        username: 'SIGNER',
        password: PASSWORD,
        grant_type: 'password',
        client_id: DEMO,
      });
      expect(res.status).toBe(200);
      // RFC 6749 5.1: token_type is required, expires_in tells clients when to sign in again.
      expect(res.body).toEqual({
        access_token: expect.stringMatching(/^[0-9a-z]{30}$/),
        token_type: 'Bearer',
        expires_in: 2592000,
      });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expect((await me(res.body.access_token as string)).body.user.username).toBe('signer');
      const form = await request(t.http)
        .post('/oauth/authorize')
        .type('form')
        .send({ username: 'signer', password: PASSWORD, grant_type: 'password', client_id: DEMO });
      expect(form.status).toBe(200);
    });

    it.each([
      [
        'malformed body',
        '{"username"',
        400,
        {
          error: 'invalid_request',
          error_description: expect.stringMatching(/^Request body is not valid JSON/),
        },
      ],
      [
        'no fields',
        '{}',
        400,
        { error: 'invalid_request', error_description: 'grant_type is required' },
      ],
      [
        'password missing',
        JSON.stringify({ username: 'signer', grant_type: 'password', client_id: DEMO }),
        400,
        { error: 'invalid_request', error_description: 'password is required' },
      ],
      [
        'grant_type missing',
        JSON.stringify({ username: 'signer', password: PASSWORD, client_id: DEMO }),
        400,
        { error: 'invalid_request', error_description: 'grant_type is required' },
      ],
      [
        'client_id a number',
        JSON.stringify({
          username: 'signer',
          password: PASSWORD,
          grant_type: 'password',
          client_id: 1,
        }),
        400,
        { error: 'invalid_request', error_description: 'client_id must be a string' },
      ],
      [
        'another grant type, before the client',
        JSON.stringify({
          username: 'signer',
          password: PASSWORD,
          grant_type: 'client_credentials',
          client_id: 'nope',
        }),
        400,
        {
          error: 'unsupported_grant_type',
          error_description:
            'The authorization grant type is not supported: use grant_type=password',
        },
      ],
      [
        'unknown client, before the credentials',
        JSON.stringify({
          username: 'signer',
          password: 'wrong-password',
          grant_type: 'password',
          client_id: 'nope',
        }),
        401,
        { error: 'invalid_client', error_description: 'Unknown client ID' },
      ],
      [
        'wrong password',
        JSON.stringify({
          username: 'signer',
          password: 'wrong-password',
          grant_type: 'password',
          client_id: DEMO,
        }),
        400,
        INVALID_GRANT,
      ],
      [
        'unknown user',
        JSON.stringify({
          username: 'nobody-here',
          password: PASSWORD,
          grant_type: 'password',
          client_id: DEMO,
        }),
        400,
        INVALID_GRANT,
      ],
    ])('%s', async (_name, body, status, expected) => {
      const before = await t.query('SELECT COUNT(*) AS n FROM access_tokens');
      const res = await request(t.http)
        .post('/oauth/authorize')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(status);
      expect(res.body).toEqual(expected);
      expect(await t.query('SELECT COUNT(*) AS n FROM access_tokens')).toEqual(before);
    });

    it('verifies an unknown user against a dummy hash: one bcrypt verification either way', async () => {
      const hasher = t.app.get(PasswordHasher, { strict: false });
      const admit = hasher.admit.bind(hasher);
      const verified: string[] = [];
      const spy = jest.spyOn(hasher, 'admit').mockImplementation((lane, signal) => {
        const ticket = admit(lane, signal);
        return {
          ...ticket,
          verify: (password: string, stored: StoredPassword) => {
            verified.push(stored.hash);
            return ticket.verify(password, stored);
          },
        };
      });
      try {
        await signIn({
          username: 'nobody-here',
          password: PASSWORD,
          grant_type: 'password',
          client_id: DEMO,
        }).expect(400);
        await signIn({
          username: 'signer',
          password: 'wrong-password',
          grant_type: 'password',
          client_id: DEMO,
        }).expect(400);
        expect(verified).toHaveLength(2);
        const [unknownHash, knownHash] = verified;
        expect(unknownHash).toMatch(/^\$2b\$04\$/);
        expect(unknownHash).not.toBe(knownHash);
      } finally {
        spy.mockRestore();
      }
    });

    it('does not sign in with a password that differs only after byte 72', async () => {
      const long = `${'x'.repeat(72)}-the-real-ending`;
      await signup('longpass', long);
      await signIn({
        username: 'longpass',
        password: long,
        grant_type: 'password',
        client_id: DEMO,
      }).expect(200);
      const res = await signIn({
        username: 'longpass',
        password: `${'x'.repeat(72)}-another-ending`,
        grant_type: 'password',
        client_id: DEMO,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(INVALID_GRANT);
    });

    it('refuses an unconfirmed or unapproved SSO user with invalid_grant, and signs them in once both', async () => {
      const sso = await request(t.http)
        .post('/zato/sso/user/signup')
        .send({ username: 'janedoe', password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] })
        .expect(200);
      const body = {
        username: 'janedoe',
        password: PASSWORD,
        grant_type: 'password',
        client_id: DEMO,
      };
      expect((await signIn(body)).body).toEqual(INVALID_GRANT);
      await request(t.http)
        .patch('/zato/sso/user/signup')
        .send({ confirm_token: sso.body.confirm_token, current_app: 'CRM' })
        .expect(200);
      expect((await signIn(body)).body).toEqual(INVALID_GRANT); // confirmed, not yet approved
      await t.query("UPDATE users SET approval_status = 'approved' WHERE username = 'janedoe'");
      const res = await signIn(body);
      expect(res.status).toBe(200);
      const user = (await me(res.body.access_token as string)).body.user;
      expect(user).toMatchObject({ username: 'janedoe', client_id: null, name: null });
      await t.query("UPDATE users SET approval_status = 'rejected' WHERE username = 'janedoe'");
      expect((await me(res.body.access_token as string)).status).toBe(401);
    });
  });

  describe('GET /users/me', () => {
    let token: string;
    let userId: number;
    beforeAll(async () => {
      const signed = await signup('meuser');
      token = signed.access_token;
      userId = signed.user.id;
    });

    it.each([
      [
        'Authorization: OAuth',
        (r: request.Test, tk: string) => r.set('Authorization', `OAuth ${tk}`),
      ],
      [
        'Authorization: Bearer',
        (r: request.Test, tk: string) => r.set('Authorization', `Bearer ${tk}`),
      ],
      [
        'oauth_token query parameter',
        (r: request.Test, tk: string) => r.query({ oauth_token: tk }),
      ],
    ])('answers the user for a token in %s', async (_name, attach) => {
      const res = await attach(request(t.http).get('/users/me'), token);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body as object)).toEqual(['user']);
      expect(res.body.user).toMatchObject({ id: userId, username: 'meuser', client_id: DEMO });
      expect(res.headers['cache-control']).toBe('no-store');
      expectNoHash(res.text);
    });

    it('shows a Milliner user with name = full name and client_id null', async () => {
      await request(t.http)
        .post('/api/signup')
        .send({
          fullName: '  Hat Owner ',
          username: 'hatowner',
          email: 'hat@example.com',
          pass: 'very-strong-password',
          passRepeat: 'very-strong-password',
        })
        .expect(200);
      const res = await signIn({
        username: 'hatowner',
        password: 'very-strong-password',
        grant_type: 'password',
        client_id: DEMO,
      });
      const user = (await me(res.body.access_token as string)).body.user;
      expect(user).toMatchObject({
        username: 'hatowner',
        name: 'Hat Owner',
        email: 'hat@example.com',
        client_id: null,
      });
    });

    it('never shows another user for a token', async () => {
      const other = await signup('otheruser');
      expect((await me(other.access_token)).body.user.username).toBe('otheruser');
      expect((await me(token)).body.user.username).toBe('meuser');
    });

    it.each([
      [
        'no credentials',
        (r: request.Test) => r,
        'Bearer realm="signup-gateway"',
        'An access token is required',
      ],
      [
        'an unknown Bearer token',
        (r: request.Test) => r.set('Authorization', 'Bearer 0123456789abcdefghijklmnopqrst'),
        'Bearer realm="signup-gateway", error="invalid_token"',
        'The access token is invalid or has expired',
      ],
      [
        'an unknown OAuth token',
        (r: request.Test) => r.set('Authorization', 'OAuth 0123456789abcdefghijklmnopqrst'),
        'OAuth realm="signup-gateway", error="invalid_token"',
        'The access token is invalid or has expired',
      ],
      [
        'an unknown query token',
        (r: request.Test) => r.query({ oauth_token: 'nope' }),
        'OAuth realm="signup-gateway", error="invalid_token"',
        'The access token is invalid or has expired',
      ],
      [
        'another scheme',
        (r: request.Test) => r.set('Authorization', 'Basic dXNlcjpwYXNz'),
        // RFC 6750 3.1: credentials of a scheme this API does not use are no token at all.
        'Bearer realm="signup-gateway"',
        'An access token is required',
      ],
    ])('401 for %s with the challenge', async (_name, attach, challenge, description) => {
      const res = await attach(request(t.http).get('/users/me'));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(challenge);
      expect(res.body).toEqual({ error: 'invalid_token', error_description: description });
    });

    it('refuses an expired token (ACCESS_TOKEN_TTL)', async () => {
      const { access_token: expiring } = await signup('expiring');
      clock.advance(2592000 - 1);
      expect((await me(expiring)).status).toBe(200);
      clock.advance(1);
      const res = await me(expiring);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="signup-gateway", error="invalid_token"',
      );
    });
  });

  describe('a revoked client', () => {
    it('can no longer sign up, sign in, or use its tokens', async () => {
      const clients = t.app.get(ClientAppRegistry);
      const client = await clients.create('Soon revoked');
      const { access_token: token } = await signup('revokee', PASSWORD, client.clientId);
      expect((await me(token)).status).toBe(200);
      await clients.revoke(client.clientId);
      const signupRes = await request(t.http)
        .post('/sign-up')
        .send({ username: 'revokee2', password: PASSWORD, client_id: client.clientId });
      expect({ status: signupRes.status, body: signupRes.body as object }).toEqual({
        status: 401,
        body: { error: 'invalid_client', error_description: 'Unknown client ID' },
      });
      const signInRes = await signIn({
        username: 'revokee',
        password: PASSWORD,
        grant_type: 'password',
        client_id: client.clientId,
      });
      expect(signInRes.status).toBe(401);
      expect(signInRes.body.error).toBe('invalid_client');
      expect((await me(token)).status).toBe(401);
      // The user is not locked out: another client still works.
      await signIn({
        username: 'revokee',
        password: PASSWORD,
        grant_type: 'password',
        client_id: DEMO,
      }).expect(200);
    });
  });
});

describe('ClientApp headers (docs/client-app.md)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example,https://other.example' } });
  });
  afterAll(() => t.close());

  it.each([
    ['POST /sign-up', () => request(t.http).post('/sign-up').send({})],
    ['POST /oauth/authorize', () => request(t.http).post('/oauth/authorize').send({})],
    ['GET /users/me', () => request(t.http).get('/users/me')],
  ])(
    '%s carries X-Request-Id, X-Runtime, nosniff, SAMEORIGIN and no deprecated headers',
    async (_name, send) => {
      const res = await send();
      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(res.headers['x-runtime']).toMatch(/^\d+\.\d{3}$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      for (const header of ['x-xss-protection', 'x-ua-compatible', 'etag', 'x-powered-by'])
        expect(res.headers[header]).toBeUndefined();
    },
  );

  it('echoes a sane X-Request-Id and replaces an insane one', async () => {
    const sane = await request(t.http).get('/users/me').set('X-Request-Id', 'abc-123_XYZ');
    expect(sane.headers['x-request-id']).toBe('abc-123_XYZ');
    const spaced = await request(t.http).get('/users/me').set('X-Request-Id', 'has space');
    expect(spaced.headers['x-request-id']).not.toBe('has space');
    const long = await request(t.http).get('/users/me').set('X-Request-Id', 'a'.repeat(129));
    expect(long.headers['x-request-id']).toHaveLength(36);
  });

  it('answers CORS for configured origins only, preflight included', async () => {
    const allowed = await request(t.http).get('/users/me').set('Origin', 'https://app.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const denied = await request(t.http).get('/users/me').set('Origin', 'https://evil.example');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(t.http)
      .options('/sign-up')
      .set('Origin', 'https://other.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST,PUT,DELETE,GET,OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
  });

  it('allows any origin by default', async () => {
    const d = await createTestApp();
    try {
      const res = await request(d.http)
        .post('/sign-up')
        .set('Origin', 'https://anywhere.example')
        .send({});
      expect(res.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await d.close();
    }
  });

  it('does not put ClientApp headers on the other dialects; X-Request-Id is on every route', async () => {
    const res = await request(t.http).post('/api/signup').set('X-Request-Id', 'mill-1').send({});
    expect(res.headers['x-runtime']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('mill-1');
  });
});

describe('ClientApp sign-in as OAuth clients send it (docs/client-app.md, "Sign in")', () => {
  let t: TestApp;
  const basic = (clientId: string, secret = '') =>
    `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${secret}`).toString('base64')}`;
  const grant = { username: 'basic.user', password: PASSWORD, grant_type: 'password' };

  beforeAll(async () => {
    t = await createTestApp();
    await request(t.http)
      .post('/sign-up')
      .send({ username: 'basic.user', password: PASSWORD, client_id: DEMO })
      .expect(200);
  });
  afterAll(() => t.close());

  it('takes the client from HTTP Basic with an empty secret (form body, as libraries send it)', async () => {
    const res = await request(t.http)
      .post('/oauth/authorize')
      .set('Authorization', basic(DEMO))
      .type('form')
      .send(grant);
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
  });

  it('refuses the client given twice (body and Basic), and none at all', async () => {
    const both = await request(t.http)
      .post('/oauth/authorize')
      .set('Authorization', basic(DEMO))
      .send({ ...grant, client_id: DEMO });
    expect([both.status, both.body]).toEqual([
      400,
      {
        error: 'invalid_request',
        error_description:
          'The client must be given once: in the body or with HTTP Basic, not both',
      },
    ]);
    const none = await request(t.http).post('/oauth/authorize').send(grant);
    expect([none.status, none.body.error_description]).toEqual([400, 'client_id is required']);
  });

  it('answers an unknown client 401 invalid_client with a Basic challenge, on both routes', async () => {
    const signIn = await request(t.http)
      .post('/oauth/authorize')
      .set('Authorization', basic('nope'))
      .send(grant);
    expect([signIn.status, signIn.headers['www-authenticate'], signIn.body.error]).toEqual([
      401,
      'Basic realm="signup-gateway"',
      'invalid_client',
    ]);
    const signup = await request(t.http)
      .post('/sign-up')
      .send({ username: 'nobody.here', password: PASSWORD, client_id: 'nope' });
    expect([signup.status, signup.headers['www-authenticate']]).toEqual([
      401,
      'Basic realm="signup-gateway"',
    ]);
  });

  it('checks the grant type before anything else: refresh_token is unsupported_grant_type', async () => {
    const res = await request(t.http)
      .post('/oauth/authorize')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: 'x' });
    expect([res.status, res.body.error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('accepts the access_token query parameter (RFC 6750 2.3)', async () => {
    const { body } = await request(t.http)
      .post('/oauth/authorize')
      .send({ ...grant, client_id: DEMO })
      .expect(200);
    const me = await request(t.http).get('/users/me').query({ access_token: body.access_token });
    expect([me.status, me.body.user.username]).toEqual([200, 'basic.user']);
    const bad = await request(t.http).get('/users/me').query({ access_token: 'not-a-token' });
    expect([bad.status, bad.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="signup-gateway", error="invalid_token"',
    ]);
  });
});
