import { UserView } from '../accounts/user.entity';
import { ClientAppUser } from './client-app.dto';

/**
 * The ClientApp user object, field by field in the seed's order, without the seed's
 * `password`, `reset_pwd_token` and `mailchimp_token` (client-app.md). Timestamps are ISO 8601
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
