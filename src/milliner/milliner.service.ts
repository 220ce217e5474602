import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SignupService } from '../accounts/signup.service';
import { SignupCreated, SignupCommand } from '../accounts/signup.types';
import { ApprovalStatus, SignUpStatus, SignupChannel } from '../accounts/user.entity';
import { EnvironmentVariables } from '../config/env.validation';
import { MillinerSignupRequest } from './milliner.dto';

/** The HAT username rule: a DNS label of the HAT's address (milliner.md). */
export const MILLINER_USERNAME_PATTERN = /^[a-z][a-z0-9]{3,21}$/;

/** Translates Milliner signups into the Accounts module's signup command (milliner.md). */
@Injectable()
export class MillinerService {
  private readonly reserved: readonly string[];
  private readonly minScore: number;

  constructor(
    private readonly signups: SignupService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.reserved = config.get('MILLINER_RESERVED_USERNAMES', { infer: true });
    this.minScore = config.get('MILLINER_MIN_PASSWORD_SCORE', { infer: true });
  }

  /**
   * Signs a user up: username rule and reserved names, a required email of at most 254
   * characters, `passRepeat` equal to `pass`, the password baseline plus the zxcvbn score;
   * duplicates are revealed. The user is final and approved at once.
   * @throws AccountsException (see SignupService)
   */
  async signup(request: MillinerSignupRequest): Promise<SignupCreated> {
    const command: SignupCommand = {
      channel: SignupChannel.Milliner,
      username: request.username,
      email: request.email,
      password: request.pass,
      passwordConfirmation: request.passRepeat,
      fullName: request.fullName,
      signUpStatus: SignUpStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      rules: {
        username: { maxLength: 22, pattern: MILLINER_USERNAME_PATTERN, reserved: this.reserved },
        email: { required: true, maxLength: 254 },
        password: { minLength: 8, maxLength: 256, minScore: this.minScore },
      },
      duplicates: { revealUsername: true, revealEmail: true },
    };
    return (await this.signups.signup(command)) as SignupCreated;
  }
}
