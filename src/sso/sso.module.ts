import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { defaultSsoSettings, SSO_SETTINGS } from './sso-settings';

/** The Zato SSO dialect (sso.md). */
@Module({
  imports: [AccountsModule],
  controllers: [SsoController],
  providers: [SsoService, { provide: SSO_SETTINGS, useFactory: defaultSsoSettings }],
})
export class SsoModule {}
