import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { UsersService } from '../src/accounts/users.service';
import { ApprovalStatus } from '../src/accounts/user.entity';
import { EventType } from '../src/events/events.entities';
import { WebhookDispatcher } from '../src/events/webhook-dispatcher';
import { WebhookEndpointsService } from '../src/events/webhook-endpoints.service';
import { dropDatabase, freshDatabaseUrl } from './helpers/databases';
import { createTestApp, FakeClock, TestApp } from './helpers/test-app';
import { Receiver } from './helpers/receiver';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';
let counter = 0;
const name = (prefix: string) => `${prefix}${(counter += 1)}`;

const milliner = (username: string) => ({
  fullName: 'N',
  username,
  email: `${username}@example.com`,
  pass: 'very-strong-password',
  passRepeat: 'very-strong-password',
});
const sso = (username: string) => ({
  username,
  password: PASSWORD,
  current_app: 'CRM',
  app_list: ['CRM'],
});
const clientApp = (username: string) => ({ username, password: PASSWORD, client_id: DEMO });

async function drain(dispatcher: WebhookDispatcher): Promise<void> {
  while ((await dispatcher.runOnce()) > 0);
}

async function eventCount(t: TestApp): Promise<number> {
  const [row] = await t.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM outbox_events');
  return Number(row.n);
}

