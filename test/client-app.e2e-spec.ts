import { createHash } from 'node:crypto';
import request from 'supertest';
import { ClientAppRegistry } from '../src/client-app/client-app.registry';
import { TEST_DB_KIND } from './helpers/databases';
import { createTestApp, expectNoHash, tableCounts, TestApp } from './helpers/test-app';

const DEMO_CLIENT = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const GOOD_PASSWORD = 'correct-horse-battery';

/** The seed's user keys, in the seed's order, minus password, reset_pwd_token, mailchimp_token. */
const USER_KEYS = [
  'id',
  'first_name',
  'last_name',
  'name',
  'username',
  'email',
  'picture',
  'facebook_uid',
  'facebook_first_name',
  'facebook_last_name',
  'facebook_username',
  'facebook_picture',
  'facebook_gender',
  'facebook_birthday',
  'twitter_uid',
  'twitter_name',
  'twitter_username',
  'twitter_picture',
  'foursquare_uid',
  'foursquare_first_name',
  'foursquare_last_name',
  'foursquare_picture',
  'password_reset_sent_at',
  'created_at',
  'updated_at',
  'role',
  'client_id',
];

describe('ClientApp POST /sign-up (docs/client-app.md)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function expectError(
    body: unknown,
    status: number,
    error: string,
    description: string | RegExp,
    contentType = 'application/json',
  ) {
    const before = await tableCounts(t.db);
    const req = request(t.http).post('/sign-up').set('Content-Type', contentType);
    const res = await (typeof body === 'string' ? req.send(body) : req.send(body as object));
    expect(res.status).toBe(status);
    expect(Object.keys(res.body as object)).toEqual(['error', 'error_description']);
    expect(res.body.error).toBe(error);
    expect(res.body.error_description).toMatch(description);
    expectNoHash(res.text);
    expect(await tableCounts(t.db)).toEqual(before);
  }

  it('refuses the seed request as printed: "password" is a common password', async () => {
    await expectError(
      { username: 'username', password: 'password', client_id: DEMO_CLIENT },
      422,
      'invalid_password',
      /^Password is too common$/,
    );
  });

  it('signs up with the seed shape, no secrets, a hashed access token and no-store', async () => {
    const res = await request(t.http)
      .post('/sign-up')
      .send({ username: 'username', password: GOOD_PASSWORD, client_id: DEMO_CLIENT });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(Object.keys(res.body as object)).toEqual(['user', 'access_token']);
    expect(Object.keys(res.body.user as object)).toEqual(USER_KEYS);
    const { user, access_token: accessToken } = res.body;
    expect(accessToken).toMatch(/^[0-9a-z]{30}$/);
    expect(user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const nulls = USER_KEYS.filter(
      (key) => !['id', 'username', 'created_at', 'updated_at', 'client_id'].includes(key),
    );
    for (const key of nulls) expect(user[key]).toBeNull();
    expect(user).toMatchObject({
      username: 'username',
      client_id: DEMO_CLIENT,
      updated_at: user.created_at,
    });
    expectNoHash(res.text);

    const [row] = await t.query('SELECT * FROM users WHERE id = ?', [user.id]);
    expect(row).toMatchObject({
      signup_channel: 'client-app',
      client_id: DEMO_CLIENT,
      sign_up_status: 'final',
      approval_status: 'approved',
    });
    const tokens = await t.query('SELECT * FROM access_tokens WHERE user_id = ?', [user.id]);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({
      client_id: DEMO_CLIENT,
      token_hash: createHash('sha256').update(accessToken).digest('hex'),
    });
    const ttl =
      new Date(`${tokens[0].expires_at}Z`).getTime() -
      new Date(`${tokens[0].created_at}Z`).getTime();
    expect(ttl).toBe(2592000 * 1000);
  });

  it('accepts a form-encoded body (Rails clients)', async () => {
    const res = await request(t.http)
      .post('/sign-up')
      .type('form')
      .send({ username: 'formuser', password: GOOD_PASSWORD, client_id: DEMO_CLIENT });
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('formuser');
  });

  it('accepts any letters, digits and symbols up to 64 characters', async () => {
    const username = `Ünïcødé_名前.${'x'.repeat(53)}`;
    expect(Array.from(username)).toHaveLength(64);
    const res = await request(t.http)
      .post('/sign-up')
      .send({ username, password: GOOD_PASSWORD, client_id: DEMO_CLIENT });
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe(username);
  });

  describe('errors, in the order of the table', () => {
    const rows: Array<[string, string, number, string, RegExp, string?]> = [
      [
        'malformed JSON',
        '{"username":',
        400,
        'invalid_request',
        /^Request body is not valid JSON: /,
      ],
      ['a JSON array', '["a"]', 400, 'invalid_request', /^Request body must be a JSON object$/],
      [
        'another content type',
        'username=a',
        400,
        'invalid_request',
        /^Content-Type must be application\/json or application\/x-www-form-urlencoded$/,
        'text/plain',
      ],
      ['everything missing', '{}', 400, 'invalid_request', /^username is required$/],
      [
        'username empty',
        JSON.stringify({ username: '', password: 'x', client_id: 'x' }),
        400,
        'invalid_request',
        /^username is required$/,
      ],
      [
        'username a number',
        JSON.stringify({ username: 7, password: 'x', client_id: 'x' }),
        400,
        'invalid_request',
        /^username must be a string$/,
      ],
      [
        'password missing',
        JSON.stringify({ username: 'a', client_id: 'x' }),
        400,
        'invalid_request',
        /^password is required$/,
      ],
      [
        'client_id null',
        JSON.stringify({ username: 'a', password: 'x', client_id: null }),
        400,
        'invalid_request',
        /^client_id is required$/,
      ],
      [
        'client_id unknown, before the username rule',
        JSON.stringify({ username: 'a b', password: 'x', client_id: 'nope' }),
        401,
        'invalid_client',
        /^Unknown client ID$/,
      ],
      [
        'username with a space',
        JSON.stringify({ username: 'a b', password: 'x', client_id: DEMO_CLIENT }),
        422,
        'invalid_username',
        /^Username must be 1 to 64 characters without spaces or invisible characters$/,
      ],
      [
        'username of 65 characters',
        JSON.stringify({
          username: 'x'.repeat(65),
          password: GOOD_PASSWORD,
          client_id: DEMO_CLIENT,
        }),
        422,
        'invalid_username',
        /^Username must be 1 to 64/,
      ],
      [
        'username with U+200B',
        JSON.stringify({ username: 'ab\u200bc', password: GOOD_PASSWORD, client_id: DEMO_CLIENT }),
        422,
        'invalid_username',
        /^Username must be 1 to 64/,
      ],
      [
        'username with U+202E',
        JSON.stringify({ username: 'ab\u202ec', password: GOOD_PASSWORD, client_id: DEMO_CLIENT }),
        422,
        'invalid_username',
        /^Username must be 1 to 64/,
      ],
      [
        'username with a control character',
        JSON.stringify({ username: 'ab\u0007c', password: GOOD_PASSWORD, client_id: DEMO_CLIENT }),
        422,
        'invalid_username',
        /^Username must be 1 to 64/,
      ],
      [
        'password too short',
        JSON.stringify({ username: 'abc', password: 'Xy7!pq', client_id: DEMO_CLIENT }),
        422,
        'invalid_password',
        /^Password must be at least 8 characters$/,
      ],
      [
        'password too long',
        JSON.stringify({ username: 'abc', password: 'Xy7!pq'.repeat(43), client_id: DEMO_CLIENT }),
        422,
        'invalid_password',
        /^Password must be at most 256 characters$/,
      ],
      [
        'password common',
        JSON.stringify({ username: 'abc', password: 'qwertyuiop', client_id: DEMO_CLIENT }),
        422,
        'invalid_password',
        /^Password is too common$/,
      ],
    ];
    it.each(
      rows.map(([name, body, status, error, description, type]) => ({
        name,
        body,
        status,
        error,
        description,
        type,
      })),
    )('$name', async ({ body, status, error, description, type }) => {
      await expectError(body, status, error, description, type ?? 'application/json');
    });

    it('username taken, in any case', async () => {
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'TakenName', password: GOOD_PASSWORD, client_id: DEMO_CLIENT })
        .expect(200);
      await expectError(
        { username: 'takenNAME', password: GOOD_PASSWORD, client_id: DEMO_CLIENT },
        422,
        'username_taken',
        /^Username has already been taken$/,
      );
    });

    it('413 for a body over 64 KiB', async () => {
      await expectError(
        { username: 'big', password: 'x'.repeat(70 * 1024), client_id: DEMO_CLIENT },
        413,
        'invalid_request',
        /^Request body must be at most 65536 bytes$/,
      );
    });
  });

  it('refuses a revoked client', async () => {
    const clients = t.app.get(ClientAppRegistry);
    const client = await clients.create('Revoked app');
    expect(client.clientId).toMatch(/^[0-9a-z]{30}$/);
    await request(t.http)
      .post('/sign-up')
      .send({ username: 'viaclient', password: GOOD_PASSWORD, client_id: client.clientId })
      .expect(200);
    await t.query('UPDATE client_apps SET revoked_at = ? WHERE client_id = ?', [
      new Date().toISOString(),
      client.clientId,
    ]);
    await expectError(
      { username: 'viaclient2', password: GOOD_PASSWORD, client_id: client.clientId },
      401,
      'invalid_client',
      /^Unknown client ID$/,
    );
  });
});

describe('ClientApp demo client (docs/client-app.md, "Client apps")', () => {
  it('is not created in production', async () => {
    const t = await createTestApp({ env: { NODE_ENV: 'production', BCRYPT_COST: '10' } });
    try {
      expect(await t.query('SELECT client_id FROM client_apps')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('is created on SQLite outside production, never by itself on PostgreSQL', async () => {
    const t = await createTestApp({ demoClient: false });
    try {
      const expected =
        TEST_DB_KIND === 'sqlite' ? [{ client_id: DEMO_CLIENT, revoked_at: null }] : [];
      expect(await t.query('SELECT client_id, revoked_at FROM client_apps')).toEqual(expected);
    } finally {
      await t.close();
    }
  });

  it('access tokens never expire with ACCESS_TOKEN_TTL=0', async () => {
    const t = await createTestApp({ env: { ACCESS_TOKEN_TTL: '0' } });
    try {
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'forever', password: GOOD_PASSWORD, client_id: DEMO_CLIENT })
        .expect(200);
      expect(await t.query('SELECT expires_at FROM access_tokens')).toEqual([{ expires_at: null }]);
    } finally {
      await t.close();
    }
  });
});
