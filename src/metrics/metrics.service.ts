import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics (prom-client), in a registry of its own: the default
 * process metrics (event-loop delay, RSS, GC, …), signups by dialect and outcome, and the
 * duration of bcrypt work.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** `signup_gateway_signups_total{dialect, outcome}`: outcome is `created`, `hidden_duplicate` or an Accounts error code. */
  readonly signups = new Counter({
    name: 'signup_gateway_signups_total',
    help: 'Signups by dialect and outcome',
    labelNames: ['dialect', 'outcome'] as const,
    registers: [this.registry],
  });

  /** `signup_gateway_bcrypt_duration_seconds{operation}`: hash or verify, queue wait excluded. */
  readonly bcryptDuration = new Histogram({
    name: 'signup_gateway_bcrypt_duration_seconds',
    help: 'Time of one bcrypt hash or verification in the thread pool, queue wait excluded',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  /** `signup_gateway_hash_queue_rejections_total`: signups and sign-ins refused with 503 by admission control. */
  readonly hashQueueRejections = new Counter({
    name: 'signup_gateway_hash_queue_rejections_total',
    help: 'Requests refused at once because the bcrypt queue was full',
    registers: [this.registry],
  });

  /** `signup_gateway_rate_limited_total{limit}`: attempts refused with 429, by limit. */
  readonly rateLimited = new Counter({
    name: 'signup_gateway_rate_limited_total',
    help: 'Attempts refused with 429 by a rate limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  /** `signup_gateway_rate_limit_fallbacks_total`: limiter calls served in the process because Redis was unreachable. */
  readonly rateLimitFallbacks = new Counter({
    name: 'signup_gateway_rate_limit_fallbacks_total',
    help: 'Rate-limit checks counted in the process because Redis was unreachable',
    registers: [this.registry],
  });

  /** `signup_gateway_retention_purged_total{kind}`: rows the retention job deleted, by kind. */
  readonly retentionPurged = new Counter({
    name: 'signup_gateway_retention_purged_total',
    help: 'Rows deleted by the retention job: access_tokens, confirm_tokens, webhook_deliveries, unconfirmed_users',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Event-loop delay at 10 ms resolution; its p99 resets at each scrape.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }
}
