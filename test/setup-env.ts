// Test defaults: in-memory SQLite, cheap bcrypt (allowed only with NODE_ENV=test), quiet logs.
process.env.NODE_ENV = 'test';
process.env.BCRYPT_COST = process.env.BCRYPT_COST ?? '4';
process.env.DATABASE_URL = 'sqlite::memory:';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
// Tests drive the webhook dispatcher themselves (WebhookDispatcher.runOnce).
process.env.OUTBOX_POLL_INTERVAL_MS = '0';
// Rate limits would count every test's signups from loopback; the limiter tests turn them on.
process.env.RATE_LIMITS = process.env.RATE_LIMITS ?? 'off';
// The metrics listener takes any free port in tests.
process.env.METRICS_PORT = process.env.METRICS_PORT ?? '0';
