import './thread-pool';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './app.setup';

/**
 * `npm run openapi`: writes the OpenAPI document (the one served at /docs-json) to
 * docs/openapi.json, as an artifact for client generators and reviews. Boots the app on an
 * in-memory SQLite database without listening.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(
    AppModule.forRoot({ ...process.env, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'error' }),
    {
      logger: ['error'],
      abortOnError: false,
    },
  );
  const document = buildOpenApiDocument(app);
  writeFileSync(process.argv[2] ?? 'docs/openapi.json', `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
}

main().catch((error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
});
