import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on loopback for webhook and hook tests. Each request is recorded and
 * answered by `respond` (default 200 `{}`); `respond` may delay to simulate a slow receiver.
 */
export class Receiver {
  readonly requests: Received[] = [];
  respond: (request: Received) => { status: number; body?: string; delayMs?: number } = () => ({
    status: 200,
    body: '{}',
  });
  private server: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        const { status, body, delayMs } = this.respond(received);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(body ?? '{}');
        };
        if (delayMs) setTimeout(send, delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Parsed bodies, in arrival order. */
  bodies<T = { type: string; data: { user: Record<string, unknown> } }>(): T[] {
    return this.requests.map((request) => JSON.parse(request.body) as T);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
