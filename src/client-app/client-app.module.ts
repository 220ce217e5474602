import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { clientAppHeaders } from './client-app-headers.middleware';
import { ClientAppController } from './client-app.controller';
import { ClientAppService } from './client-app.service';
import { ClientAppRegistryModule } from './client-app-registry.module';
import { DemoClientSeeder } from './demo-client.seeder';
import { AppConfig } from '../config/app-config';

/** Paths of the ClientApp dialect, every method (CORS preflights included). */
export const CLIENT_APP_ROUTES = ['sign-up', 'oauth/authorize', 'oauth/revoke', 'users/me'].map(
  (path) => ({
    path,
    method: RequestMethod.ALL,
  }),
);

/** The ClientApp dialect (docs/client-app.md): sign-up, sign-in and tokens through registered client apps. */
@Module({
  imports: [AccountsModule, ClientAppRegistryModule],
  controllers: [ClientAppController],
  providers: [ClientAppService, DemoClientSeeder],
})
export class ClientAppModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(...clientAppHeaders(this.config.get('CORS_ORIGINS')))
      .forRoutes(...CLIENT_APP_ROUTES);
  }
}
