// Jest: unit specs beside the code (src, *.spec.ts); e2e specs in test/ (*.e2e-spec.ts), run
// once on SQLite and once on PostgreSQL when a server is reachable.
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};

const adminUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// A synchronous probe, since the list of projects must be known now.
const probe = spawnSync(
  process.execPath,
  ['-e', `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`, adminUrl],
  { cwd: __dirname, timeout: 10000 },
);
const postgres = probe.status === 0;
if (!postgres) {
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable at ${adminUrl}`);
  }
  console.warn(`\n*** PostgreSQL not reachable at ${adminUrl}: SKIPPING the PostgreSQL e2e suite (SQLite only). ***\n`);
}
// Redis: the rate-limit tests run against a real server when one answers (CI requires it).
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const redisProbe = spawnSync(
  process.execPath,
  ['-e', `const R=require('ioredis');const r=new R(process.argv[1],{lazyConnect:true,connectTimeout:2000,maxRetriesPerRequest:0,retryStrategy:()=>null});r.connect().then(()=>r.ping()).then(()=>process.exit(0),()=>process.exit(1))`, redisUrl],
  { cwd: __dirname, timeout: 10000 },
);
if (redisProbe.status === 0) {
  process.env.TEST_REDIS_URL = redisUrl;
} else {
  if (process.env.REQUIRE_REDIS === '1') {
    throw new Error(`Redis is required (REQUIRE_REDIS=1) but not reachable at ${redisUrl}`);
  }
  delete process.env.TEST_REDIS_URL;
  console.warn(`\n*** Redis not reachable at ${redisUrl}: SKIPPING the rate-limit tests against Redis (in-memory only). ***\n`);
}
// One id per run: every database the PostgreSQL suite creates starts with sg_<run>_.
process.env.SG_TEST_RUN = process.env.SG_TEST_RUN || randomBytes(4).toString('hex');

const e2e = { ...common, rootDir: '.', testRegex: 'test/.*\\.e2e-spec\\.ts$' };

module.exports = {
  // A leaked handle must not hold CI until its time limit; the suites close what they open.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', roots: ['<rootDir>/src'], testRegex: '\\.spec\\.ts$' },
    { ...e2e, displayName: 'e2e-sqlite' },
    ...(postgres
      ? [
          {
            ...e2e,
            displayName: 'e2e-postgres',
            setupFiles: [...common.setupFiles, '<rootDir>/test/setup-postgres.ts'],
            globalTeardown: '<rootDir>/test/teardown-postgres.ts',
          },
        ]
      : []),
  ],
};
