import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** Event types of docs/events.md. */
export enum EventType {
  UserCreated = 'user.created',
  UserConfirmed = 'user.confirmed',
  UserApproved = 'user.approved',
  UserRejected = 'user.rejected',
  UserImported = 'user.imported',
}

/** A webhook endpoint an operator registered (docs/events.md, "Webhook endpoints"). */
@Entity({ name: 'webhook_endpoints' })
@Index('UQ_webhook_endpoints_name', ['name'], { unique: true })
export class WebhookEndpoint {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'text' })
  url: string;

  /**
   * Standard Webhooks signing secret, `whsec_` + base64. Kept in clear: the service must
   * sign with it (HMAC), so a hash would not do; it is never logged or answered after `add`.
   */
  @Column({ type: 'varchar', length: 128 })
  secret: string;

  /** Event types it receives; null: all. */
  @Column({ name: 'event_types', type: 'simple-json', nullable: true })
  eventTypes: EventType[] | null;

  /** Signup channels whose users' events it receives; null: all. */
  @Column({ type: 'simple-json', nullable: true })
  channels: string[] | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: Date, nullable: true })
  disabledAt: Date | null;
}

/** One event, written in the same transaction as the change it reports (the outbox). */
@Entity({ name: 'outbox_events' })
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  type: EventType;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /**
   * The foreign key only: events go with their user. Named, not imported, so that events
   * never import the Accounts module.
   */
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: object;

  /** The JSON body delivered, exactly as signed. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}

/** Where a delivery stands. */
export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** One event for one endpoint; retried until delivered or out of attempts. */
@Entity({ name: 'webhook_deliveries' })
@Index('UQ_webhook_deliveries_event_endpoint', ['eventId', 'endpointId'], { unique: true })
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_order', ['endpointId', 'userId', 'status'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @ManyToOne(() => OutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: OutboxEvent;

  @Column({ name: 'endpoint_id', type: 'integer' })
  endpointId: number;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpoint;

  /** Copied from the event, so that deliveries per user keep their order cheaply. */
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** `webhook-id`: stable across retries, so receivers deduplicate on it. */
  @Column({ name: 'webhook_id', type: 'varchar', length: 64 })
  webhookId: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt: Date;

  /** While set and in the future, one dispatcher owns the delivery; after it, the row is due again. */
  @Column({ name: 'lease_until', type: Date, nullable: true })
  leaseUntil: Date | null;

  /** The claim that holds the lease: only it may record the attempt. */
  @Column({ name: 'lease_token', type: 'varchar', length: 32, nullable: true })
  leaseToken: string | null;

  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: Date, nullable: true })
  deliveredAt: Date | null;
}
