import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EventsModule } from '../events/events.module';
import { SsoCallbacksCheck } from './sso-callbacks.check';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { ssoSettingsProvider } from './sso-settings.provider';

/** The Zato SSO dialect (docs/sso.md). */
@Module({
  imports: [AccountsModule, EventsModule],
  controllers: [SsoController],
  providers: [SsoService, ssoSettingsProvider, SsoCallbacksCheck],
})
export class SsoModule {}
