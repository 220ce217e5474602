import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint } from './events.entities';

/** An operator's mistake with endpoints or deliveries: the CLI prints it and exits 1. */
export class WebhookCommandError extends Error {}

export const EVENT_TYPES = Object.values(EventType) as string[];

/** Operator management of webhook endpoints and deliveries (docs/events.md, CLI commands). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers an endpoint with a new Standard Webhooks secret (`whsec_` + 32 random bytes in
   * base64), returned here once for the operator to give the receiver.
   * @throws WebhookCommandError when the name is taken
   */
  async add(input: {
    name: string;
    url: string;
    events?: EventType[];
    channels?: string[];
  }): Promise<WebhookEndpoint> {
    if (await this.endpoints.existsBy({ name: input.name })) {
      throw new WebhookCommandError(
        `An endpoint named ${JSON.stringify(input.name)} exists already`,
      );
    }
    return this.endpoints.save(
      this.endpoints.create({
        name: input.name,
        url: input.url,
        secret: `whsec_${randomBytes(32).toString('base64')}`,
        eventTypes: input.events ?? null,
        channels: input.channels ?? null,
        createdAt: this.clock.now(),
        disabledAt: null,
      }),
    );
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ order: { id: 'ASC' } });
  }

  /**
   * Stops deliveries to an endpoint; its pending deliveries stay, and fail when their turn comes.
   * @throws WebhookCommandError for an unknown name
   */
  async disable(name: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ name });
    if (!endpoint) throw new WebhookCommandError(`No endpoint named ${JSON.stringify(name)}`);
    endpoint.disabledAt ??= this.clock.now();
    await this.endpoints.update({ id: endpoint.id }, { disabledAt: endpoint.disabledAt });
    return endpoint;
  }

  /** The names among `names` that are no enabled endpoint (sso.conf `callback_service_list`). */
  async missing(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const found = await this.endpoints.findBy({ name: In([...names]), disabledAt: IsNull() });
    return names.filter((name) => !found.some((endpoint) => endpoint.name === name));
  }

  /** Deliveries, newest first, optionally only failed ones. */
  listDeliveries(filter: { failed?: boolean; limit?: number } = {}): Promise<WebhookDelivery[]> {
    return this.deliveries.find({
      where: filter.failed ? { status: DeliveryStatus.Failed } : {},
      order: { id: 'DESC' },
      take: filter.limit ?? 100,
    });
  }

  /**
   * Makes a failed delivery, or one whose lease expired (its process died), due now again with
   * a fresh set of attempts (same `webhook-id`). One in flight, waiting for its next attempt,
   * or delivered is left alone. The update is conditional, so it never races a dispatcher.
   * @throws WebhookCommandError for an unknown id or a delivery in any other state
   */
  async retry(id: number): Promise<WebhookDelivery> {
    const delivery = await this.deliveries.findOneBy({ id });
    if (!delivery) throw new WebhookCommandError(`No delivery ${id}`);
    const now = this.clock.now();
    const changes = {
      status: DeliveryStatus.Pending,
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      leaseToken: null,
    };
    const { affected } = await this.deliveries.update(
      [
        { id, status: DeliveryStatus.Failed },
        { id, status: DeliveryStatus.Pending, leaseUntil: LessThan(now) },
      ],
      changes,
    );
    if (!affected) throw new WebhookCommandError(`Delivery ${id} ${this.state(delivery, now)}`);
    return { ...delivery, ...changes };
  }

  private state(delivery: WebhookDelivery, now: Date): string {
    if (delivery.status === DeliveryStatus.Delivered) return 'was delivered already';
    if (delivery.leaseUntil && delivery.leaseUntil >= now) return 'is being delivered now';
    return `is pending: its next attempt is due at ${delivery.nextAttemptAt.toISOString()}`;
  }
}
