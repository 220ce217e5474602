import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { createTestApp, tableCounts, TestApp } from './helpers/test-app';
import { Receiver } from './helpers/receiver';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const PASSWORD = 'correct-horse-battery';
let counter = 0;
const fresh = () => `hooked${(counter += 1)}`;

const requests = {
  milliner: (username: string) => ({
    path: '/api/signup',
    body: {
      fullName: 'N',
      username,
      email: `${username}@example.com`,
      pass: 'very-strong-password',
      passRepeat: 'very-strong-password',
    },
  }),
  sso: (username: string) => ({
    path: '/zato/sso/user/signup',
    body: { username, password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] },
  }),
  clientApp: (username: string) => ({
    path: '/sign-up',
    body: { username, password: PASSWORD, client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox' },
  }),
};

describe('validation hook before signup (docs/events.md, "Validation hook")', () => {
  let hook: Receiver;
  let t: TestApp;
  beforeAll(async () => {
    hook = await new Receiver().start();
    t = await createTestApp({
      env: { SIGNUP_HOOK_URL: hook.url, SIGNUP_HOOK_SECRET: SECRET, SIGNUP_HOOK_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });
  beforeEach(() => {
    hook.requests.length = 0;
  });

  const post = ({ path, body }: { path: string; body: object }) =>
    request(t.http).post(path).send(body);

  it('is asked once per signup, signed, with the user and no password; allow lets it through', async () => {
    hook.respond = () => ({ status: 200, body: '{"allow": true}' });
    const username = fresh();
    await post(requests.milliner(username)).expect(200);
    expect(hook.requests).toHaveLength(1);
    const [call] = hook.requests;
    expect(() =>
      new Webhook(SECRET).verify(call.body, call.headers as Record<string, string>),
    ).not.toThrow();
    const body = JSON.parse(call.body) as { type: string; data: { user: Record<string, unknown> } };
    expect(body.type).toBe('user.creating');
    expect(body.data.user).toMatchObject({
      id: null,
      username,
      email: `${username}@example.com`,
      signup_channel: 'milliner',
    });
    expect(call.body).not.toContain('very-strong-password');
  });

  it.each([
    ['milliner', 400, { message: 'Signup refused', cause: 'Not on the guest list' }],
    ['sso', 403, { status: 'error', sub_status: ['E005001'] }],
    ['clientApp', 422, { error: 'signup_refused', error_description: 'Not on the guest list' }],
  ] as const)(
    'a refusal answers in the %s shape and writes nothing',
    async (dialect, status, expected) => {
      hook.respond = () => ({
        status: 200,
        body: '{"allow": false, "message": "Not on the guest list"}',
      });
      const before = await tableCounts(t.db);
      const res = await post(requests[dialect](fresh()));
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject(expected);
      expect(await tableCounts(t.db)).toEqual(before);
    },
  );

  it('sees a hidden SSO duplicate too (same path as a real signup)', async () => {
    hook.respond = () => ({ status: 200, body: '{"allow": true}' });
    const username = fresh();
    await post(requests.sso(username)).expect(200);
    await post(requests.sso(username)).expect(200);
    expect(hook.requests).toHaveLength(2);
  });

  it("is not asked when the dialect's own checks fail", async () => {
    await post({ ...requests.milliner('BAD'), body: { ...requests.milliner('BAD').body } }).expect(
      400,
    );
    expect(hook.requests).toHaveLength(0);
  });

  it.each([
    ['a timeout', () => ({ status: 200, body: '{"allow": true}', delayMs: 1000 })],
    ['an error status', () => ({ status: 500, body: '{"allow": true}' })],
    ['a malformed answer', () => ({ status: 200, body: 'yes please' })],
    ['an answer without allow', () => ({ status: 200, body: '{"ok": true}' })],
  ])('fails closed on %s', async (_name, respond) => {
    hook.respond = respond;
    const before = await tableCounts(t.db);
    const res = await post(requests.clientApp(fresh()));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: 'signup_refused',
      error_description: 'Signup could not be validated; try again later',
    });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('with SIGNUP_HOOK_FAIL_OPEN=true, a failing hook lets signups through', async () => {
    const open = await createTestApp({
      env: {
        SIGNUP_HOOK_URL: hook.url,
        SIGNUP_HOOK_TIMEOUT_MS: '300',
        SIGNUP_HOOK_FAIL_OPEN: 'true',
      },
    });
    try {
      hook.respond = () => ({ status: 200, body: '{}', delayMs: 1000 });
      await request(open.http).post('/sign-up').send(requests.clientApp(fresh()).body).expect(200);
      hook.respond = () => ({ status: 502 });
      await request(open.http)
        .post('/api/signup')
        .send(requests.milliner(fresh()).body)
        .expect(200);
      // An explicit refusal still refuses.
      hook.respond = () => ({ status: 200, body: '{"allow": false, "message": "no"}' });
      await request(open.http)
        .post('/api/signup')
        .send(requests.milliner(fresh()).body)
        .expect(400);
    } finally {
      await open.close();
    }
  });
});
