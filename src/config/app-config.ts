import { ConfigService } from '@nestjs/config';
import { EnvironmentVariables } from './env.validation';

/** The typed, validated configuration, as injected everywhere in the app. */
export type AppConfigService = ConfigService<EnvironmentVariables, true>;

/**
 * Reads one validated setting from the config service with its type.
 * Settings are validated at start (env.validation.ts), so a value is always present.
 */
export function setting<K extends keyof EnvironmentVariables>(
  config: AppConfigService,
  key: K,
): EnvironmentVariables[K] {
  return config.get(key, { infer: true });
}
