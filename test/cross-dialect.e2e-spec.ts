import request from 'supertest';
import { PasswordHasher } from '../src/accounts/passwords/password-hasher';
import { createTestApp, expectNoHash, tableCounts, TestApp } from './helpers/test-app';

const DEMO_CLIENT = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';

const milliner = (username: string, email: string) => ({
  fullName: 'Name LastName',
  username,
  email,
  pass: PASSWORD,
  passRepeat: PASSWORD,
});
const sso = (username: string, email?: string) => ({
  username,
  password: PASSWORD,
  email,
  current_app: 'CRM',
  app_list: ['CRM'],
});
const clientApp = (username: string) => ({ username, password: PASSWORD, client_id: DEMO_CLIENT });

describe('one store across dialects (docs/accounts.md, "Identifiers")', () => {
  let t: TestApp;
  let revealing: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    revealing = await createTestApp({
      sso: { signup: { informIfUserExists: true, informIfEmailExists: true } },
    });
  });
  afterAll(async () => {
    await t.close();
    await revealing.close();
  });

  it('a Milliner user blocks the same name in any case or width through SSO and ClientApp', async () => {
    for (const app of [t, revealing]) {
      await request(app.http)
        .post('/api/signup')
        .send(milliner('testhat', 'email@example.com'))
        .expect(200);
    }
    // SSO hides the duplicate by default: 200, nothing written.
    const before = await tableCounts(t.db);
    const hidden = await request(t.http).post('/zato/sso/user/signup').send(sso('TestHat'));
    expect(hidden.status).toBe(200);
    expect(hidden.body.status).toBe('ok');
    expect(await tableCounts(t.db)).toEqual(before);
    // With inform_if_user_exists = True it says so.
    const revealed = await request(revealing.http)
      .post('/zato/sso/user/signup')
      .send(sso('ＴＥＳＴＨＡＴ'));
    expect(revealed.status).toBe(403);
    expect(revealed.body.sub_status).toEqual(['E001002']);
    const taken = await request(t.http).post('/sign-up').send(clientApp('TESTHAT'));
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      error: 'username_taken',
      error_description: 'Username has already been taken',
    });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('an SSO email blocks the same email through Milliner, across case and IDN forms', async () => {
    await request(revealing.http)
      .post('/zato/sso/user/signup')
      .send(sso('someone', 'Someone@Bücher.example'))
      .expect(200);
    const viaMilliner = await request(revealing.http)
      .post('/api/signup')
      .send(milliner('someoneelse', 'someone@xn--bcher-kva.example'));
    expect(viaMilliner.status).toBe(400);
    expect(viaMilliner.body).toEqual({
      message: 'Duplicate Signup',
      cause: 'HAT with such username or email already exists',
    });
    const viaSso = await request(revealing.http)
      .post('/zato/sso/user/signup')
      .send(sso('third', 'SOMEONE@BÜCHER.EXAMPLE'));
    expect(viaSso.status).toBe(403);
    expect(viaSso.body.sub_status).toEqual(['E002002']);
    const [row] = await revealing.query(
      'SELECT email, email_canonical FROM users WHERE username = ?',
      ['someone'],
    );
    expect(row).toEqual({
      email: 'Someone@Bücher.example',
      email_canonical: 'someone@xn--bcher-kva.example',
    });
  });

  describe('concurrent identical signups: exactly one user, no 500', () => {
    const N = 8;
    async function race(app: TestApp, path: string, body: object): Promise<number[]> {
      const responses = await Promise.all(
        Array.from({ length: N }, () => request(app.http).post(path).send(body)),
      );
      responses.forEach((res) => expectNoHash(res.text));
      return responses.map((res) => res.status).sort();
    }

    it('Milliner', async () => {
      const statuses = await race(t, '/api/signup', milliner('racer', 'racer@example.com'));
      expect(statuses).toEqual([200, ...Array(N - 1).fill(400)]);
      expect(
        await t.query('SELECT COUNT(*) AS n FROM users WHERE username_canonical = ?', ['racer']),
      ).toEqual([{ n: 1 }]);
    });

    it('ClientApp', async () => {
      const statuses = await race(t, '/sign-up', clientApp('Racer2'));
      expect(statuses).toEqual([200, ...Array(N - 1).fill(422)]);
      expect(
        await t.query('SELECT COUNT(*) AS n FROM users WHERE username_canonical = ?', ['racer2']),
      ).toEqual([{ n: 1 }]);
      expect(
        await t.query(
          'SELECT COUNT(*) AS n FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE u.username_canonical = ?',
          ['racer2'],
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('SSO hiding duplicates: all 200, one row, one confirm token', async () => {
      const statuses = await race(t, '/zato/sso/user/signup', sso('racer3', 'racer3@example.com'));
      expect(statuses).toEqual(Array(N).fill(200));
      expect(
        await t.query('SELECT COUNT(*) AS n FROM users WHERE username_canonical = ?', ['racer3']),
      ).toEqual([{ n: 1 }]);
      expect(
        await t.query(
          'SELECT COUNT(*) AS n FROM confirm_tokens c JOIN users u ON u.id = c.user_id WHERE u.username_canonical = ?',
          ['racer3'],
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('SSO revealing duplicates: one 200, the rest E001002', async () => {
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          request(revealing.http).post('/zato/sso/user/signup').send(sso('racer4')),
        ),
      );
      expect(responses.map((res) => res.status).sort()).toEqual([200, ...Array(N - 1).fill(403)]);
      for (const res of responses.filter((r) => r.status === 403))
        expect(res.body.sub_status).toEqual(['E001002']);
      expect(
        await revealing.query('SELECT COUNT(*) AS n FROM users WHERE username_canonical = ?', [
          'racer4',
        ]),
      ).toEqual([{ n: 1 }]);
    });
  });

  it('when a rival commits between the duplicate check and the insert, the unique index decides', async () => {
    const hasher = t.app.get(PasswordHasher, { strict: false });
    const admit = hasher.admit.bind(hasher);
    const spy = jest.spyOn(hasher, 'admit').mockImplementationOnce((lane, signal) => {
      const ticket = admit(lane, signal);
      return {
        ...ticket,
        hash: async (password: string) => {
          const hash = await ticket.hash(password);
          // The rival signs the same name up while this signup hashes, after its check passed.
          await request(t.http).post('/sign-up').send(clientApp('LATERACER')).expect(200);
          return hash;
        },
      };
    });
    try {
      const before = await tableCounts(t.db);
      const res = await request(t.http)
        .post('/api/signup')
        .send(milliner('lateracer', 'lateracer@example.com'));
      expect(spy).toHaveBeenCalled();
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        message: 'Duplicate Signup',
        cause: 'HAT with such username or email already exists',
      });
      const after = await tableCounts(t.db);
      expect(after).toEqual({
        ...before,
        users: before.users + 1,
        access_tokens: before.access_tokens + 1,
        outbox_events: before.outbox_events + 1,
      });
      const [row] = await t.query('SELECT signup_channel FROM users WHERE username_canonical = ?', [
        'lateracer',
      ]);
      expect(row.signup_channel).toBe('client-app');
    } finally {
      spy.mockRestore();
    }
  });
});
