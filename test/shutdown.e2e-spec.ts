import {
  dialectSql,
  dropDatabase,
  freshDatabaseUrl,
  queryDatabase,
  TEST_DB_KIND,
} from './helpers/databases';
import { Receiver } from './helpers/receiver';
import { waitFor } from './helpers/wait-for';
import { runCli, ServiceProcess } from './helpers/service-process';

describe('graceful shutdown (docs/deployment.md, "Graceful shutdown")', () => {
  jest.setTimeout(60000);

  it('SIGTERM with 10 signups in flight: all answered 200, new connections refused, leases released, exit 0', async () => {
    const databaseUrl = await freshDatabaseUrl({ file: true });
    const env = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      // About 0.1 s a hash, two at a time: ten signups stay in flight for about half a second.
      BCRYPT_COST: '11',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      OUTBOX_POLL_INTERVAL_MS: '50',
      WEBHOOK_TIMEOUT_MS: '30000',
      WEBHOOK_LEASE_SECONDS: '60',
    };
    const receiver = await new Receiver().start();
    // The receiver never answers in time: the delivery is in flight, under a lease, at SIGTERM.
    receiver.respond = () => ({ status: 200, delayMs: 60000 });
    expect(runCli(env, 'webhooks', 'add', '--name', 'crm', '--url', receiver.url).code).toBe(0);
    const clientId = runCli(env, 'clients', 'create', '--name', 'Drain').stdout.trim();
    const service = await new ServiceProcess(env).start();
    const signup = (username: string) =>
      fetch(`${service.url}/sign-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'correct-horse-battery', client_id: clientId }),
      });
    try {
      expect((await signup('drainfirst')).status).toBe(200);
      await waitFor(() => receiver.requests.length === 1);

      const inFlight = Array.from({ length: 10 }, (_, i) => signup(`drain${i}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stopped = service.stop('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 150));
      // A new connection during the drain is refused at once (the listener is closed).
      const late = await fetch(`${service.url}/healthz`).then(
        (res) => `HTTP ${res.status}`,
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      expect(late).toBe('ECONNREFUSED');

      const answers = await Promise.all(inFlight);
      expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
      expect(await stopped).toEqual({ code: 0, signal: null });

      const users = await queryDatabase<Array<{ username: string }>>(
        databaseUrl,
        "SELECT username FROM users WHERE username LIKE 'drain%' ORDER BY username",
      );
      expect(users).toHaveLength(11);
      const leased = await queryDatabase<Array<{ status: string; attempts: number }>>(
        databaseUrl,
        dialectSql(
          'SELECT status, attempts FROM webhook_deliveries WHERE lease_until IS NOT NULL OR lease_token IS NOT NULL',
          TEST_DB_KIND,
        ),
      );
      expect(leased).toEqual([]);
      // The abandoned attempt was given back unrecorded: due again for the next instance.
      const deliveries = await queryDatabase<Array<{ status: string; attempts: number }>>(
        databaseUrl,
        'SELECT status, attempts FROM webhook_deliveries',
      );
      expect(deliveries.length).toBeGreaterThanOrEqual(1);
      expect(deliveries.every((d) => d.status === 'pending' && Number(d.attempts) === 0)).toBe(
        true,
      );
      const log = service.output.join('');
      expect(log).toMatch(/"msg":"SIGTERM: draining \d+ request\(s\), at most 10000 ms"/);
      expect(log).toContain('"msg":"stopped"');
    } finally {
      await service.stop('SIGKILL');
      await receiver.stop();
      await dropDatabase(databaseUrl);
    }
  });
});
