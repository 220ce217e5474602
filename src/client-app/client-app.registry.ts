import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { randomBase36 } from '../common/random';
import { InvalidClientException } from './client-app.errors';
import { ClientApp } from './client-app.entity';

/** The registry of client apps (docs/client-app.md, "Client apps"): create, find, list, revoke. */
@Injectable()
export class ClientAppRegistry {
  constructor(
    @InjectRepository(ClientApp) private readonly clients: Repository<ClientApp>,
    private readonly clock: Clock,
  ) {}

  /** How many client apps exist, revoked ones included. */
  count(): Promise<number> {
    return this.clients.count();
  }

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
    clientId = randomBase36(30),
  ): Promise<ClientApp> {
    return this.clients.save(
      this.clients.create({
        clientId,
        name,
        redirectUri,
        createdAt: this.clock.now(),
        revokedAt: null,
      }),
    );
  }

  /** Every client app, revoked ones included, in creation order. */
  list(): Promise<ClientApp[]> {
    return this.clients.find({ order: { id: 'ASC' } });
  }

  /**
   * Revokes a client app: it can no longer sign up, sign in, or use its tokens.
   * @returns the client as revoked (revoking twice keeps the first time)
   * @throws InvalidClientException when no client app has this id
   */
  async revoke(clientId: string): Promise<ClientApp> {
    const client = await this.clients.findOneBy({ clientId });
    if (!client) throw new InvalidClientException();
    if (!client.revokedAt) {
      client.revokedAt = this.clock.now();
      await this.clients.update({ id: client.id }, { revokedAt: client.revokedAt });
    }
    return client;
  }
}
