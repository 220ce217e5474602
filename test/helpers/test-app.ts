import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { ClientAppRegistry } from '../../src/client-app/client-app.registry';
import { DEMO_CLIENT_ID } from '../../src/client-app/demo-client.seeder';
import { dialectSql, dropDatabase, freshDatabaseUrl, normaliseRows } from './databases';
import { Clock } from '../../src/common/clock';
import { BoundedExpressAdapter, configureApp } from '../../src/app.setup';
import { SSO_SETTINGS, SsoSettings } from '../../src/sso/sso-settings';

/** Deep-partial SSO settings: each given section is merged over the shipped defaults. */
export type SsoOverrides = { [K in keyof SsoSettings]?: Partial<SsoSettings[K]> };

export interface TestApp {
  app: INestApplication;
  http: App;
  db: DataSource;
  sso: SsoSettings;
  /** The app's `DATABASE_URL`. */
  databaseUrl: string;
  /** Runs SQL written with `?` placeholders on either database; rows as SQLite shows them. */
  query<T = any>(sql: string, params?: unknown[]): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on a fresh in-memory SQLite database (migrations applied), with
 * the same setup function as main.ts, so tests run the real pipeline. SSO settings are the
 * shipped defaults with `sso` merged over them, unless `env.SSO_CONFIG` names a file to read.
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    sso?: SsoOverrides;
    clock?: Clock;
    logger?: LoggerService;
    /** On PostgreSQL, create the demo client as SQLite would (default true). */
    demoClient?: boolean;
  } = {},
): Promise<TestApp> {
  const sso = new SsoSettings();
  Object.assign(sso.main, options.sso?.main);
  Object.assign(sso.apps, options.sso?.apps);
  Object.assign(sso.signup, options.sso?.signup);
  Object.assign(sso.password, options.sso?.password);
  Object.assign(sso.userValidation, options.sso?.userValidation);
  // A database of its own (PostgreSQL project) unless the test names one.
  const ownDatabase = !options.env?.DATABASE_URL;
  const databaseUrl = options.env?.DATABASE_URL ?? (await freshDatabaseUrl());
  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot({ ...process.env, ...options.env, DATABASE_URL: databaseUrl })],
  })
    .overrideProvider(Clock)
    .useValue(options.clock ?? new Clock());
  if (!options.env?.SSO_CONFIG) builder = builder.overrideProvider(SSO_SETTINGS).useValue(sso);
  const moduleRef = await builder.compile().catch(async (error: unknown) => {
    if (ownDatabase) await dropDatabase(databaseUrl);
    throw error;
  });
  const app = moduleRef.createNestApplication(new BoundedExpressAdapter(), {
    bodyParser: false,
    logger: options.logger ?? ['error', 'fatal'],
  });
  configureApp(app);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    if (ownDatabase) await dropDatabase(databaseUrl);
    throw error;
  }
  const db = app.get<DataSource>(getDataSourceToken());
  const settings = app.get<SsoSettings>(SSO_SETTINGS);
  const kind = db.options.type === 'postgres' ? 'postgres' : 'sqlite';
  // The demo client exists only on SQLite (docs/client-app.md); tests use it on PostgreSQL too.
  const production = (options.env?.NODE_ENV ?? process.env.NODE_ENV) === 'production';
  if (kind === 'postgres' && !production && (options.demoClient ?? true)) {
    await app.get(ClientAppRegistry).create('Demo client (tests)', null, DEMO_CLIENT_ID);
  }
  return {
    app,
    http: app.getHttpServer() as App,
    db,
    sso: settings,
    databaseUrl,
    query: async (sql, params) => normaliseRows(await db.query(dialectSql(sql, kind), params)),
    close: async () => {
      await app.close();
      if (ownDatabase) await dropDatabase(databaseUrl);
    },
  };
}

/** Row counts of every table a signup writes, to assert that a failure wrote nothing. */
export async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'users',
    'confirm_tokens',
    'access_tokens',
    'outbox_events',
    'webhook_deliveries',
  ]) {
    const [row] = await db.query<Array<{ n: number | string }>>(
      `SELECT COUNT(*) AS n FROM ${table}`,
    );
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Fails when a response text holds anything shaped like a bcrypt hash. */
export function expectNoHash(text: string): void {
  expect(text).not.toMatch(/\$2[aby]\$\d\d\$/);
}

/** A clock that stands still until a test moves it. */
export class FakeClock extends Clock {
  constructor(private current = new Date('2026-01-01T00:00:00.000Z')) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
