import { dropDatabase, freshDatabaseUrl, queryDatabase } from './helpers/databases';
import { Receiver } from './helpers/receiver';
import { waitFor } from './helpers/wait-for';
import { runCli, ServiceProcess } from './helpers/service-process';

describe('a crash loses no event (docs/events.md: leases)', () => {
  jest.setTimeout(60000);

  it('after SIGKILL with deliveries in flight, a restart delivers every acknowledged signup', async () => {
    const databaseUrl = await freshDatabaseUrl({ file: true });
    const env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'error',
      OUTBOX_POLL_INTERVAL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_LEASE_SECONDS: '6',
    };
    const receiver = await new Receiver().start();
    // First life: the receiver holds every request open, so deliveries stay in flight.
    receiver.respond = () => ({ status: 200, delayMs: 60000 });
    expect(runCli(env, 'webhooks', 'add', '--name', 'crm', '--url', receiver.url).code).toBe(0);
    const clientId = runCli(env, 'clients', 'create', '--name', 'Crash test').stdout.trim();
    let service = await new ServiceProcess(env).start();
    const usernames = ['crasha', 'crashb', 'crashc'];
    try {
      for (const username of usernames) {
        const res = await fetch(`${service.url}/sign-up`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            username,
            password: 'correct-horse-battery',
            client_id: clientId,
          }),
        });
        expect(res.status).toBe(200);
      }
      await waitFor(() => receiver.requests.length === 3);
      await service.stop('SIGKILL');
      const firstIds = receiver.requests.map((r) => r.headers['webhook-id']);

      // Second life: the receiver answers; claims of the dead process come back when their lease ends.
      receiver.requests.length = 0;
      receiver.respond = () => ({ status: 200 });
      service = await new ServiceProcess(env).start();
      await waitFor(() => receiver.requests.length >= 3, 20000);
      const bodies = receiver.bodies();
      expect(bodies.map((b) => String(b.data.user.username)).sort()).toEqual(usernames);
      expect(receiver.requests.map((r) => r.headers['webhook-id']).sort()).toEqual(
        [...firstIds].sort(),
      );
      // The receiver answered; the service records each delivery right after.
      let delivered = 0;
      for (let i = 0; i < 100 && delivered < 3; i += 1) {
        const [row] = await queryDatabase<Array<{ n: number }>>(
          databaseUrl,
          "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'delivered'",
        );
        delivered = Number(row.n);
        if (delivered < 3) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(delivered).toBe(3);
    } finally {
      await service.stop();
      await receiver.stop();
      await dropDatabase(databaseUrl);
    }
  });
});
