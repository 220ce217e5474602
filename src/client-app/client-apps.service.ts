import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { newBase36Token } from '../accounts/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { parseDatabaseUrl } from '../database/database.options';
import { ClientApp } from './client-app.entity';

/** The seed's client id, which the demo client uses so the seed works as printed. */
export const DEMO_CLIENT_ID = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';

/** The registry of client apps (client-app.md, "Client apps"). */
@Injectable()
export class ClientAppsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ClientAppsService.name);

  constructor(
    @InjectRepository(ClientApp) private readonly clients: Repository<ClientApp>,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** The client app with this id, unless unknown or revoked. */
  findActive(clientId: string): Promise<ClientApp | null> {
    return this.clients.findOneBy({ clientId, revokedAt: IsNull() });
  }

  /**
   * Creates a client app with a fresh 30-character base36 client id from a CSPRNG.
   * @param clientId a given id (the demo client's), else a new one
   */
  create(
    name: string,
    redirectUri: string | null = null,
    clientId = newBase36Token(30),
  ): Promise<ClientApp> {
    return this.clients.save(
      this.clients.create({ clientId, name, redirectUri, createdAt: new Date(), revokedAt: null }),
    );
  }

  /**
   * Demo client (client-app.md): on SQLite, outside production, when no client app exists,
   * creates one with the seed's client id and says so in the log.
   */
  async onApplicationBootstrap(): Promise<void> {
    const onSqlite =
      parseDatabaseUrl(this.config.get('DATABASE_URL', { infer: true })).kind === 'sqlite';
    if (!onSqlite || this.config.get('NODE_ENV', { infer: true }) === 'production') return;
    if ((await this.clients.count()) > 0) return;
    await this.create('Demo client (seed)', null, DEMO_CLIENT_ID);
    this.logger.log(
      `Created the demo client app ${DEMO_CLIENT_ID} (SQLite, NODE_ENV is not production)`,
    );
  }
}