describe('signup events and webhooks (docs/events.md)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let secret: string;
  let dispatcher: WebhookDispatcher;
  const clock = new FakeClock(new Date());

  beforeAll(async () => {
    receiver = await new Receiver().start();
    t = await createTestApp({ clock, sso: { signup: { isApprovalNeeded: true } } });
    secret = (
      await t.app.get(WebhookEndpointsService).add({ name: 'all-events', url: receiver.url })
    ).secret;
    dispatcher = t.app.get(WebhookDispatcher);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.respond = () => ({ status: 200 });
  });

  it('delivers every event type once, signed so that standardwebhooks verifies it', async () => {
    const milli = name('milli');
    const client = name('client');
    const ssoUser = name('signer');
    await request(t.http).post('/api/signup').send(milliner(milli)).expect(200);
    const signed = await request(t.http)
      .post('/zato/sso/user/signup')
      .send(sso(ssoUser))
      .expect(200);
    await request(t.http).post('/sign-up').send(clientApp(client)).expect(200);
    await request(t.http)
      .patch('/zato/sso/user/signup')
      .send({ confirm_token: signed.body.confirm_token, current_app: 'CRM' })
      .expect(200);
    await t.app.get(UsersService).decide(ssoUser, ApprovalStatus.Approved);
    await t.app.get(UsersService).decide(milli, ApprovalStatus.Rejected);
    expect(receiver.requests).toHaveLength(0); // nothing is sent inside a request

    await drain(dispatcher);
    const types = receiver
      .bodies()
      .map((body) => `${body.type}:${String(body.data.user.username)}`);
    expect(types.sort()).toEqual(
      [
        `user.created:${milli}`,
        `user.created:${ssoUser}`,
        `user.created:${client}`,
        `user.confirmed:${ssoUser}`,
        `user.approved:${ssoUser}`,
        `user.rejected:${milli}`,
      ].sort(),
    );
    const wh = new Webhook(secret);
    for (const received of receiver.requests) {
      expect(received.headers['webhook-id']).toMatch(/^msg_[0-9a-z]{24}$/);
      expect(received.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(() =>
        wh.verify(received.body, received.headers as Record<string, string>),
      ).not.toThrow();
      const body = JSON.parse(received.body) as {
        timestamp: string;
        data: { user: Record<string, unknown> };
      };
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Object.keys(body.data.user)).toEqual([
        'id',
        'username',
        'email',
        'signup_channel',
        'client_id',
        'current_app',
        'app_list',
        'sign_up_status',
        'approval_status',
        'created_at',
        'updated_at',
        'confirmed_at',
      ]);
      expect(received.body).not.toMatch(/\$2[aby]\$|password|token/i);
    }
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(6); // once each
  });

  it('retries a 500 with backoff and delivers on the third attempt with the same webhook-id', async () => {
    let calls = 0;
    receiver.respond = () => ({ status: (calls += 1) <= 2 ? 500 : 200 });
    await request(t.http)
      .post('/sign-up')
      .send(clientApp(name('retry')))
      .expect(200);
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(1);
    clock.advance(4); // 5 s minus jitter is at least 4.5 s
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(1);
    clock.advance(2);
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(2);
    clock.advance(34); // 30 s plus jitter is at most 33 s
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [row] = await t.query<Array<Record<string, unknown>>>(
      'SELECT status, attempts, last_status FROM webhook_deliveries ORDER BY id DESC LIMIT 1',
    );
    expect(row).toEqual({ status: 'delivered', attempts: 3, last_status: 200 });
  });

  it('gives up after the schedule and keeps the failure visible; retry delivers it', async () => {
    receiver.respond = () => ({ status: 503 });
    await request(t.http)
      .post('/sign-up')
      .send(clientApp(name('doomed')))
      .expect(200);
    for (let i = 0; i < 7; i += 1) {
      await drain(dispatcher);
      clock.advance(6 * 3600 * 1.2);
    }
    expect(receiver.requests).toHaveLength(7); // first attempt + 6 retries
    const [failed] = await t.query<Array<{ id: number; status: string; last_error: string }>>(
      'SELECT id, status, last_error FROM webhook_deliveries ORDER BY id DESC LIMIT 1',
    );
    expect(failed).toMatchObject({ status: 'failed', last_error: 'HTTP 503' });
    receiver.respond = () => ({ status: 204 });
    await t.app.get(WebhookEndpointsService).retry(failed.id);
    await drain(dispatcher);
    expect(receiver.requests).toHaveLength(8);
    expect(receiver.requests[7].headers['webhook-id']).toBe(
      receiver.requests[0].headers['webhook-id'],
    );
  });

  it("delivers one user's events in order: a later event waits for an earlier retry", async () => {
    const username = name('ordered');
    receiver.respond = (r) => ({
      status: r.body.includes('user.created') && receiver.requests.length === 1 ? 500 : 200,
    });
    const signed = await request(t.http)
      .post('/zato/sso/user/signup')
      .send(sso(username))
      .expect(200);
    await request(t.http)
      .patch('/zato/sso/user/signup')
      .send({ confirm_token: signed.body.confirm_token, current_app: 'CRM' })
      .expect(200);
    await drain(dispatcher);
    expect(receiver.bodies().map((b) => b.type)).toEqual(['user.created']);
    clock.advance(6);
    await drain(dispatcher);
    expect(receiver.bodies().map((b) => b.type)).toEqual([
      'user.created',
      'user.created',
      'user.confirmed',
    ]);
  });

  it('a failed signup writes no event: validation error, duplicate', async () => {
    const before = await eventCount(t);
    await request(t.http)
      .post('/api/signup')
      .send({ ...milliner('x'), username: 'BAD' })
      .expect(400);
    const taken = name('taken');
    await request(t.http).post('/sign-up').send(clientApp(taken)).expect(200);
    await request(t.http).post('/sign-up').send(clientApp(taken.toUpperCase())).expect(422);
    await request(t.http).post('/zato/sso/user/signup').send(sso(taken)).expect(200); // hidden duplicate
    expect(await eventCount(t)).toBe(before + 1);
  });

  it('filters by event type and channel, and sso.conf callback_service_list adds SSO user.created', async () => {
    const filtered = await new Receiver().start();
    const named = await new Receiver().start();
    const databaseUrl = await freshDatabaseUrl({ file: true });
    try {
      await t.app
        .get(WebhookEndpointsService)
        .add({ name: 'confirmed-only', url: filtered.url, events: [EventType.UserConfirmed] });
      await request(t.http)
        .post('/api/signup')
        .send(milliner(name('filtered')))
        .expect(200);
      await drain(dispatcher);
      expect(filtered.requests).toHaveLength(0);

      // The endpoint must exist before a service that names it starts (as the CLI would add it).
      const setup = await createTestApp({ clock, env: { DATABASE_URL: databaseUrl } });
      await setup.app
        .get(WebhookEndpointsService)
        .add({ name: 'crm-callback', url: named.url, channels: ['client-app'] });
      await setup.close();
      const app = await createTestApp({
        clock,
        demoClient: false,
        env: { DATABASE_URL: databaseUrl },
        sso: { signup: { callbackServiceList: ['crm-callback'] } },
      });
      try {
        await request(app.http)
          .post('/zato/sso/user/signup')
          .send(sso(name('callback')))
          .expect(200);
        await request(app.http)
          .post('/api/signup')
          .send(milliner(name('notcalled')))
          .expect(200);
        await drain(app.app.get(WebhookDispatcher));
        expect(
          named.bodies().map((b) => `${b.type}:${String(b.data.user.signup_channel)}`),
        ).toEqual(['user.created:sso']);
      } finally {
        await app.close();
      }
    } finally {
      await filtered.stop();
      await named.stop();
      await dropDatabase(databaseUrl);
    }
  });

  it('refuses to start when callback_service_list names a missing endpoint', async () => {
    await expect(
      createTestApp({ sso: { signup: { callbackServiceList: ['nowhere'] } } }),
    ).rejects.toThrow(
      /callback_service_list names webhook endpoints that do not exist or are disabled: nowhere/,
    );
  });
});
