import request from 'supertest';
import { DeliveryStatus, WebhookDelivery } from '../src/events/events.entities';
import { WebhookDispatcher } from '../src/events/webhook-dispatcher';
import {
  WebhookCommandError,
  WebhookEndpointsService,
} from '../src/events/webhook-endpoints.service';
import { createTestApp, FakeClock, TestApp } from './helpers/test-app';
import { Receiver } from './helpers/receiver';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';

/** The lease of a webhook delivery is a token: only its holder records the attempt (docs/events.md). */
describe('webhook delivery leases', () => {
  let t: TestApp;
  let receiver: Receiver;
  let dispatcher: WebhookDispatcher;
  let endpoints: WebhookEndpointsService;
  const clock = new FakeClock(new Date());
  let counter = 0;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    t = await createTestApp({ clock });
    endpoints = t.app.get(WebhookEndpointsService);
    await endpoints.add({ name: 'leases', url: receiver.url });
    dispatcher = t.app.get(WebhookDispatcher);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  async function newDelivery(): Promise<number> {
    counter += 1;
    await request(t.http)
      .post('/sign-up')
      .send({ username: `lease${counter}`, password: 'correct-horse-battery', client_id: DEMO })
      .expect(200);
    const [row] = await t.query<Array<{ id: number }>>(
      'SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 1',
    );
    return row.id;
  }

  const row = async (id: number) =>
    (
      await t.query<Array<Record<string, unknown>>>(
        'SELECT status, attempts, lease_token FROM webhook_deliveries WHERE id = ?',
        [id],
      )
    )[0];

  it('a late give-up does not overwrite what a later claim recorded', async () => {
    const id = await newDelivery();
    receiver.respond = () => ({ status: 500, delayMs: 60_000 });
    const first = dispatcher.runOnce(); // claims the delivery, its POST hangs
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { lease_token: firstToken } = await row(id);
    expect(firstToken).toEqual(expect.any(String));
    // Meanwhile the lease ran out and another dispatcher claimed and delivered it.
    await t.query(
      "UPDATE webhook_deliveries SET status = 'delivered', lease_token = ?, attempts = 1 WHERE id = ?",
      ['other-claim-token', id],
    );
    // The hung POST would end with the dispatcher's timeout; end it now: the attempt failed.
    await receiver.stop();
    await first;
    receiver = await new Receiver().start();
    expect(await row(id)).toEqual({
      status: 'delivered',
      attempts: 1,
      lease_token: 'other-claim-token',
    });
  });

  it('webhooks retry refuses a delivery in flight or pending, and takes a failed or lease-expired one', async () => {
    const id = await newDelivery();
    const deliveries = t.db.getRepository(WebhookDelivery);
    const inSeconds = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
    await deliveries.update(id, {
      status: DeliveryStatus.Pending,
      leaseToken: 'x',
      leaseUntil: inSeconds(60),
    });
    await expect(endpoints.retry(id)).rejects.toThrow(
      new WebhookCommandError(`Delivery ${id} is being delivered now`),
    );
    await deliveries.update(id, {
      leaseToken: null,
      leaseUntil: null,
      nextAttemptAt: inSeconds(3600),
    });
    await expect(endpoints.retry(id)).rejects.toThrow(/is pending: its next attempt is due at/);
    // A lease that expired (its process died) may be retried.
    await deliveries.update(id, { leaseToken: 'dead', leaseUntil: inSeconds(-1) });
    await expect(endpoints.retry(id)).resolves.toMatchObject({
      id,
      status: 'pending',
      attempts: 0,
    });
    expect(await row(id)).toMatchObject({ lease_token: null });
    await deliveries.update(id, { status: DeliveryStatus.Failed });
    await expect(endpoints.retry(id)).resolves.toMatchObject({ id, status: 'pending' });
    await deliveries.update(id, { status: DeliveryStatus.Delivered });
    await expect(endpoints.retry(id)).rejects.toThrow(`Delivery ${id} was delivered already`);
  });
});
