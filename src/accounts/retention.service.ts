import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxService } from '../events/outbox.service';
import { MetricsService } from '../metrics/metrics.service';
import { AccessToken, ConfirmToken } from './token.entities';
import { SignupStatus, User } from './user.entity';

const INTERVAL_NAME = 'retention';
/** Key of the advisory lock that lets one instance at a time run a round (any fixed bigint). */
export const RETENTION_LOCK_KEY = 7310592025;

/** What one round deleted, by kind (the `kind` label of the metric). */
export interface RetentionCounts {
  access_tokens: number;
  confirm_tokens: number;
  webhook_deliveries: number;
  unconfirmed_users: number;
}

/**
 * The retention job (docs/accounts.md, "Retention"): every `RETENTION_INTERVAL_SECONDS` it
 * deletes expired access tokens, used or expired confirm tokens, webhook deliveries delivered
 * more than `WEBHOOK_RETENTION_DAYS` ago, and, when `UNCONFIRMED_SIGNUP_TTL` is set, SSO
 * users still before confirmation past it (their tokens and events go with them). One
 * transaction a round; on PostgreSQL under a transaction-level advisory lock, so with several
 * instances one runs a round and the others skip it. Counts go to
 * `signup_gateway_retention_purged_total{kind}`.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly intervalSeconds: number;
  private readonly deliveryDays: number;
  private readonly unconfirmedTtlSeconds: number;
  private readonly postgres: boolean;
  private running: Promise<RetentionCounts | null> | null = null;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly metrics: MetricsService,
    private readonly scheduler: SchedulerRegistry,
    config: AppConfig,
  ) {
    this.intervalSeconds = config.get('RETENTION_INTERVAL_SECONDS');
    this.deliveryDays = config.get('WEBHOOK_RETENTION_DAYS');
    this.unconfirmedTtlSeconds = config.get('UNCONFIRMED_SIGNUP_TTL');
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** Schedules the rounds (none with `RETENTION_INTERVAL_SECONDS=0`). */
  onApplicationBootstrap(): void {
    if (this.intervalSeconds === 0) return;
    const timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  /** No new round; the one in flight finishes (one short transaction). */
  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME))
      this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running?.catch(() => null);
  }

  /**
   * One round, now.
   * @returns what it deleted, or null when another instance held the round's lock
   * @throws Error from the database (nothing is deleted then)
   */
  runOnce(): Promise<RetentionCounts | null> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const counts = await this.runOnce();
      if (counts && Object.values(counts).some((n) => n > 0))
        this.logger.log(`Purged ${JSON.stringify(counts)}`);
    } catch (error) {
      this.logger.warn(`Retention round failed: ${(error as Error).message}`);
    }
  }

  private async round(): Promise<RetentionCounts | null> {
    const counts = await this.transactions.run(async (manager) => {
      if (this.postgres) {
        const [{ locked }] = await manager.query<Array<{ locked: boolean }>>(
          'SELECT pg_try_advisory_xact_lock($1) AS locked',
          [RETENTION_LOCK_KEY],
        );
        if (!locked) return null;
      }
      const now = this.clock.now();
      const deleted = async (work: Promise<{ affected?: number | null }>) =>
        (await work).affected ?? 0;
      return {
        access_tokens: await deleted(manager.delete(AccessToken, { expiresAt: LessThan(now) })),
        confirm_tokens:
          (await deleted(manager.delete(ConfirmToken, { usedAt: Not(IsNull()) }))) +
          (await deleted(manager.delete(ConfirmToken, { expiresAt: LessThan(now) }))),
        webhook_deliveries:
          this.deliveryDays > 0
            ? await this.outbox.purgeDelivered(
                manager,
                new Date(now.getTime() - this.deliveryDays * 86_400_000),
              )
            : 0,
        unconfirmed_users:
          this.unconfirmedTtlSeconds > 0
            ? await deleted(
                manager.delete(User, {
                  signupStatus: SignupStatus.BeforeConfirmation,
                  createdAt: LessThan(new Date(now.getTime() - this.unconfirmedTtlSeconds * 1000)),
                }),
              )
            : 0,
      } satisfies RetentionCounts;
    });
    if (counts) {
      for (const [kind, n] of Object.entries(counts)) this.metrics.retentionPurged.inc({ kind }, n);
    }
    return counts;
  }
}
