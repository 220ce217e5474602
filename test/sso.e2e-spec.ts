import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  createTestApp,
  expectNoHash,
  SsoOverrides,
  tableCounts,
  TestApp,
} from './helpers/test-app';

const SEED = {
  username: 'my.username',
  password: '8CpzwqsiaQO.U.pOKOjsxhoGHAlJ8KaX6wq0CH6NKUvTYuPQP5Tw',
  email: 'my.username@example.com',
  current_app: 'CRM',
  app_list: ['CRM'],
};

const PATH = '/zato/sso/user/signup';
const CID = /^[0-9a-f]{24}$/;
const CONFIRM_TOKEN = /^[A-Za-z0-9_-]{32}$/;

let counter = 0;
/** A fresh valid signup, so each test starts from a body that passes every check. */
function fresh(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { ...SEED, username: `user${counter}`, email: `user${counter}@example.com`, ...overrides };
}

describe('SSO POST /zato/sso/user/signup (docs/sso.md)', () => {
  describe('with the shipped defaults', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    async function expectCode(
      body: unknown,
      status: number,
      code: string,
      contentType = 'application/json',
    ) {
      const before = await tableCounts(t.db);
      const req = request(t.http).post(PATH).set('Content-Type', contentType);
      const res = await (typeof body === 'string' ? req.send(body) : req.send(body as object));
      expect(res.status).toBe(status);
      expect(Object.keys(res.body as object)).toEqual(['cid', 'status', 'sub_status']);
      expect(res.body.cid).toMatch(CID);
      expect(res.body).toMatchObject({ status: 'error', sub_status: [code] });
      expect(res.headers['cache-control']).toBe('no-store');
      expectNoHash(res.text);
      expect(await tableCounts(t.db)).toEqual(before);
    }

    it('signs the seed request up (curl form content type) and stores only the token hash', async () => {
      const res = await request(t.http)
        .post(PATH)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(JSON.stringify(SEED));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body as object)).toEqual(['cid', 'status', 'confirm_token']);
      expect(res.body.cid).toMatch(CID);
      expect(res.body.status).toBe('ok');
      expect(res.body.confirm_token).toMatch(CONFIRM_TOKEN);
      expect(res.headers['cache-control']).toBe('no-store');
      const [user] = await t.query('SELECT * FROM users WHERE username = ?', ['my.username']);
      expect(user).toMatchObject({
        email: 'my.username@example.com',
        signup_channel: 'sso',
        sign_up_status: 'before_confirmation',
        approval_status: 'before_decision',
        current_app: 'CRM',
        app_list: '["CRM"]',
        confirmed_at: null,
      });
      const tokens = await t.query('SELECT * FROM confirm_tokens WHERE user_id = ?', [user.id]);
      expect(tokens).toHaveLength(1);
      expect(tokens[0].token_hash).toBe(
        createHash('sha256').update(res.body.confirm_token).digest('hex'),
      );
      expect(tokens[0].used_at).toBeNull();
      const ttl =
        new Date(`${tokens[0].expires_at}Z`).getTime() -
        new Date(`${tokens[0].created_at}Z`).getTime();
      expect(ttl).toBe(86400 * 1000);
    });

    it('takes current_app from the X-Zato-SSO-Current-App header when the body has none', async () => {
      const res = await request(t.http)
        .post(PATH)
        .set('X-Zato-SSO-Current-App', 'CRM')
        .send(fresh({ current_app: undefined }));
      expect(res.status).toBe(200);
    });

    it('accepts app_list as a single string and email as ""', async () => {
      const body = fresh({ app_list: 'CRM', email: '' });
      const res = await request(t.http).post(PATH).send(body);
      expect(res.status).toBe(200);
      const [user] = await t.query('SELECT email, app_list FROM users WHERE username = ?', [
        body.username,
      ]);
      expect(user).toEqual({ email: null, app_list: '["CRM"]' });
    });

    describe('400: input not understood', () => {
      it.each([
        ['malformed JSON', '{"username": ', 'E008002'],
        ['a JSON array', '[]', 'E008002'],
        ['an empty body', '', 'E008002'],
        ['username missing', JSON.stringify({ ...SEED, username: undefined }), 'E008003'],
        ['username null', JSON.stringify({ ...SEED, username: null }), 'E008003'],
        ['password missing', JSON.stringify({ ...SEED, password: undefined }), 'E008003'],
        ['app_list missing', JSON.stringify({ ...SEED, app_list: undefined }), 'E008003'],
        ['username a number', JSON.stringify({ ...SEED, username: 12 }), 'E008002'],
        ['email a list', JSON.stringify({ ...SEED, email: ['a@b.c'] }), 'E008002'],
        ['current_app an object', JSON.stringify({ ...SEED, current_app: {} }), 'E008002'],
        ['app_list of numbers', JSON.stringify({ ...SEED, app_list: [1] }), 'E008002'],
      ])('%s', async (_name, body, code) => {
        await expectCode(body, 400, code);
      });
    });

    describe('403: the signup table, in order', () => {
      it.each([
        ['1: current_app missing', fresh({ current_app: undefined }), 'E004001'],
        ['1: current_app unknown', fresh({ current_app: 'ERP' }), 'E004001'],
        ['3: app_list entry unknown', fresh({ app_list: ['CRM', 'ERP'] }), 'E004001'],
        ['4: username empty', fresh({ username: '' }), 'E001001'],
        ['5: username too long', fresh({ username: 'u'.repeat(129) }), 'E001003'],
        ['6: username with whitespace', fresh({ username: 'my user' }), 'E001004'],
        ['7: username with a reject_username entry', fresh({ username: 'SuperAdmin1' }), 'E001001'],
        ['7: username with a zero-width space', fresh({ username: 'us\u200ber' }), 'E001001'],
        ['7: username with a bidi override', fresh({ username: 'us\u202eer' }), 'E001001'],
        ['9: email too long', fresh({ email: `${'a'.repeat(120)}@example.com` }), 'E002003'],
        ['10: email with whitespace', fresh({ email: 'a b@example.com' }), 'E002004'],
        ['11: email not valid', fresh({ email: 'not-an-email' }), 'E002001'],
        ['11: email with a reject_email entry', fresh({ email: 'root@example.com' }), 'E002001'],
        ['12: password too short', fresh({ password: 'Xy7!pq' }), 'E003002'],
        ['13: password too long', fresh({ password: 'Xy7!pq'.repeat(43) }), 'E003003'],
        [
          '14: password with a reject_list entry',
          fresh({ password: 'myQWERTYisgreat!' }),
          'E003001',
        ],
        ['14: common password', fresh({ password: 'iloveyou2' }), 'E003001'],
        ['order: app before username', fresh({ current_app: 'ERP', username: '' }), 'E004001'],
        ['order: username before email', fresh({ username: 'a b', email: 'bad' }), 'E001004'],
        // Zato's own order: the password before the email (docs/sso.md).
        ['order: password before email', fresh({ email: 'bad', password: 'x' }), 'E003002'],
        [
          'order: a weak password without email',
          fresh({ email: '', password: 'password' }),
          'E003001',
        ],
      ])('row %s', async (_name, body, code) => {
        await expectCode(body, 403, code);
      });
    });

    it('hides a duplicate username: 200 with a fresh token, nothing written', async () => {
      const body = fresh();
      const first = await request(t.http).post(PATH).send(body);
      expect(first.status).toBe(200);
      const before = await tableCounts(t.db);
      const again = await request(t.http)
        .post(PATH)
        .send({ ...body, username: String(body.username).toUpperCase(), email: 'x@example.com' });
      expect(again.status).toBe(200);
      expect(Object.keys(again.body as object)).toEqual(['cid', 'status', 'confirm_token']);
      expect(again.body.confirm_token).toMatch(CONFIRM_TOKEN);
      expect(again.body.confirm_token).not.toBe(first.body.confirm_token);
      expect(await tableCounts(t.db)).toEqual(before);
    });

    it('hides a duplicate email the same way', async () => {
      const body = fresh();
      await request(t.http).post(PATH).send(body).expect(200);
      const before = await tableCounts(t.db);
      const res = await request(t.http)
        .post(PATH)
        .send(fresh({ email: String(body.email).toUpperCase() }));
      expect(res.status).toBe(200);
      expect(await tableCounts(t.db)).toEqual(before);
    });

    it('answers 413 in the envelope for a body over 64 KiB', async () => {
      await expectCode(fresh({ padding: 'x'.repeat(70 * 1024) }), 413, 'E008002');
    });
  });

  describe('with flags flipped through the settings provider', () => {
    const cases: Array<[string, SsoOverrides, Record<string, unknown>, number, string]> = [
      [
        '2: signup_allowed excludes current_app',
        { apps: { all: ['CRM', 'ERP'], signupAllowed: ['ERP'] } },
        {},
        403,
        'E004002',
      ],
      [
        'inform_if_app_invalid = False hides row 1',
        { apps: { informIfAppInvalid: false } },
        { current_app: 'ERP' },
        403,
        'E005001',
      ],
      [
        'inform_if_app_invalid = False hides row 2',
        { apps: { all: ['CRM', 'ERP'], signupAllowed: ['ERP'], informIfAppInvalid: false } },
        {},
        403,
        'E005001',
      ],
      [
        '8: email required but missing',
        { signup: { isEmailRequired: true } },
        { email: undefined },
        403,
        'E002005',
      ],
      [
        '8: email required, "" counts as missing',
        { signup: { isEmailRequired: true } },
        { email: '' },
        403,
        'E002005',
      ],
      [
        'inform_if_user_invalid = False hides row 6',
        { signup: { informIfUserInvalid: false } },
        { username: 'a b' },
        403,
        'E005001',
      ],
      [
        'inform_if_email_invalid = False hides row 11',
        { signup: { informIfEmailInvalid: false } },
        { email: 'bad' },
        403,
        'E005001',
      ],
      [
        'inform_if_invalid = False hides row 12',
        { password: { informIfInvalid: false } },
        { password: 'short' },
        403,
        'E005001',
      ],
      [
        '15: zxcvbn score below min_complexity',
        { password: { minComplexity: 4 } },
        { password: 'abcdefgh12' },
        403,
        'E003008',
      ],
      [
        '5: max_length_username',
        { signup: { maxLengthUsername: 5 } },
        { username: 'sixsix' },
        403,
        'E001003',
      ],
    ];

    it.each(cases)('row %s', async (_name, sso, overrides, status, code) => {
      const t = await createTestApp({ sso });
      try {
        const before = await tableCounts(t.db);
        const res = await request(t.http).post(PATH).send(fresh(overrides));
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ status: 'error', sub_status: [code] });
        expect(await tableCounts(t.db)).toEqual(before);
      } finally {
        await t.close();
      }
    });

    it('16 and 17: reveals duplicates with inform_if_user_exists and inform_if_email_exists', async () => {
      const t = await createTestApp({
        sso: { signup: { informIfUserExists: true, informIfEmailExists: true } },
      });
      try {
        const body = fresh();
        await request(t.http).post(PATH).send(body).expect(200);
        const before = await tableCounts(t.db);
        const user = await request(t.http)
          .post(PATH)
          .send({ ...body, email: 'new@example.com' });
        expect(user.status).toBe(403);
        expect(user.body.sub_status).toEqual(['E001002']);
        const email = await request(t.http)
          .post(PATH)
          .send({ ...body, username: 'brandnew' });
        expect(email.status).toBe(403);
        expect(email.body.sub_status).toEqual(['E002002']);
        expect(await tableCounts(t.db)).toEqual(before);
      } finally {
        await t.close();
      }
    });

    it('is_approval_needed = False approves at once', async () => {
      const t = await createTestApp({ sso: { signup: { isApprovalNeeded: false } } });
      try {
        const body = fresh();
        await request(t.http).post(PATH).send(body).expect(200);
        const [row] = await t.query(
          'SELECT approval_status, sign_up_status FROM users WHERE username = ?',
          [body.username],
        );
        expect(row).toEqual({ approval_status: 'approved', sign_up_status: 'before_confirmation' });
      } finally {
        await t.close();
      }
    });

    it('confirm_token_ttl = 0 stores a token that never expires', async () => {
      const t = await createTestApp({ sso: { signup: { confirmTokenTtl: 0 } } });
      try {
        await request(t.http).post(PATH).send(fresh()).expect(200);
        const [row] = await t.query('SELECT expires_at FROM confirm_tokens');
        expect(row.expires_at).toBeNull();
      } finally {
        await t.close();
      }
    });
  });
});
