import { Logger, Provider } from '@nestjs/common';
import { loadSsoConfig } from './sso-config.loader';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';
import { AppConfig } from '../config/app-config';

/**
 * Provides {@link SsoSettings} from the `sso.conf` at `SSO_CONFIG`, read once at start.
 * Keys of Zato's template that we do not use are logged in one warning; a bad value of a key
 * we use stops the start (SsoConfigError names file, section, key and value).
 */
export const ssoSettingsProvider: Provider = {
  provide: SSO_SETTINGS,
  inject: [AppConfig],
  useFactory: (config: AppConfig): SsoSettings => {
    const path = config.get('SSO_CONFIG');
    const { settings, ignoredKeys } = loadSsoConfig(path);
    if (ignoredKeys.length > 0) {
      new Logger('SsoSettings').warn(
        `${path}: ignoring keys this service does not use: ${ignoredKeys.join(', ')}`,
      );
    }
    return settings;
  },
};
