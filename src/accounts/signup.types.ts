import { ApprovalStatus, SignupStatus, SignupChannel, UserView } from './user.entity';

/** A dialect's username rules, checked in this order by SignupService. */
export interface UsernameRules {
  /** Longest username in code points (after NFKC). */
  maxLength: number;
  /** Whole-name pattern the NFKC username must match, if any (Milliner's DNS label). */
  pattern?: RegExp;
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

/** A dialect's password rules on top of the baseline of docs/accounts.md (8 to 256, not common). */
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

/** Which duplicates a dialect reveals; a hidden one answers like a success (docs/sso.md). */
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
  signupStatus: SignupStatus;
  approvalStatus: ApprovalStatus;
  rules: {
    username: UsernameRules;
    email: EmailRules;
    password: PasswordRules;
    /** Check the password before the email (Zato's order, docs/sso.md); else email first. */
    passwordBeforeEmail?: boolean;
  };
  duplicates: DuplicatePolicy;
  /** Issue a confirm token valid for this many seconds (0: never expires). */
  confirmTokenTtlSeconds?: number;
  /** Endpoint names that receive this signup's `user.created` whatever their filters (sso.conf `callback_service_list`). */
  notifyEndpoints?: readonly string[];
  /** Fires when the client went away: a signup still waiting for bcrypt is dropped. */
  signal?: AbortSignal;
  /** Issue an access token for this client, valid for `ttlSeconds` (0: never expires). */
  accessToken?: { clientId: string; ttlSeconds: number };
}

/** The clear tokens of a signup, returned once (docs/accounts.md, "Tokens"); null when not issued. */
export interface SignupTokens {
  confirmToken: string | null;
  accessToken: string | null;
}

/** A committed signup: the user and its clear tokens. */
export interface SignupCreated extends SignupTokens {
  kind: 'created';
  user: UserView;
}

/**
 * A duplicate the dialect hides: nothing was written, the tokens are fresh random and
 * confirm nothing (docs/sso.md, `inform_if_user_exists = False`).
 */
export interface SignupHiddenDuplicate extends SignupTokens {
  kind: 'hidden-duplicate';
}

/** What a signup gives back: a created user, or a duplicate the dialect hides. */
export type SignupOutcome = SignupCreated | SignupHiddenDuplicate;

/**
 * Narrows an outcome to a created user, for dialects whose policy reveals every duplicate
 * (they never get a hidden one).
 * @throws Error when the outcome is a hidden duplicate: a bug in the caller's policy
 */
export function assertCreated(outcome: SignupOutcome): asserts outcome is SignupCreated {
  if (outcome.kind !== 'created')
    throw new Error('Expected a created user, got a hidden duplicate');
}
