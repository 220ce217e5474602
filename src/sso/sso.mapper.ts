import { SignupOutcome } from '../accounts/signup.types';
import { UserView } from '../accounts/user.entity';
import { newCid } from './sso-envelope';
import { SsoConfirmResponse, SsoSignupResponse } from './sso.dto';

/**
 * A signup as `{cid, status: "ok", confirm_token}`: a hidden duplicate looks exactly like a
 * success (docs/sso.md).
 * @throws Error when the outcome carries no confirm token (SSO signups always get one: a bug)
 */
export function toSsoSignupResponse(outcome: SignupOutcome): SsoSignupResponse {
  if (outcome.confirmToken === null) throw new Error('An SSO signup without a confirm token');
  return { cid: newCid(), status: 'ok', confirm_token: outcome.confirmToken };
}

/** A confirmation as `{cid, status: "ok"}` (docs/sso.md, "Confirmation"). */
export function toSsoConfirmResponse(_confirmed: UserView): SsoConfirmResponse {
  return { cid: newCid(), status: 'ok' };
}
