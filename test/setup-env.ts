// Test defaults: in-memory SQLite, cheap bcrypt (allowed only with NODE_ENV=test), quiet logs.
process.env.NODE_ENV = 'test';
process.env.BCRYPT_COST = process.env.BCRYPT_COST ?? '4';
process.env.DATABASE_URL = 'sqlite::memory:';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
// Tests drive the webhook dispatcher themselves (WebhookDispatcher.runOnce).
process.env.OUTBOX_POLL_INTERVAL_MS = '0';
