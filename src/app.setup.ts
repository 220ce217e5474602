import { createServer, RequestListener } from 'node:http';
import { join } from 'node:path';
import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { static as serveStatic } from 'express';
import { DEMO_CLIENT_ID } from './client-app/demo-client.seeder';
import { projectRoot } from './common/project-root';
import { captureRawBody } from './common/request-body';
import { AppConfig } from './config/app-config';

/** Bounds of the HTTP server against slow or oversized clients (docs/accounts.md, "Hostile input"). */
export const SERVER_BOUNDS = {
  /** The request line and headers must arrive within this many milliseconds. */
  headersTimeoutMs: 10_000,
  /** The whole request, body included, within this many milliseconds. */
  requestTimeoutMs: 30_000,
  /** Idle keep-alive sockets close after this many milliseconds. */
  keepAliveTimeoutMs: 5_000,
  /** Headers over this many bytes get 431 from Node's parser (the app never sees them). */
  maxHeaderBytes: 16 * 1024,
} as const;

/**
 * Express under Nest, on an HTTP server made with {@link SERVER_BOUNDS}. Node checks the
 * header and request timeouts every `connectionsCheckingInterval` (30 s by default), which can
 * only be set when the server is made, hence this adapter; checked here every second.
 */
export class BoundedExpressAdapter extends ExpressAdapter {
  override initHttpServer(_options: NestApplicationOptions): void {
    const server = createServer(
      {
        headersTimeout: SERVER_BOUNDS.headersTimeoutMs,
        requestTimeout: SERVER_BOUNDS.requestTimeoutMs,
        keepAliveTimeout: SERVER_BOUNDS.keepAliveTimeoutMs,
        maxHeaderSize: SERVER_BOUNDS.maxHeaderBytes,
        connectionsCheckingInterval: 1_000,
      },
      this.getInstance<RequestListener>(),
    );
    server.keepAliveTimeout = SERVER_BOUNDS.keepAliveTimeoutMs;
    this.setHttpServer(server);
  }
}

/**
 * `TRUST_PROXY` as Express's `trust proxy` value: empty trusts nothing (the socket's address
 * is the client), a number is a hop count, `true` trusts every proxy, anything else is a
 * comma-separated list of addresses, subnets or names (`loopback`, `uniquelocal`).
 */
export function trustProxy(value: string): boolean | number | string[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The OpenAPI document: one tag per dialect, every request, response and error schema. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('signup-gateway')
    .setDescription(
      'One account store behind three wire-compatible signup APIs. The contract is in docs/contract.md of the project.',
    )
    .setVersion('0.1.0')
    .setExternalDoc('The contract: what each dialect accepts and answers', '/contract/contract.md')
    .addTag('Milliner', "HAT Milliner's POST /api/signup")
    .addTag('SSO', 'Zato SSO User.signup')
    .addTag('ClientApp', 'Sign-up API of a client-id based app')
    .addTag('Health', 'Liveness and readiness for load balancers and orchestrators')
    // "Authorize" in Swagger UI: paste an access_token from /sign-up, or sign in with the
    // password flow (its default, the client id as HTTP Basic, works as the body does).
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque, 30 base36 characters',
        description: 'An access_token from /sign-up or /oauth/authorize',
      },
      'access_token',
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'Sign in with a username and password (the RFC 6749 password grant at /oauth/authorize). ' +
          'client_id: a client app id (the demo client is filled in where it exists); client_secret: leave empty.',
        flows: { password: { tokenUrl: '/oauth/authorize', scopes: {} } },
      },
      'oauth_password',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Everything `main.ts` and the e2e tests share, so that tests run the real pipeline: the raw
 * body capture (64 KiB, parsed per dialect), no `X-Powered-By` or ETag headers, Swagger UI at `/docs` with the document at
 * `/docs-json`. Signals are handled by `main.ts` (graceful-shutdown.ts).
 */
export function configureApp(app: INestApplication): INestApplication {
  const express = app.getHttpAdapter().getInstance() as {
    disable(setting: string): void;
    set(setting: string, value: unknown): void;
  };
  // No framework banner; no ETag on API answers (meaningless on a POST, docs/client-app.md).
  express.disable('x-powered-by');
  express.disable('etag');
  // The client IP the rate limits count (req.ip): the socket's, or the trusted proxies' word.
  express.set('trust proxy', trustProxy(app.get(AppConfig).get('TRUST_PROXY')));
  app.use(captureRawBody);
  const docs = join(projectRoot(), 'docs');
  const http = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: unknown, res: { redirect(url: string): void }) => void): void;
  };
  http.get('/', (_req, res) => res.redirect('/docs'));
  // The contract, readable where Swagger UI links to it (externalDocs).
  app.use('/contract', serveStatic(docs, { index: false, extensions: ['md'], fallthrough: false }));
  const demo = app.get(AppConfig).get('NODE_ENV') !== 'production';
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'signup-gateway API',
    swaggerOptions: {
      persistAuthorization: true,
      ...(demo ? { initOAuth: { clientId: DEMO_CLIENT_ID } } : {}),
    },
  });
  return app;
}
