import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/**
 * `/metrics` on a listener of its own (`METRICS_PORT`, bound to `METRICS_HOST`), never on the
 * public port (docs/accounts.md, "Oracles"): outcome counts there may be exact, since only
 * operators reach it. Part of the HTTP service only.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** `http://host:port` of the listener once it listens. */
  get url(): string {
    const { address, port } = this.server?.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (text) =>
          res
            .writeHead(200, {
              'content-type': this.metrics.registry.contentType,
              'cache-control': 'no-store',
            })
            .end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.get('METRICS_PORT'), this.config.get('METRICS_HOST'), resolve);
    });
    server.unref();
    this.server = server;
    this.logger.log(`Metrics at ${this.url}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
