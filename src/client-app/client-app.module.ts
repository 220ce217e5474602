import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { EnvironmentVariables } from '../config/env.validation';
import { clientAppHeaders } from './client-app-headers.middleware';
import { ClientApp } from './client-app.entity';
import { ClientAppController } from './client-app.controller';
import { ClientAppService } from './client-app.service';
import { ClientAppsService } from './client-apps.service';
import { DemoClientSeeder } from './demo-client.seeder';

/** Paths of the ClientApp dialect, every method (CORS preflights included). */
export const CLIENT_APP_ROUTES = ['sign-up', 'oauth/authorize', 'users/me'].map((path) => ({
  path,
  method: RequestMethod.ALL,
}));

/** The ClientApp dialect (client-app.md): sign-up, sign-in and tokens through registered client apps. */
@Module({
  imports: [AccountsModule, TypeOrmModule.forFeature([ClientApp])],
  controllers: [ClientAppController],
  providers: [ClientAppService, ClientAppsService, DemoClientSeeder],
  exports: [ClientAppsService],
})
export class ClientAppModule implements NestModule {
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(...clientAppHeaders(this.config.get('CORS_ORIGINS', { infer: true })))
      .forRoutes(...CLIENT_APP_ROUTES);
  }
}
