import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnvironment } from './env.validation';

/**
 * @nestjs/config with the validated environment and the typed {@link AppConfig} on top,
 * global, for the HTTP app and the CLI alike.
 */
@Module({})
export class AppConfigModule {
  /**
   * @param env the environment to validate (tests pass their own)
   * @throws EnvironmentValidationError (when the app is created) naming each bad variable
   */
  static forRoot(env: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, validate: () => validateEnvironment(env) }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
