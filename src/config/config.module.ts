import { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './env.validation';

/**
 * @nestjs/config with the validated environment, global, for the HTTP app and the CLI alike.
 * @param env the environment to validate (tests pass their own)
 */
export function appConfigModule(env: Record<string, string | undefined>): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    validate: () => validateEnvironment(env),
  });
}
