import request from 'supertest';
import { createTestApp, expectNoHash, tableCounts, TestApp } from './helpers/test-app';

const SEED = {
  fullName: 'Name LastName',
  username: 'testhat',
  email: 'email@example.com',
  pass: 'very-strong-password',
  passRepeat: 'very-strong-password',
};

const INVALID_USERNAME = {
  message: 'Invalid username',
  cause:
    'Username must not contain spaces, uppercase letters or special characters, 22 characters maximum',
};
const INVALID_EMAIL = { message: 'Invalid email', cause: 'Email address is not valid' };
const DUPLICATE = {
  message: 'Duplicate Signup',
  cause: 'HAT with such username or email already exists',
};

describe('Milliner POST /api/signup (docs/milliner.md)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    request(t.http)
      .post('/api/signup')
      .send(body as object);

  /** Posts a body that must fail; asserts status and body and that nothing was written. */
  async function expectRefused(
    body: unknown,
    status: number,
    expected: object,
    contentType?: string,
  ) {
    const before = await tableCounts(t.db);
    let req = request(t.http).post('/api/signup');
    if (contentType) req = req.set('Content-Type', contentType);
    const res = await (typeof body === 'string' ? req.send(body) : req.send(body as object));
    expect({ status: res.status, body: res.body as object }).toEqual({ status, body: expected });
    expectNoHash(res.text);
    expect(await tableCounts(t.db)).toEqual(before);
  }

  it('saves the seed request and answers the seed response byte for byte', async () => {
    const res = await post(SEED);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"status":"OK","message":"Signup for testhat saved"}');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const rows = await t.query('SELECT * FROM users WHERE username_canonical = ?', ['testhat']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 'testhat',
      email: 'email@example.com',
      email_canonical: 'email@example.com',
      full_name: 'Name LastName',
      signup_channel: 'milliner',
      sign_up_status: 'final',
      approval_status: 'approved',
      client_id: null,
    });
    expect(rows[0].password_hash).toMatch(/^\$2b\$04\$.{53}$/);
  });

  describe('row 1: body not a JSON object', () => {
    it.each([
      [
        'malformed JSON',
        '{"fullName": "x"',
        'application/json',
        /^Request body is not valid JSON: /,
      ],
      ['an array', '[1,2]', 'application/json', /^Request body must be a JSON object$/],
      ['a string', '"hello"', 'application/json', /^Request body must be a JSON object$/],
      ['an empty body', '', 'application/json', /^Request body must be a JSON object$/],
      [
        'another content type',
        JSON.stringify(SEED),
        'text/plain',
        /^Content-Type must be application\/json$/,
      ],
      [
        'form data',
        'fullName=x',
        'application/x-www-form-urlencoded',
        /^Content-Type must be application\/json$/,
      ],
    ])('refuses %s', async (_name, body, contentType, cause) => {
      const before = await tableCounts(t.db);
      const res = await request(t.http)
        .post('/api/signup')
        .set('Content-Type', contentType)
        .send(body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body as object)).toEqual(['message', 'cause']);
      expect(res.body.message).toBe('Invalid request');
      expect(res.body.cause).toMatch(cause);
      expect(await tableCounts(t.db)).toEqual(before);
    });
  });

  describe('row 2: fields missing, empty or not strings, in the order of the table', () => {
    it.each([
      ['everything missing', {}, 'fullName is required'],
      ['fullName null', { ...SEED, fullName: null }, 'fullName is required'],
      ['fullName empty', { ...SEED, fullName: '' }, 'fullName is required'],
      ['fullName a number', { ...SEED, fullName: 5 }, 'fullName must be a string'],
      ['fullName blank', { ...SEED, fullName: '   ' }, 'fullName must be 1 to 256 characters'],
      [
        'fullName too long',
        { ...SEED, fullName: 'a'.repeat(257) },
        'fullName must be 1 to 256 characters',
      ],
      ['username missing', { ...SEED, username: undefined }, 'username is required'],
      ['username a list', { ...SEED, username: ['testhat'] }, 'username must be a string'],
      [
        'email missing and pass missing',
        { ...SEED, email: undefined, pass: undefined },
        'email is required',
      ],
      ['email an object', { ...SEED, email: { a: 1 } }, 'email must be a string'],
      ['pass empty', { ...SEED, pass: '' }, 'pass is required'],
      ['passRepeat missing', { ...SEED, passRepeat: undefined }, 'passRepeat is required'],
      ['passRepeat a boolean', { ...SEED, passRepeat: true }, 'passRepeat must be a string'],
      [
        'username bad and fullName missing',
        { ...SEED, fullName: undefined, username: 'BAD' },
        'fullName is required',
      ],
    ])('%s', async (_name, body, cause) => {
      await expectRefused(body, 400, { message: 'Invalid request', cause });
    });

    it('accepts 256 characters of fullName after trimming, counted in code points', async () => {
      const res = await post({
        ...SEED,
        username: 'longname',
        email: 'long@example.com',
        fullName: ` ${'😀'.repeat(256)} `,
      });
      expect(res.status).toBe(200);
      const [row] = await t.query('SELECT full_name FROM users WHERE username = ?', ['longname']);
      expect(row.full_name).toBe('😀'.repeat(256));
    });
  });

  describe('row 3: username rule and reserved names', () => {
    it.each([
      ['upper case', 'TestHat2'],
      ['too short', 'abc'],
      ['starting with a digit', '1testhat'],
      ['a dot', 'test.hat'],
      ['a space', 'test hat'],
      ['23 characters', 'a'.repeat(23)],
      ['a zero-width space', 'test\u200bhat'],
      ['reserved admin', 'admin'],
      ['reserved support', 'support'],
    ])('refuses %s', async (_name, username) => {
      await expectRefused({ ...SEED, username, email: 'other@example.com' }, 400, INVALID_USERNAME);
    });

    it('checks the username before the email and the passwords', async () => {
      await expectRefused(
        { ...SEED, username: 'Bad', email: 'bad', passRepeat: 'x' },
        400,
        INVALID_USERNAME,
      );
    });

    it('accepts 22 characters', async () => {
      const res = await post({ ...SEED, username: 'a'.repeat(22), email: 'twentytwo@example.com' });
      expect(res.status).toBe(200);
    });
  });

  describe('row 4: email', () => {
    it.each([
      ['no @', 'email.example.com'],
      ['no domain', 'email@'],
      ['whitespace inside', 'email @example.com'],
      ['leading whitespace', ' email2@example.com'],
      [
        '255 characters',
        `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
      ],
      ['a bidi control', 'ema\u202eil@example.com'],
    ])('refuses %s', async (_name, email) => {
      await expectRefused({ ...SEED, username: 'freshname', email }, 400, INVALID_EMAIL);
    });
  });

  it('row 5: pass and passRepeat differ', async () => {
    await expectRefused(
      {
        ...SEED,
        username: 'freshname',
        email: 'fresh@example.com',
        passRepeat: 'very-strong-passworD',
      },
      400,
      {
        message: 'Passwords do not match',
        cause: 'pass and passRepeat must be identical',
      },
    );
  });

  describe('row 6: password', () => {
    it.each([
      ['too short', 'Xy7!pq', 'Password must be at least 8 characters'],
      ['too long', 'Xy7!pq'.repeat(43), 'Password must be at most 256 characters'],
      ['common', 'password123', 'Password is too common'],
      ['common in another case', 'PASSWORD123', 'Password is too common'],
      ['too weak', 'aaaaaaaaaaaa', 'Minimum password requirement strength not met'],
    ])('refuses a password %s', async (_name, pass, cause) => {
      await expectRefused(
        { ...SEED, username: 'freshname', email: 'fresh@example.com', pass, passRepeat: pass },
        400,
        { message: 'Invalid password', cause },
      );
    });
  });

  describe('row 7: duplicates', () => {
    it('refuses a taken username', async () => {
      await expectRefused({ ...SEED, email: 'someone-else@example.com' }, 400, DUPLICATE);
    });

    it('refuses a taken email, also in another case and width', async () => {
      await expectRefused(
        { ...SEED, username: 'otherhat', email: 'EMAIL@EXAMPLE.COM' },
        400,
        DUPLICATE,
      );
      await expectRefused(
        { ...SEED, username: 'otherhat', email: 'ｅｍａｉｌ@example.com' },
        400,
        DUPLICATE,
      );
    });

    it('folds a full-width username to its NFKC form, which is taken', async () => {
      await expectRefused(
        { ...SEED, username: 'ｔｅｓｔｈａｔ', email: 'wide@example.com' },
        400,
        DUPLICATE,
      );
    });
  });

  it('ignores unknown fields and treats null as absent', async () => {
    const res = await post({
      ...SEED,
      username: 'extrafields',
      email: 'extra@example.com',
      admin: true,
      role: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'OK', message: 'Signup for extrafields saved' });
  });

  it('answers 413 in its shape for a body over 64 KiB', async () => {
    await expectRefused({ ...SEED, fullName: 'x'.repeat(70 * 1024) }, 413, {
      message: 'Payload too large',
      cause: 'Request body must be at most 65536 bytes',
    });
  });
});
