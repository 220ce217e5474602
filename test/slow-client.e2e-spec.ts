import { connect, Socket } from 'node:net';
import { TEST_DB_KIND } from './helpers/databases';
import { ServiceProcess } from './helpers/service-process';

// The server's bounds do not depend on the database: run once, on SQLite.
const onSqlite = TEST_DB_KIND === 'sqlite' ? describe : describe.skip;

/** Opens a raw TCP connection to the service and records when the server closes it. */
function open(
  url: string,
): Promise<{ socket: Socket; closed: Promise<number>; data: () => string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () =>
      resolve({ socket, closed, data: () => Buffer.concat(chunks).toString('latin1') }),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<number>((done) =>
      socket.on('close', () => done(Date.now() - started)),
    );
    socket.on('error', reject);
  });
}

/** Writes `text` one byte a second until the socket closes. */
function trickle(socket: Socket, text: string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i]);
    i += 1;
  }, 1000);
  socket.on('close', () => clearInterval(timer));
}

/**
 * Slow and oversized clients are bounded (docs/accounts.md, "Hostile input"): headers within
 * 10 s, a whole request within 30 s, headers over 16 KiB get 431, idle keep-alive sockets close
 * after 5 s; meanwhile the service keeps answering others.
 */
onSqlite('slow clients', () => {
  jest.setTimeout(60000);
  let service: ServiceProcess;

  beforeAll(async () => {
    service = await new ServiceProcess({
      DATABASE_URL: 'sqlite::memory:',
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'fatal',
    }).start();
  });
  afterAll(() => service?.stop());

  it('cuts slow headers at 10 s and a slow body at 30 s, closes idle keep-alive at 5 s, while others are served', async () => {
    const slowHeaders = await open(service.url);
    slowHeaders.socket.write('POST /api/signup HTTP/1.1\r\nHost: localhost\r\n');
    trickle(slowHeaders.socket, `X-Slow: ${'a'.repeat(100)}`);

    const slowBody = await open(service.url);
    slowBody.socket.write(
      'POST /api/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{',
    );
    trickle(slowBody.socket, `"fullName":"${'b'.repeat(190)}`);

    const idle = await open(service.url);
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');

    // Others are served meanwhile.
    for (let i = 0; i < 3; i += 1) {
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
      const signup = await fetch(`${service.url}/sign-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: `patient${i}`,
          password: 'correct-horse-battery',
          client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
        }),
      });
      expect(signup.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }

    const [headersMs, bodyMs, idleMs] = await Promise.all([
      slowHeaders.closed,
      slowBody.closed,
      idle.closed,
    ]);
    console.log(
      `slow headers closed after ${headersMs} ms, slow body after ${bodyMs} ms, idle keep-alive after ${idleMs} ms`,
    );
    expect(headersMs).toBeGreaterThanOrEqual(9000);
    expect(headersMs).toBeLessThan(13000);
    expect(slowHeaders.data()).toMatch(/^HTTP\/1\.1 408/);
    expect(bodyMs).toBeGreaterThanOrEqual(29000);
    expect(bodyMs).toBeLessThan(33000);
    expect(idle.data()).toMatch(/^HTTP\/1\.1 200/);
    expect(idleMs).toBeGreaterThanOrEqual(4500);
    expect(idleMs).toBeLessThan(8000);
  });

  it('answers headers over 16 KiB with 431', async () => {
    const res = await fetch(`${service.url}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-big': 'x'.repeat(17 * 1024) },
      body: '{}',
    });
    expect(res.status).toBe(431);
  });
});
