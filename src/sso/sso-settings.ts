/**
 * The `sso.conf` keys this service uses, typed (sso.md, "sso.conf"), as provided under
 * {@link SSO_SETTINGS} from the file (sso-settings.provider.ts); tests override the provider.
 */
export interface SsoSettings {
  apps: {
    all: string[];
    /** Empty: every app of `all` may sign up. */
    signupAllowed: string[];
    httpHeader: string;
    informIfAppInvalid: boolean;
  };
  signup: {
    informIfUserExists: boolean;
    informIfUserInvalid: boolean;
    informIfEmailExists: boolean;
    informIfEmailInvalid: boolean;
    isEmailRequired: boolean;
    maxLengthUsername: number;
    maxLengthEmail: number;
    isApprovalNeeded: boolean;
    /** Seconds; 0 means confirm tokens never expire. */
    confirmTokenTtl: number;
    callbackServiceList: string[];
  };
  password: {
    minLength: number;
    maxLength: number;
    minComplexity: number;
    informIfInvalid: boolean;
    rejectList: string[];
  };
  userValidation: {
    rejectUsername: string[];
    rejectEmail: string[];
  };
}

/** Injection token of the SSO settings. */
export const SSO_SETTINGS = Symbol('SSO_SETTINGS');

/** The shipped defaults of sso.md (which differ from Zato's template where it says why). */
export function defaultSsoSettings(): SsoSettings {
  return {
    apps: {
      all: ['CRM'],
      signupAllowed: [],
      httpHeader: 'X-Zato-SSO-Current-App',
      informIfAppInvalid: true,
    },
    signup: {
      informIfUserExists: false,
      informIfUserInvalid: true,
      informIfEmailExists: false,
      informIfEmailInvalid: true,
      isEmailRequired: false,
      maxLengthUsername: 128,
      maxLengthEmail: 128,
      isApprovalNeeded: true,
      confirmTokenTtl: 86400,
      callbackServiceList: [],
    },
    password: {
      minLength: 8,
      maxLength: 256,
      minComplexity: 0,
      informIfInvalid: true,
      rejectList: [
        '111111',
        '123123',
        '123321',
        '123456',
        '123qwe',
        '1q2w3e',
        '1q2w3e4r',
        '1q2w3e4r5t',
        '222222',
        '333333',
        '444444',
        '555555',
        '654321',
        '666666',
        '777777',
        '888888',
        '999999',
        '987654321',
        'google',
        'letmein',
        'mynoob',
        'password',
        'qwerty',
        'zxcvbnm',
      ],
    },
    userValidation: {
      rejectUsername: ['zato', 'admin', 'root', 'system', 'sso'],
      rejectEmail: ['zato', 'admin', 'root', 'system', 'sso'],
    },
  };
}
