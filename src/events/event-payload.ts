import type { UserView } from '../accounts/user.entity';

/** The user object of events and hook calls: never a password, hash or token (events.md). */
export interface EventUser {
  id: number | null;
  username: string;
  email: string | null;
  signup_channel: string;
  client_id: string | null;
  current_app: string | null;
  app_list: string[] | null;
  sign_up_status: string;
  approval_status: string;
  created_at: string | null;
  updated_at: string | null;
  confirmed_at: string | null;
}

/** Lists, field by field, what an event says about a user. */
export function toEventUser(user: UserView): EventUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    signup_channel: user.signupChannel,
    client_id: user.clientId,
    current_app: user.currentApp,
    app_list: user.appList,
    sign_up_status: user.signUpStatus,
    approval_status: user.approvalStatus,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    confirmed_at: user.confirmedAt?.toISOString() ?? null,
  };
}
