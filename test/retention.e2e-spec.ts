import request from 'supertest';
import { RETENTION_LOCK_KEY, RetentionService } from '../src/accounts/retention.service';
import { TEST_DB_KIND } from './helpers/databases';
import { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from '../src/events/events.entities';
import { MetricsService } from '../src/metrics/metrics.service';
import { createTestApp, FakeClock, TestApp } from './helpers/test-app';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';
const DAY = 86_400;

describe('retention (docs/accounts.md, "Retention"), with an injected clock', () => {
  jest.setTimeout(30000);
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
  const count = async (table: string) =>
    Number((await t.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const ssoSignup = async (username: string) =>
    (
      await request(t.http)
        .post('/zato/sso/user/signup')
        .send({ username, password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] })
        .expect(200)
    ).body as { confirm_token: string };

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: { ACCESS_TOKEN_TTL: String(30 * DAY), UNCONFIRMED_SIGNUP_TTL: String(7 * DAY) },
    });
  });
  afterAll(() => t.close());

  it('purges expired access tokens, used or expired confirm tokens, old deliveries and unconfirmed SSO users past the TTL; keeps the rest', async () => {
    const retention = t.app.get(RetentionService);
    // Day 0: an access token (expires day 30), a confirmed SSO user (used token), an
    // unconfirmed SSO user (token expires day 1), and a delivered webhook delivery.
    await request(t.http)
      .post('/sign-up')
      .send({ username: 'old.token', password: PASSWORD, client_id: DEMO })
      .expect(200);
    const confirmed = await ssoSignup('kept.zorro');
    await request(t.http)
      .patch('/zato/sso/user/signup')
      .send({ confirm_token: confirmed.confirm_token, current_app: 'CRM' })
      .expect(200);
    await ssoSignup('lapsed.yak');
    const endpoint = await t.db.getRepository(WebhookEndpoint).save({
      name: 'retention',
      url: 'http://127.0.0.1:1/hook',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      eventTypes: null,
      channels: null,
      createdAt: clock.now(),
      disabledAt: null,
    });
    const events = await t.query<Array<{ id: number; user_id: number }>>(
      'SELECT id, user_id FROM outbox_events ORDER BY id LIMIT 2',
    );
    const delivery = (webhookId: string, status: DeliveryStatus, event = events[0]) => ({
      eventId: event.id,
      endpointId: endpoint.id,
      userId: event.user_id,
      webhookId,
      status,
      attempts: 1,
      nextAttemptAt: clock.now(),
      createdAt: clock.now(),
      deliveredAt: status === DeliveryStatus.Delivered ? clock.now() : null,
    });
    await t.db
      .getRepository(WebhookDelivery)
      .insert([
        delivery('msg_old', DeliveryStatus.Delivered),
        delivery('msg_failed', DeliveryStatus.Failed, events[1]),
      ]);
    expect(await count('access_tokens')).toBe(1);
    expect(await count('confirm_tokens')).toBe(2);

    // Day 2: the unconfirmed user's token has expired; nothing else is due.
    clock.advance(2 * DAY);
    const newer = await request(t.http)
      .post('/sign-up')
      .send({ username: 'new.token', password: PASSWORD, client_id: DEMO })
      .expect(200);
    expect(await retention.runOnce()).toEqual({
      access_tokens: 0,
      confirm_tokens: 2, // the used one and the expired one
      webhook_deliveries: 0,
      unconfirmed_users: 0,
    });

    // Day 31: the first access token expired (30 days), the delivered delivery is older
    // than 30 days, the unconfirmed user is past 7 days.
    clock.advance(29 * DAY);
    expect(await retention.runOnce()).toEqual({
      access_tokens: 1,
      confirm_tokens: 0,
      webhook_deliveries: 1,
      unconfirmed_users: 1,
    });
    const users = await t.query<Array<{ username: string }>>(
      'SELECT username FROM users ORDER BY username',
    );
    expect(users.map((u) => u.username)).toEqual(['kept.zorro', 'new.token', 'old.token']);
    // The old delivered one is gone; the failed one and the pending ones (of later signups) stay.
    const deliveries = await t.query<Array<{ webhook_id: string; status: string }>>(
      'SELECT webhook_id, status FROM webhook_deliveries',
    );
    expect(deliveries.map((d) => d.webhook_id)).not.toContain('msg_old');
    expect(deliveries).toContainEqual({ webhook_id: 'msg_failed', status: 'failed' });
    expect(
      deliveries.filter((d) => d.webhook_id !== 'msg_failed').every((d) => d.status === 'pending'),
    ).toBe(true);
    // The newer token still works; the name of the purged user is free again.
    await request(t.http)
      .get('/users/me')
      .set('Authorization', `Bearer ${(newer.body as { access_token: string }).access_token}`)
      .expect(200);
    await ssoSignup('lapsed.yak');

    // Nothing left to do: a round deletes nothing.
    expect(await retention.runOnce()).toEqual({
      access_tokens: 0,
      confirm_tokens: 0,
      webhook_deliveries: 0,
      unconfirmed_users: 0,
    });
    const metrics = await t.app.get(MetricsService).registry.metrics();
    expect(metrics).toContain('signup_gateway_retention_purged_total{kind="access_tokens"} 1');
    expect(metrics).toContain('signup_gateway_retention_purged_total{kind="confirm_tokens"} 2');
    expect(metrics).toContain('signup_gateway_retention_purged_total{kind="webhook_deliveries"} 1');
    expect(metrics).toContain('signup_gateway_retention_purged_total{kind="unconfirmed_users"} 1');
  });

  (TEST_DB_KIND === 'postgres' ? it : it.skip)(
    'several instances: a round skips while another holds the lock, and deletes nothing',
    async () => {
      const retention = t.app.get(RetentionService);
      await request(t.http)
        .post('/sign-up')
        .send({ username: 'locked.out', password: PASSWORD, client_id: DEMO })
        .expect(200);
      clock.advance(31 * DAY);
      const other = t.db.createQueryRunner();
      await other.connect();
      try {
        await other.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK_KEY]);
        expect(await retention.runOnce()).toBeNull();
        expect(await count('access_tokens')).toBeGreaterThan(0);
        await other.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
        expect((await retention.runOnce())?.access_tokens).toBeGreaterThan(0);
      } finally {
        await other.release();
      }
    },
  );
});
