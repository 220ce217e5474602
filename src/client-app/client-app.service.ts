import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SignupService } from '../accounts/signup.service';
import { SignupCreated } from '../accounts/signup.types';
import { ApprovalStatus, SignUpStatus, SignupChannel } from '../accounts/user.entity';
import { EnvironmentVariables } from '../config/env.validation';
import { ClientAppSignUpRequest } from './client-app.dto';
import { UnknownClientException } from './client-app.errors';
import { ClientAppsService } from './client-apps.service';

/** Translates ClientApp sign-ups into the Accounts module's signup command (client-app.md). */
@Injectable()
export class ClientAppService {
  private readonly accessTokenTtl: number;

  constructor(
    private readonly signups: SignupService,
    private readonly clients: ClientAppsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.accessTokenTtl = config.get('ACCESS_TOKEN_TTL', { infer: true });
  }

  /**
   * Checks the client, then signs the user up (1 to 64 characters, no whitespace, the
   * password baseline) and issues an access token for the client, in one transaction.
   * @throws UnknownClientException for an unknown or revoked client id
   * @throws AccountsException (see SignupService)
   */
  async signUp(request: ClientAppSignUpRequest): Promise<SignupCreated> {
    const client = await this.clients.findActive(request.client_id);
    if (!client) throw new UnknownClientException();
    return (await this.signups.signup({
      channel: SignupChannel.ClientApp,
      username: request.username,
      password: request.password,
      clientId: client.clientId,
      signUpStatus: SignUpStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      rules: {
        username: { maxLength: 64 },
        email: { required: false, maxLength: 254 },
        password: { minLength: 8, maxLength: 256, minScore: 0 },
      },
      duplicates: { revealUsername: true, revealEmail: true },
      accessToken: { clientId: client.clientId, ttlSeconds: this.accessTokenTtl },
    })) as SignupCreated;
  }
}
