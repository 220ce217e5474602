import { Injectable } from '@nestjs/common';
import { SignupService } from '../accounts/signup.service';
import { assertCreated, SignupCreated } from '../accounts/signup.types';
import { ApprovalStatus, SignupChannel, SignupStatus } from '../accounts/user.entity';
import { AppConfig } from '../config/app-config';
import { MillinerSignupRequest } from './milliner.dto';
import { MILLINER_USERNAME_PATTERN } from './milliner.rules';

/** Translates Milliner signups into the Accounts module's signup command (docs/milliner.md). */
@Injectable()
export class MillinerService {
  private readonly minScore: number;

  constructor(
    private readonly signups: SignupService,
    config: AppConfig,
  ) {
    this.minScore = config.get('MILLINER_MIN_PASSWORD_SCORE');
  }

  /**
   * Signs a user up: the HAT username rule, a required email of at most 254
   * characters, `passRepeat` equal to `pass`, the password baseline plus the zxcvbn score;
   * duplicates are revealed. The user is final and approved at once.
   * @param client a signal that fires when the client went away
   * @throws AccountsException (see SignupService)
   */
  async signup(
    request: MillinerSignupRequest,
    client: { signal?: AbortSignal } = {},
  ): Promise<SignupCreated> {
    const outcome = await this.signups.signup({
      channel: SignupChannel.Milliner,
      username: request.username,
      email: request.email,
      password: request.pass,
      passwordConfirmation: request.passRepeat,
      fullName: request.fullName,
      signupStatus: SignupStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      rules: {
        username: { maxLength: 22, pattern: MILLINER_USERNAME_PATTERN },
        email: { required: true, maxLength: 254 },
        password: { minLength: 8, maxLength: 256, minScore: this.minScore },
      },
      duplicates: { revealUsername: true, revealEmail: true },
      ...client,
    });
    assertCreated(outcome);
    return outcome;
  }
}
