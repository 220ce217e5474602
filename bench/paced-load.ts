/**
 * A separate process of the benchmark (bench.ts), so that its own event loop adds nothing to
 * what it measures. Two roles, printed as one JSON line on standard output:
 * - `flood URL RATE SECONDS`: Milliner signups with a weak l33t password, one every 1000/RATE ms
 *   (an open-loop, evenly paced load: autocannon's `overallRate` sends each second's requests
 *   at once), over up to 200 keep-alive connections; prints the count of each status.
 * - `poll URL SECONDS`: `GET /healthz` every 20 ms on one keep-alive connection, after two
 *   unrecorded requests (the first request of a process loads the HTTP client); prints the
 *   latencies in ms.
 */
import { Agent, request } from 'node:http';

const [role, url, ...rest] = process.argv.slice(2);
const L33T_PASSWORD = 'P4$$w0rdP4$$w0rd!!1';

function send(agent: Agent, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        agent,
        headers: body ? { 'content-type': 'application/json' } : {},
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function flood(rate: number, seconds: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 200 });
  const statuses: Record<number, number> = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const username = `p${process.pid}x${i}`;
    const body = JSON.stringify({
      fullName: 'L',
      username,
      email: `${username}@example.com`,
      pass: L33T_PASSWORD,
      passRepeat: L33T_PASSWORD,
    });
    inFlight.push(
      send(agent, 'POST', '/api/signup', body).then((status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  process.stdout.write(
    `${JSON.stringify({ statuses, seconds: (performance.now() - start) / 1000 })}\n`,
  );
}

async function poll(seconds: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  await send(agent, 'GET', '/healthz');
  await send(agent, 'GET', '/healthz');
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const at = performance.now();
    await send(agent, 'GET', '/healthz');
    latencies.push(performance.now() - at);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
}

if (role === 'flood') void flood(Number(rest[0]), Number(rest[1]));
else if (role === 'poll') void poll(Number(rest[0]));
else {
  process.stderr.write('usage: paced-load flood URL RATE SECONDS | poll URL SECONDS\n');
  process.exit(2);
}
