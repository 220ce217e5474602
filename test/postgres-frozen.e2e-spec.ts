import { TEST_DB_KIND } from './helpers/databases';
import { OwnPostgres } from './helpers/own-postgres';
import { runCli, ServiceProcess } from './helpers/service-process';

const onPostgres = TEST_DB_KIND === 'postgres' ? describe : describe.skip;

const CONNECT_MS = 1500;
const STATEMENT_MS = 1500;
/** Slack over the documented bound for scheduling on a loaded 2-core machine. */
const SLACK_MS = 1000;

/**
 * A frozen database (processes stopped with SIGSTOP, not shut down) costs a bounded wait
 * (docs/accounts.md, "Hostile input"): every request answers 503 with Retry-After, in its
 * dialect's shape, within DATABASE_CONNECT_TIMEOUT_MS + DATABASE_STATEMENT_TIMEOUT_MS, and all
 * recover after SIGCONT.
 */
onPostgres('frozen PostgreSQL (SIGSTOP)', () => {
  jest.setTimeout(120000);
  let pg: OwnPostgres;
  let service: ServiceProcess;
  let clientId: string;
  let counter = 0;

  beforeAll(async () => {
    pg = await new OwnPostgres().init();
    pg.start();
    const env = {
      DATABASE_URL: pg.url,
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'fatal',
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      OUTBOX_POLL_INTERVAL_MS: '0',
    };
    service = await new ServiceProcess(env).start();
    clientId = runCli(env, 'clients', 'create', '--name', 'Frozen').stdout.trim();
  });
  afterAll(async () => {
    try {
      pg?.thaw();
    } catch {
      // not frozen
    }
    await service?.stop();
    pg?.destroy();
  });

  const name = () => `frozen${(counter += 1)}`;
  const requests = () => {
    const m = name();
    const s = name();
    const c = name();
    return [
      {
        path: '/api/signup',
        body: {
          fullName: 'N',
          username: m,
          email: `${m}@example.com`,
          pass: 'very-strong-password',
          passRepeat: 'very-strong-password',
        },
        shape: { message: 'Service unavailable', cause: expect.any(String) },
      },
      {
        path: '/zato/sso/user/signup',
        body: {
          username: s,
          password: 'correct-horse-battery',
          current_app: 'CRM',
          app_list: ['CRM'],
        },
        shape: { cid: expect.any(String), status: 'error', sub_status: ['E008004'] },
      },
      {
        path: '/sign-up',
        body: { username: c, password: 'correct-horse-battery', client_id: clientId },
        shape: { error: 'temporarily_unavailable', error_description: expect.any(String) },
      },
      {
        path: '/oauth/authorize',
        body: {
          username: 'nobody',
          password: 'correct-horse-battery',
          grant_type: 'password',
          client_id: clientId,
        },
        shape: { error: 'temporarily_unavailable', error_description: expect.any(String) },
      },
    ];
  };

  async function post(path: string, body: object) {
    const started = Date.now();
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: await res.json(),
      ms: Date.now() - started,
    };
  }

  it('answers 503 in every dialect within the bound while frozen, and recovers after SIGCONT', async () => {
    // Warm pooled connections, so that the frozen server holds open ones too.
    for (const { path, body } of requests()) await post(path, body);
    pg.freeze();
    try {
      const sent = [...requests(), ...requests()];
      const answers = await Promise.all(sent.map(({ path, body }) => post(path, body)));
      for (const [i, answer] of answers.entries()) {
        expect({ ...answer, ms: undefined }).toEqual({
          status: 503,
          retryAfter: expect.stringMatching(/^\d+$/),
          body: sent[i].shape,
          ms: undefined,
        });
        expect(answer.ms).toBeLessThan(CONNECT_MS + STATEMENT_MS + SLACK_MS);
      }
      console.log(`frozen database: answer times ${answers.map((a) => a.ms).join(', ')} ms`);
    } finally {
      pg.thaw();
    }
    // Everything works again.
    const deadline = Date.now() + 20000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      const answers = await Promise.all(
        requests()
          .slice(0, 3)
          .map(({ path, body }) => post(path, body)),
      );
      recovered = answers.every((answer) => answer.status === 200);
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
  });
});
