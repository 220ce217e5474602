import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { Webhook } from 'standardwebhooks';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { randomBase36 } from '../common/random';
import { TransactionRunner } from '../database/transaction-runner';
import { DeliveryStatus, OutboxEvent, WebhookDelivery, WebhookEndpoint } from './events.entities';
import { AppConfig } from '../config/app-config';

/** Deliveries claimed in one round. */
const BATCH_SIZE = 20;
const INTERVAL_NAME = 'webhook-dispatcher';
/** At shutdown, attempts still in flight after this many ms are abandoned and their leases released. */
export const SHUTDOWN_GRACE_MS = 2000;

/** The outcome of one attempt: 2xx is success; anything else, a timeout or an error is not. */
interface Attempt {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * Delivers the outbox (docs/events.md): claims due deliveries under a lease (`FOR UPDATE SKIP
 * LOCKED` on PostgreSQL, so instances share the work; one dispatcher per process on SQLite),
 * POSTs each signed with the `standardwebhooks` package, and records success, a retry with
 * backoff and jitter, or failure. A claim whose process died is due again when its lease
 * ends, so a crash loses nothing (at-least-once; receivers deduplicate on `webhook-id`).
 * Deliveries of one user to one endpoint go out in creation order.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly schedule: number[];
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly postgres: boolean;
  private running: Promise<number> | null = null;
  /** Aborted at shutdown: attempts in flight stop and give their claims back. */
  private readonly stopping = new AbortController();
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    config: AppConfig,
  ) {
    this.schedule = config.get('WEBHOOK_RETRY_SCHEDULE');
    this.timeoutMs = config.get('WEBHOOK_TIMEOUT_MS');
    this.leaseMs = config.get('WEBHOOK_LEASE_SECONDS') * 1000;
    this.pollMs = config.get('OUTBOX_POLL_INTERVAL_MS');
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** Starts polling every `OUTBOX_POLL_INTERVAL_MS` (0: only {@link runOnce} delivers). */
  onApplicationBootstrap(): void {
    if (this.pollMs === 0) return;
    const timer = setInterval(() => void this.tick(), this.pollMs);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  /**
   * Clean stop, while the database is still open (before the pools close): no new rounds; the
   * round in flight finishes within {@link SHUTDOWN_GRACE_MS}, else its attempts are aborted
   * and their leases released (nothing recorded, due again at once for another instance).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME))
      this.scheduler.deleteInterval(INTERVAL_NAME);
    const running = this.running;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
    });
    await Promise.race([running.catch(() => 0), grace]);
    clearTimeout(timer);
    this.stopping.abort();
    await running.catch(() => 0);
  }

  /**
   * One round: claims up to 20 due deliveries and attempts each.
   * @returns how many deliveries were attempted (0 when a round was already running)
   */
  runOnce(): Promise<number> {
    if (this.running) return this.running.then(() => 0);
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    try {
      await this.runOnce();
    } catch (error) {
      // The database may be down; the next tick tries again.
      this.logger.warn(`Webhook dispatch round failed: ${(error as Error).message}`);
    }
  }

  private async round(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  /** Claims due, unleased deliveries that no earlier pending delivery of the same user and endpoint precedes. */
  private claim(): Promise<WebhookDelivery[]> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const query = manager
        .getRepository(WebhookDelivery)
        .createQueryBuilder('d')
        .where('d.status = :pending', { pending: DeliveryStatus.Pending })
        .andWhere('d.nextAttemptAt <= :now', { now })
        .andWhere('(d.leaseUntil IS NULL OR d.leaseUntil < :now)')
        .andWhere(
          'NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id ' +
            'AND e.user_id = d.user_id AND e.status = :pending AND e.id < d.id)',
        )
        .orderBy('d.id', 'ASC')
        .limit(BATCH_SIZE);
      if (this.postgres) query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const due = await query.getMany();
      if (due.length === 0) return [];
      const leaseUntil = new Date(now.getTime() + this.leaseMs);
      const leaseToken = randomBase36(24);
      await manager.update(
        WebhookDelivery,
        { id: In(due.map((d) => d.id)) },
        { leaseUntil, leaseToken },
      );
      return due.map((delivery) => ({ ...delivery, leaseUntil, leaseToken }));
    });
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const endpoint = await this.dataSource.manager.findOneBy(WebhookEndpoint, {
      id: delivery.endpointId,
    });
    const event = await this.dataSource.manager.findOneBy(OutboxEvent, { id: delivery.eventId });
    let result: Attempt;
    if (!endpoint || !event || endpoint.disabledAt) {
      result = { ok: false, status: null, error: 'endpoint disabled' };
      await this.finish(delivery, result, true);
      return;
    }
    result = await this.post(endpoint, delivery.webhookId, event.payload);
    if (this.stopping.signal.aborted) {
      await this.release(delivery);
      return;
    }
    await this.finish(delivery, result, false);
  }

  /** POSTs the payload signed per Standard Webhooks (the signature time is the wall clock, which receivers check). */
  private async post(
    endpoint: WebhookEndpoint,
    webhookId: string,
    payload: string,
  ): Promise<Attempt> {
    try {
      const timestamp = new Date();
      const signature = new Webhook(endpoint.secret).sign(webhookId, timestamp, payload);
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
          'user-agent': 'signup-gateway-webhooks',
        },
        body: payload,
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopping.signal]),
        redirect: 'manual',
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const { name, message } = error as Error;
      return {
        ok: false,
        status: null,
        error: name === 'TimeoutError' ? `timeout after ${this.timeoutMs} ms` : message,
      };
    }
  }

  /** Gives a claim back unattempted (shutdown): its lease ends now, if it is still this claim's. */
  private async release(delivery: WebhookDelivery): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        WebhookDelivery,
        { id: delivery.id, leaseToken: delivery.leaseToken ?? '' },
        { leaseUntil: null, leaseToken: null },
      ),
    );
  }

  /** Records an attempt: delivered; due again after the next step of the schedule (±10% jitter); or failed. */
  private async finish(delivery: WebhookDelivery, result: Attempt, giveUp: boolean): Promise<void> {
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    const base = {
      attempts,
      leaseUntil: null,
      leaseToken: null,
      lastStatus: result.status,
      lastError: result.error,
    };
    let changes: Partial<Omit<WebhookDelivery, 'event' | 'endpoint'>>;
    if (result.ok) {
      changes = { ...base, status: DeliveryStatus.Delivered, deliveredAt: now };
    } else if (giveUp || attempts > this.schedule.length) {
      changes = { ...base, status: DeliveryStatus.Failed };
      this.logger.warn(
        `Webhook delivery ${delivery.id} failed after ${attempts} attempts: ${result.error}`,
      );
    } else {
      const delayMs = this.schedule[attempts - 1] * 1000 * (0.9 + Math.random() * 0.2);
      changes = { ...base, nextAttemptAt: new Date(now.getTime() + delayMs) };
    }
    // Only while the lease is still this claim's: after it ended, another claim may own the
    // row, and what it recorded must stand. Through the runner: on SQLite a write outside it
    // could join another request's transaction.
    const recorded = await this.transactions.run((manager) =>
      manager.update(
        WebhookDelivery,
        { id: delivery.id, leaseToken: delivery.leaseToken ?? '' },
        changes,
      ),
    );
    if (!recorded.affected) {
      this.logger.warn(
        `Webhook delivery ${delivery.id}: lease lost before the attempt was recorded; left to its new owner`,
      );
    }
  }
}
