import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEvent, WebhookDelivery, WebhookEndpoint } from './events.entities';
import { OutboxService } from './outbox.service';
import { SignupHookService } from './signup-hook.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/**
 * Signup events (docs/events.md): the outbox written inside the Accounts module's transactions,
 * the validation hook, and endpoint management. The dispatcher is in DispatcherModule, which
 * only the HTTP service runs.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpoint, OutboxEvent, WebhookDelivery])],
  providers: [OutboxService, SignupHookService, WebhookEndpointsService],
  exports: [OutboxService, SignupHookService, WebhookEndpointsService],
})
export class EventsModule {}
