import request from 'supertest';
import { createTestApp, tableCounts, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';

/**
 * One test per finding of the hostile-input review (docs/accounts.md, "Hostile input",
 * "Identifiers"): each answer in the route's own shape, never a 5xx, nothing written.
 */
const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';

const milliner = (over: Record<string, unknown> = {}) => ({
  fullName: 'Jane Doe',
  username: 'janedoe',
  email: 'jane@example.com',
  pass: PASSWORD,
  passRepeat: PASSWORD,
  ...over,
});
const sso = (over: Record<string, unknown> = {}) => ({
  username: 'jane.doe',
  password: PASSWORD,
  current_app: 'CRM',
  app_list: ['CRM'],
  ...over,
});

describe(`hostile input (${TEST_DB_KIND})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Sends `body` as raw bytes to `path` and checks nothing was written. */
  async function raw(path: string, body: string | Buffer, contentType = 'application/json') {
    const before = await tableCounts(t.db);
    // As bytes: superagent would serialise a Buffer as JSON.
    const res = await request(t.http)
      .post(path)
      .set('Content-Type', contentType)
      .serialize((bytes: unknown) => bytes as string)
      .send(body as unknown as string);
    expect(await tableCounts(t.db)).toEqual(before);
    return res;
  }

  describe('deep nesting is refused before anything walks the body', () => {
    const deepArrays = `{"username":${'['.repeat(1313)}${']'.repeat(1313)}}`;
    const deepObjects = `{"x":${'{"a":'.repeat(2400)}1${'}'.repeat(2400)}}`;
    const limit = 'Request body is nested deeper than 32 levels';

    it.each([
      ['arrays in a known field', deepArrays],
      ['objects in an unknown field', deepObjects],
    ])('%s: Milliner 400, SSO 400 E008002, ClientApp 400', async (_case, body) => {
      const m = await raw('/api/signup', body);
      expect([m.status, m.body]).toEqual([400, { message: 'Invalid request', cause: limit }]);
      const s = await raw('/zato/sso/user/signup', body);
      expect([s.status, s.body.sub_status]).toEqual([400, ['E008002']]);
      const c = await raw('/sign-up', body);
      expect([c.status, c.body]).toEqual([
        400,
        { error: 'invalid_request', error_description: limit },
      ]);
    });

    it('32 levels are fine (the answer is about the fields, not the depth)', async () => {
      const body = JSON.stringify({
        ...milliner(),
        x: JSON.parse(`${'['.repeat(31)}${']'.repeat(31)}`),
      });
      const m = await raw('/api/signup', JSON.stringify({ x: JSON.parse(body).x }));
      expect(m.body).toEqual({ message: 'Invalid request', cause: 'fullName is required' });
    });
  });

  describe('NUL and control characters in any string field', () => {
    it('Milliner fullName "A\\u0000B" is refused (PostgreSQL cannot store it)', async () => {
      const res = await raw('/api/signup', JSON.stringify(milliner({ fullName: 'A\u0000B' })));
      expect([res.status, res.body]).toEqual([
        400,
        {
          message: 'Invalid request',
          cause: 'fullName must not contain control or invisible characters',
        },
      ]);
    });

    it('a full name with a bidi control is refused too', async () => {
      const res = await raw('/api/signup', JSON.stringify(milliner({ fullName: 'Jane\u202eDoe' })));
      expect(res.status).toBe(400);
    });

    it.each([
      [
        'JSON client_id "abc\\u0000"',
        JSON.stringify({ username: 'nul1', password: PASSWORD, client_id: 'abc\u0000' }),
        'application/json',
      ],
      [
        'form client_id=%00',
        `username=nul2&password=${PASSWORD}&client_id=%00`,
        'application/x-www-form-urlencoded',
      ],
    ])('/sign-up with %s: 400 invalid_request', async (_case, body, type) => {
      const res = await raw('/sign-up', body, type);
      expect([res.status, res.body]).toEqual([
        400,
        {
          error: 'invalid_request',
          error_description: 'client_id must not contain control characters',
        },
      ]);
    });

    it.each([
      [
        'username',
        { username: 'a\u0000b', password: PASSWORD, grant_type: 'password', client_id: DEMO },
        400,
        'invalid_grant',
      ],
      [
        'client_id',
        { username: 'ab', password: PASSWORD, grant_type: 'password', client_id: 'x\u0000' },
        400,
        'invalid_request',
      ],
    ])('/oauth/authorize with a NUL in %s: never a 500', async (_field, body, status, error) => {
      const res = await raw('/oauth/authorize', JSON.stringify(body));
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
    });

    it('a password with a NUL is refused in each dialect: Milliner, SSO E003001, ClientApp', async () => {
      const pass = 'correct\u0000horse';
      const m = await raw('/api/signup', JSON.stringify(milliner({ pass, passRepeat: pass })));
      expect([m.status, m.body]).toEqual([
        400,
        { message: 'Invalid password', cause: 'Password must not contain control characters' },
      ]);
      const s = await raw('/zato/sso/user/signup', JSON.stringify(sso({ password: pass })));
      expect([s.status, s.body.sub_status]).toEqual([403, ['E003001']]);
      const c = await raw(
        '/sign-up',
        JSON.stringify({ username: 'nulpass', password: pass, client_id: DEMO }),
      );
      expect([c.status, c.body.error]).toEqual([422, 'invalid_password']);
    });
  });

  describe('invalid UTF-8 and lone surrogates are refused, not repaired to U+FFFD', () => {
    it('invalid UTF-8 bytes in a username: 400 in each dialect', async () => {
      const body = Buffer.concat([
        Buffer.from('{"username":"jane'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`","password":"${PASSWORD}","client_id":"${DEMO}"}`),
      ]);
      const c = await raw('/sign-up', body);
      expect([c.status, c.body]).toEqual([
        400,
        { error: 'invalid_request', error_description: 'Request body is not valid UTF-8' },
      ]);
      const s = await raw('/zato/sso/user/signup', body);
      expect([s.status, s.body.sub_status]).toEqual([400, ['E008002']]);
    });

    it('lone surrogates in a password: 400, so two different passwords never verify alike', async () => {
      const body = `{"username":"surrogate","password":"\\ud800\\ud800\\ud800correct-horse","client_id":"${DEMO}"}`;
      const res = await raw('/sign-up', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.error_description).toMatch(/lone surrogate/);
    });

    it('a form body whose percent-encoding is not UTF-8: 400', async () => {
      const res = await raw(
        '/sign-up',
        `username=ab%FFcd&password=${PASSWORD}&client_id=${DEMO}`,
        'application/x-www-form-urlencoded',
      );
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    });
  });

  it('a malformed-JSON message gives the position, never the bytes (the password)', async () => {
    const body = '{"username":"x","password":Tr0ub4dor-and-more}';
    for (const path of ['/api/signup', '/sign-up']) {
      const res = await raw(path, body);
      expect(res.status).toBe(400);
      expect(res.text).not.toContain('Tr0ub4dor');
      expect(res.text).toContain('Request body is not valid JSON at position 27');
    }
    const end = await raw('/api/signup', '{"username":');
    expect(end.body.cause).toBe('Request body is not valid JSON: it ends too early');
  });

  describe('other methods answer 405 with Allow, in the dialect shape', () => {
    it.each([
      ['GET', '/api/signup', 'POST'],
      ['DELETE', '/api/signup', 'POST'],
    ])('Milliner %s %s', async (method, path, allow) => {
      const res = await request(t.http)[method.toLowerCase() as 'get'](path);
      expect([res.status, res.headers.allow, res.body]).toEqual([
        405,
        allow,
        { message: 'Method not allowed', cause: `Method not allowed: use ${allow}` },
      ]);
    });

    it.each(['GET', 'DELETE', 'PUT', 'OPTIONS'])(
      'SSO %s: 405 E008001 with Allow: POST, PATCH',
      async (method) => {
        const res = await request(t.http)[method.toLowerCase() as 'get']('/zato/sso/user/signup');
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('POST, PATCH');
        expect(res.body).toEqual({
          cid: expect.stringMatching(/^[0-9a-f]{24}$/),
          status: 'error',
          sub_status: ['E008001'],
        });
      },
    );

    it.each([
      ['GET', '/sign-up', 'POST'],
      ['DELETE', '/oauth/authorize', 'POST'],
      ['POST', '/users/me', 'GET'],
      ['DELETE', '/users/me', 'GET'],
    ])('ClientApp %s %s: 405 with Allow: %s', async (method, path, allow) => {
      const res = await request(t.http)[method.toLowerCase() as 'get'](path);
      expect([res.status, res.headers.allow, res.body.error]).toEqual([
        405,
        allow,
        'invalid_request',
      ]);
    });

    it('a CORS preflight on /sign-up is still answered by CORS (204)', async () => {
      const res = await request(t.http)
        .options('/sign-up')
        .set('Origin', 'https://app.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('identifiers (docs/accounts.md, "Identifiers")', () => {
    beforeAll(async () => {
      await request(t.http)
        .post('/api/signup')
        .send(milliner({ username: 'existing', email: 'existing@example.com' }))
        .expect(200);
    });

    it.each([
      ['U+2800', '\u2800'],
      ['U+FFF9', '\ufff9'],
      ['U+FFFA', '\ufffa'],
      ['U+FFFB', '\ufffb'],
      ['U+13430', '\u{13430}'],
      ['U+1D159', '\u{1d159}'],
      ['U+0600', '\u0600'],
      ['U+E000', '\ue000'],
      ['U+0378', '\u0378'],
      ['U+FFFE', '\ufffe'],
    ])('a trailing %s makes no second "existing": 422 invalid_username', async (_name, char) => {
      const res = await raw(
        '/sign-up',
        JSON.stringify({ username: `existing${char}`, password: PASSWORD, client_id: DEMO }),
      );
      expect([res.status, res.body.error]).toEqual([422, 'invalid_username']);
    });

    it('"jane"@example.com is refused: it can name the mailbox of jane@example.com', async () => {
      const res = await raw(
        '/api/signup',
        JSON.stringify(milliner({ username: 'quoted', email: '"existing"@example.com' })),
      );
      expect(res.body).toEqual({ message: 'Invalid email', cause: 'Email address is not valid' });
    });

    it('a look-alike of an existing username is the same username (UTS 39 skeleton)', async () => {
      // Cyrillic е (U+0435) for the first e of "existing".
      const res = await raw(
        '/sign-up',
        JSON.stringify({ username: '\u0435xisting', password: PASSWORD, client_id: DEMO }),
      );
      expect([res.status, res.body.error]).toEqual([422, 'username_taken']);
      const s = await raw(
        '/zato/sso/user/signup',
        JSON.stringify(sso({ username: 'exist\u0131ng' })),
      );
      // SSO hides duplicates by default: a success-shaped answer that writes nothing.
      expect([s.status, s.body.status]).toEqual([200, 'ok']);
    });

    it('rооt (Cyrillic) and admın pass neither the reserved names nor SSO reject_username', async () => {
      const root = await raw(
        '/sign-up',
        JSON.stringify({ username: 'r\u043e\u043et', password: PASSWORD, client_id: DEMO }),
      );
      expect([root.status, root.body.error]).toEqual([422, 'invalid_username']);
      const admin = await raw(
        '/zato/sso/user/signup',
        JSON.stringify(sso({ username: 'my-adm\u0131n' })),
      );
      expect([admin.status, admin.body.sub_status]).toEqual([403, ['E001001']]);
    });

    it('reserved names hold in every dialect: ClientApp cannot take admin or root', async () => {
      for (const username of ['admin', 'root', 'ROOT']) {
        const res = await raw(
          '/sign-up',
          JSON.stringify({ username, password: PASSWORD, client_id: DEMO }),
        );
        expect([res.status, res.body.error]).toEqual([422, 'invalid_username']);
      }
    });

    it('stores the skeleton of each new username', async () => {
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'Ｓkeleton', password: PASSWORD, client_id: DEMO })
        .expect(200);
      const [row] = await t.query(
        'SELECT username_canonical, username_skeleton FROM users WHERE username_canonical = ?',
        ['skeleton'],
      );
      expect(row).toEqual({ username_canonical: 'skeleton', username_skeleton: 'skeleton' });
    });
  });
});
