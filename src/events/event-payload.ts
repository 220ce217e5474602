/**
 * What events and hook calls need to know of a user: the Accounts module's user view, or for
 * a user about to be created, the same with `id` and timestamps still null. Declared here
 * (structurally) so that events never import the Accounts module.
 */
export interface EventUserSource {
  id: number | null;
  username: string;
  email: string | null;
  signupChannel: string;
  clientId: string | null;
  currentApp: string | null;
  appList: string[] | null;
  signupStatus: string;
  approvalStatus: string;
  createdAt: Date | null;
  updatedAt: Date | null;
  confirmedAt: Date | null;
}

/** The user object of events and hook calls: never a password, hash or token (docs/events.md). */
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

/**
 * The one builder of the user payload of events and of validation-hook calls: lists, field by
 * field, what they say about a user (timestamps as ISO 8601 UTC).
 */
export function toEventUser(user: EventUserSource): EventUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    signup_channel: user.signupChannel,
    client_id: user.clientId,
    current_app: user.currentApp,
    app_list: user.appList,
    sign_up_status: user.signupStatus,
    approval_status: user.approvalStatus,
    created_at: user.createdAt?.toISOString() ?? null,
    updated_at: user.updatedAt?.toISOString() ?? null,
    confirmed_at: user.confirmedAt?.toISOString() ?? null,
  };
}
