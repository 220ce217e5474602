import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { WebhookEndpointsService } from '../events/webhook-endpoints.service';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';

/**
 * `[signup] callback_service_list` names webhook endpoints (docs/events.md): each must exist and be
 * enabled when the HTTP server starts (not when the CLI runs, so that the CLI can create it).
 * @throws Error naming the missing endpoints, which stops the start
 */
@Injectable()
export class SsoCallbacksCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(SSO_SETTINGS) private readonly settings: SsoSettings,
    private readonly endpoints: WebhookEndpointsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const missing = await this.endpoints.missing(this.settings.signup.callbackServiceList);
    if (missing.length > 0) {
      throw new Error(
        `sso.conf [signup] callback_service_list names webhook endpoints that do not exist or are disabled: ${missing.join(', ')} ` +
          '(add them with: npm run cli -- webhooks add --name <name> --url <url>)',
      );
    }
  }
}
