import { SignupCreated } from '../accounts/signup.types';
import type { TokenGrant } from './client-app.service';
import { UserView } from '../accounts/user.entity';
import {
  ClientAppMeResponse,
  ClientAppSignInResponse,
  ClientAppSignupResponse,
  ClientAppUser,
} from './client-app.dto';

/**
 * The ClientApp user object, field by field in the seed's order, without the seed's
 * `password`, `reset_pwd_token` and `mailchimp_token` (docs/client-app.md). Timestamps are ISO 8601
 * UTC with milliseconds; `name` is the full name (null for users of this dialect).
 */
export function toClientAppUser(user: UserView): ClientAppUser {
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    name: user.fullName,
    username: user.username,
    email: user.email,
    picture: null,
    facebook_uid: null,
    facebook_first_name: null,
    facebook_last_name: null,
    facebook_username: null,
    facebook_picture: null,
    facebook_gender: null,
    facebook_birthday: null,
    twitter_uid: null,
    twitter_name: null,
    twitter_username: null,
    twitter_picture: null,
    foursquare_uid: null,
    foursquare_first_name: null,
    foursquare_last_name: null,
    foursquare_picture: null,
    password_reset_sent_at: null,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    role: null,
    client_id: user.clientId,
  };
}

/**
 * `POST /sign-up`'s 200 body: the user and its access token.
 * @throws Error when the signup issued no access token (ClientApp signups always get one: a bug)
 */
export function toClientAppSignupResponse(created: SignupCreated): ClientAppSignupResponse {
  if (created.accessToken === null) throw new Error('A ClientApp signup without an access token');
  return { user: toClientAppUser(created.user), access_token: created.accessToken };
}

/** `POST /oauth/authorize`'s 200 body: the RFC 6749 5.1 token response. */
export function toClientAppSignInResponse(grant: TokenGrant): ClientAppSignInResponse {
  return {
    access_token: grant.accessToken,
    token_type: 'Bearer',
    ...(grant.expiresIn !== undefined ? { expires_in: grant.expiresIn } : {}),
  };
}

/** `GET /users/me`'s 200 body. */
export function toClientAppMeResponse(user: UserView): ClientAppMeResponse {
  return { user: toClientAppUser(user) };
}
