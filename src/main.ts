// Before any other import: the thread pool is sized when it is first used.
import './thread-pool';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PasswordStrength } from './accounts/passwords/password-strength';
import { AppModule } from './app.module';
import { Logger as PinoLogger } from 'nestjs-pino';
import { BoundedExpressAdapter, configureApp } from './app.setup';
import { AppConfig } from './config/app-config';
import { installGracefulShutdown } from './graceful-shutdown';

/** Starts the HTTP service: validates the environment, applies migrations, listens on PORT. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(),
    new BoundedExpressAdapter(),
    {
      bodyParser: false,
      bufferLogs: true,
      abortOnError: false,
    },
  );
  const config = app.get(AppConfig);
  // Application lines as JSON through pino, with the request id inside a request.
  app.useLogger(app.get(PinoLogger));
  installGracefulShutdown(app, config.get('SHUTDOWN_TIMEOUT_MS'));
  configureApp(app);
  await app.get(PasswordStrength).warmUp();
  const port = config.get('PORT');
  await app.listen(port);
  new Logger('Bootstrap').log(
    `signup-gateway listening on http://localhost:${port} (Swagger UI at /docs)`,
  );
}

bootstrap().catch((error: Error) => {
  // A bad setting stops the start with a message naming it (env.validation.ts).
  console.error(`signup-gateway failed to start: ${error.message}`);
  process.exit(1);
});
