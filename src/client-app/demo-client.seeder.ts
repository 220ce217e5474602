import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { parseDatabaseUrl } from '../database/database.options';
import { ClientAppRegistry } from './client-app.registry';
import { AppConfig } from '../config/app-config';

/** The seed's client id, which the demo client uses so the seed works as printed. */
export const DEMO_CLIENT_ID = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';

/**
 * Demo client (docs/client-app.md, "Client apps"): when the HTTP service starts on SQLite, outside
 * production, with no client app yet, it creates one with the seed's client id and logs it.
 * Part of the HTTP app only: the CLI never creates clients by itself.
 */
@Injectable()
export class DemoClientSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoClientSeeder.name);

  constructor(
    private readonly clients: ClientAppRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const onSqlite = parseDatabaseUrl(this.config.get('DATABASE_URL')).kind === 'sqlite';
    if (!onSqlite || this.config.get('NODE_ENV') === 'production') return;
    if ((await this.clients.count()) > 0) return;
    await this.clients.create('Demo client (seed)', null, DEMO_CLIENT_ID);
    this.logger.log(
      `Created the demo client app ${DEMO_CLIENT_ID} (SQLite, NODE_ENV is not production)`,
    );
  }
}
