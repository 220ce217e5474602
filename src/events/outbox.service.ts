import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { randomBase36 } from '../common/random';
import { bulkInsert, ROWS_PER_INSERT } from '../database/bulk-insert';
import { EventUserSource, toEventUser } from './event-payload';
import {
  DeliveryStatus,
  EventType,
  OutboxEvent,
  WebhookDelivery,
  WebhookEndpoint,
} from './events.entities';

/** `items` in consecutive slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    parts.push(items.slice(start, start + size));
  }
  return parts;
}

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
    const deliveries = this.deliveries(endpoints, type, user, event.id, now, alsoTo);
    if (deliveries.length > 0) await manager.insert(WebhookDelivery, deliveries);
  }

  /**
   * {@link record} for many users at once (`users import`): the events in multi-row statements, the
   * endpoints read once, the deliveries in multi-row statements ({@link bulkInsert}). Each user must have no event of this type yet (its events are found by user id).
   * @param manager the transaction of the change
   * @throws Error from the database, which rolls the whole change back
   */
  async recordMany(
    manager: EntityManager,
    type: EventType,
    users: ReadonlyArray<EventUserSource & { id: number }>,
  ): Promise<void> {
    if (users.length === 0) return;
    const now = this.clock.now();
    const timestamp = now.toISOString();
    await bulkInsert(
      manager,
      OutboxEvent,
      users.map((user) => ({
        type,
        userId: user.id,
        payload: JSON.stringify({ type, timestamp, data: { user: toEventUser(user) } }),
        createdAt: now,
      })),
    );
    const endpoints = await manager.findBy(WebhookEndpoint, { disabledAt: IsNull() });
    if (endpoints.length === 0) return;
    const byUser = new Map(users.map((user) => [user.id, user]));
    const events: Array<Pick<OutboxEvent, 'id' | 'userId'>> = [];
    for (const part of chunks([...byUser.keys()], ROWS_PER_INSERT)) {
      events.push(
        ...(await manager.find(OutboxEvent, {
          select: { id: true, userId: true },
          where: { type, userId: In(part) },
        })),
      );
    }
    const deliveries = events.flatMap((event) =>
      this.deliveries(endpoints, type, byUser.get(event.userId)!, event.id, now),
    );
    await bulkInsert(manager, WebhookDelivery, deliveries);
  }

  /** One pending delivery of an event per endpoint that wants it (its filters, or `alsoTo`). */
  private deliveries(
    endpoints: readonly WebhookEndpoint[],
    type: EventType,
    user: EventUserSource & { id: number },
    eventId: number,
    now: Date,
    alsoTo: readonly string[] = [],
  ): Array<Omit<WebhookDelivery, 'id' | 'event' | 'endpoint' | 'leaseToken'>> {
    return endpoints
      .filter(
        (endpoint) =>
          alsoTo.includes(endpoint.name) ||
          ((!endpoint.eventTypes || endpoint.eventTypes.includes(type)) &&
            (!endpoint.channels || endpoint.channels.includes(user.signupChannel))),
      )
      .map((endpoint) => ({
        eventId,
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
      }));
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
