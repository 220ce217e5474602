import { AccessToken, ConfirmToken } from '../accounts/token.entities';
import { User } from '../accounts/user.entity';
import { ClientApp } from '../client-app/client-app.entity';
import { OutboxEvent, WebhookDelivery, WebhookEndpoint } from '../events/events.entities';

/** Every TypeORM entity of the app, for the one data source (app and CLI alike). */
export const ENTITIES = [
  User,
  ConfirmToken,
  AccessToken,
  ClientApp,
  WebhookEndpoint,
  OutboxEvent,
  WebhookDelivery,
];
