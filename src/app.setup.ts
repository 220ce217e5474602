import { INestApplication, LogLevel } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { captureRawBody } from './common/request-body';
import { LogLevelName } from './config/env.validation';

/** Nest log levels enabled for each `LOG_LEVEL` (each includes the more severe ones). */
export function nestLogLevels(level: LogLevelName): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const index = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5 }[level];
  return order.slice(0, index + 1);
}

/** The OpenAPI document: one tag per dialect, every request, response and error schema. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('signup-gateway')
    .setDescription(
      'One account store behind three wire-compatible signup APIs. The contract is in docs/contract.md of the project.',
    )
    .setVersion('0.1.0')
    .addTag('Milliner', "HAT Milliner's POST /api/signup")
    .addTag('SSO', 'Zato SSO User.signup')
    .addTag('ClientApp', 'Sign-up API of a client-id based app')
    // "Authorize" in Swagger UI: paste an access_token from /sign-up, or sign in with the
    // password flow (send the client id in the request body).
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An access_token from /sign-up or /oauth/authorize',
      },
      'access_token',
    )
    .addOAuth2(
      { type: 'oauth2', flows: { password: { tokenUrl: '/oauth/authorize', scopes: {} } } },
      'oauth_password',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Everything `main.ts` and the e2e tests share, so that tests run the real pipeline: the raw
 * body capture (64 KiB, parsed per dialect), no `X-Powered-By` or ETag headers, Swagger UI at `/docs` with the document at
 * `/docs-json`, and shutdown hooks.
 */
export function configureApp(app: INestApplication): INestApplication {
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  // No framework banner; no ETag on API answers (meaningless on a POST, docs/client-app.md).
  express.disable('x-powered-by');
  express.disable('etag');
  app.use(captureRawBody);
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}
