import { ApprovalStatus, SignUpStatus, SignupChannel, UserView } from './user.entity';

/** A dialect's username rules, checked in this order by SignupService. */
export interface UsernameRules {
  /** Longest username in code points (after NFKC). */
  maxLength: number;
  /** Whole-name pattern the NFKC username must match, if any (Milliner's DNS label). */
  pattern?: RegExp;
  /** Names refused outright, compared on the canonical form. */
  reserved?: readonly string[];
  /** Refused when contained anywhere, case-insensitively (sso.conf `reject_username`). */
  rejectSubstrings?: readonly string[];
}

/** A dialect's email rules. */
export interface EmailRules {
  required: boolean;
  /** Longest email in code points (at most 254, RFC 5321's path limit). */
  maxLength: number;
  /** Refused when contained anywhere, case-insensitively (sso.conf `reject_email`). */
  rejectSubstrings?: readonly string[];
}

/** A dialect's password rules on top of the baseline of accounts.md (8 to 256, not common). */
export interface PasswordRules {
  /** At least 8 (the baseline wins over any lower value). */
  minLength: number;
  /** At most 256 (the baseline wins over any higher value). */
  maxLength: number;
  /** Refused when contained anywhere, case-insensitively (sso.conf `[password] reject_list`). */
  rejectSubstrings?: readonly string[];
  /** Minimum zxcvbn score 0 to 4; 0 skips the estimate. */
  minScore: number;
}

/** Which duplicates a dialect reveals; a hidden one answers like a success (sso.md). */
export interface DuplicatePolicy {
  revealUsername: boolean;
  revealEmail: boolean;
}

/** One signup, as every dialect translates its wire request into it. */
export interface SignupCommand {
  channel: SignupChannel;
  /** As received; SignupService normalises it. */
  username: string;
  email?: string | null;
  password: string;
  /** When given, must equal `password` exactly (Milliner's `passRepeat`). */
  passwordConfirmation?: string;
  fullName?: string | null;
  clientId?: string | null;
  currentApp?: string | null;
  appList?: string[] | null;
  signUpStatus: SignUpStatus;
  approvalStatus: ApprovalStatus;
  rules: { username: UsernameRules; email: EmailRules; password: PasswordRules };
  duplicates: DuplicatePolicy;
  /** Issue a confirm token valid for this many seconds (0: never expires). */
  confirmTokenTtlSeconds?: number;
  /** Endpoint names that receive this signup's `user.created` whatever their filters (sso.conf `callback_service_list`). */
  notifyEndpoints?: readonly string[];
  /** Issue an access token for this client, valid for `ttlSeconds` (0: never expires). */
  accessToken?: { clientId: string; ttlSeconds: number };
}

/** A committed signup: the user and the clear tokens, returned once (accounts.md). */
export interface SignupCreated {
  kind: 'created';
  user: UserView;
  confirmToken?: string;
  accessToken?: string;
}

/**
 * A duplicate the dialect hides: nothing was written, the confirm token is fresh random and
 * confirms nothing (sso.md, `inform_if_user_exists = False`).
 */
export interface SignupHiddenDuplicate {
  kind: 'hidden-duplicate';
  confirmToken?: string;
  accessToken?: string;
}

export type SignupOutcome = SignupCreated | SignupHiddenDuplicate;
