import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { randomBase36 } from '../common/random';
import { EventUserSource, toEventUser } from './event-payload';
import {
  DeliveryStatus,
  EventType,
  OutboxEvent,
  WebhookDelivery,
  WebhookEndpoint,
} from './events.entities';

/**
 * The transactional outbox (docs/events.md): `record` writes the event and one pending delivery per
 * endpoint that wants it, through the caller's transaction, so they commit with the change
 * they report or not at all. Nothing is sent here; the dispatcher delivers later.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  /**
   * @param manager the transaction of the change
   * @param alsoTo endpoint names that receive this event whatever their filters
   *   (sso.conf `callback_service_list` for `user.created` of SSO signups)
   * @throws Error from the database, which rolls the whole change back
   */
  async record(
    manager: EntityManager,
    type: EventType,
    user: EventUserSource & { id: number },
    alsoTo: readonly string[] = [],
  ): Promise<void> {
    const now = this.clock.now();
    const payload = JSON.stringify({
      type,
      timestamp: now.toISOString(),
      data: { user: toEventUser(user) },
    });
    const event = await manager.save(
      manager.create(OutboxEvent, { type, userId: user.id, payload, createdAt: now }),
    );
    const endpoints = await manager.findBy(WebhookEndpoint, { disabledAt: IsNull() });
    const wanted = endpoints.filter(
      (endpoint) =>
        alsoTo.includes(endpoint.name) ||
        ((!endpoint.eventTypes || endpoint.eventTypes.includes(type)) &&
          (!endpoint.channels || endpoint.channels.includes(user.signupChannel))),
    );
    if (wanted.length === 0) return;
    await manager.insert(
      WebhookDelivery,
      wanted.map((endpoint) => ({
        eventId: event.id,
        endpointId: endpoint.id,
        userId: user.id,
        webhookId: `msg_${randomBase36(24)}`,
        status: DeliveryStatus.Pending,
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastStatus: null,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      })),
    );
  }

  /**
   * Deletes deliveries that were delivered before `before` (retention, docs/events.md);
   * pending and failed ones stay for operators.
   * @param manager the retention round's transaction
   * @returns how many were deleted
   */
  async purgeDelivered(manager: EntityManager, before: Date): Promise<number> {
    const result = await manager.delete(WebhookDelivery, {
      status: DeliveryStatus.Delivered,
      deliveredAt: LessThan(before),
    });
    return result.affected ?? 0;
  }
}
