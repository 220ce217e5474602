import { Inject, Injectable } from '@nestjs/common';
import { ConfirmationService } from '../accounts/confirmation.service';
import { SignupService } from '../accounts/signup.service';
import { SignupOutcome } from '../accounts/signup.types';
import { ApprovalStatus, SignupStatus, SignupChannel, UserView } from '../accounts/user.entity';
import { SsoConfirmRequest, SsoSignupRequest } from './sso.dto';
import { SsoRequestException, SsoStatusCode } from './sso.errors';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';

/** Translates Zato SSO signups into the Accounts module's signup command (docs/sso.md). */
@Injectable()
export class SsoService {
  constructor(
    private readonly signups: SignupService,
    private readonly confirmations: ConfirmationService,
    @Inject(SSO_SETTINGS) private readonly settings: SsoSettings,
  ) {}

  /** Name of the header that may carry `current_app` (`[apps] http_header`). */
  get currentAppHeader(): string {
    return this.settings.apps.httpHeader;
  }

  /**
   * Runs the checks of docs/sso.md's signup table in order: the `[apps]` rows here, the user,
   * email and password rows and the duplicates in SignupService.
   * @param headerApp `current_app` from the `[apps] http_header` header, used when the body has none
   * @param client a signal that fires when the client went away
   * @throws SsoRequestException for rows 1 to 3; AccountsException for rows 4 to 17
   */
  signup(
    request: SsoSignupRequest,
    headerApp?: string,
    client: { signal?: AbortSignal } = {},
  ): Promise<SignupOutcome> {
    const { apps, signup, password, userValidation } = this.settings;
    const currentApp = request.current_app || headerApp || '';
    if (!apps.all.includes(currentApp)) throw new SsoRequestException(SsoStatusCode.AppInvalid);
    if (apps.signupAllowed.length > 0 && !apps.signupAllowed.includes(currentApp)) {
      throw new SsoRequestException(SsoStatusCode.AppSignupNotAllowed);
    }
    if (request.app_list.some((app) => !apps.all.includes(app))) {
      throw new SsoRequestException(SsoStatusCode.AppInvalid);
    }
    return this.signups.signup({
      channel: SignupChannel.Sso,
      username: request.username,
      email: request.email || null,
      password: request.password,
      currentApp,
      appList: request.app_list,
      signupStatus: SignupStatus.BeforeConfirmation,
      approvalStatus: signup.isApprovalNeeded
        ? ApprovalStatus.BeforeDecision
        : ApprovalStatus.Approved,
      rules: {
        username: {
          maxLength: signup.maxLengthUsername,
          rejectSubstrings: userValidation.rejectUsername,
        },
        email: {
          // With [main] encrypt_email = True, Zato neither requires nor checks a missing email.
          required: signup.isEmailRequired && !this.settings.main.encryptEmail,
          maxLength: signup.maxLengthEmail,
          rejectSubstrings: userValidation.rejectEmail,
        },
        password: {
          minLength: password.minLength,
          maxLength: password.maxLength,
          rejectSubstrings: password.rejectList,
          minScore: password.minComplexity,
        },
        // Zato's Validate service checks the password before the email (docs/sso.md).
        passwordBeforeEmail: true,
      },
      duplicates: {
        revealUsername: signup.informIfUserExists,
        revealEmail: signup.informIfEmailExists,
      },
      confirmTokenTtlSeconds: signup.confirmTokenTtl,
      notifyEndpoints: signup.callbackServiceList,
      ...client,
    });
  }

  /**
   * Confirms a signup: `current_app` must be an app of `[apps] all` (docs/sso.md), then the token
   * is used atomically.
   * @throws SsoRequestException E004001; AccountsException ConfirmTokenUsed / ConfirmTokenInvalid
   */
  confirm(request: SsoConfirmRequest, headerApp?: string): Promise<UserView> {
    const currentApp = request.current_app || headerApp || '';
    if (!this.settings.apps.all.includes(currentApp))
      throw new SsoRequestException(SsoStatusCode.AppInvalid);
    return this.confirmations.confirm(request.confirm_token);
  }
}
