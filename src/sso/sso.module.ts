import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { ssoSettingsProvider } from './sso-settings.provider';

/** The Zato SSO dialect (sso.md). */
@Module({
  imports: [AccountsModule],
  controllers: [SsoController],
  providers: [SsoService, ssoSettingsProvider],
})
export class SsoModule {}
