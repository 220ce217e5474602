import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxEvent, WebhookDelivery, WebhookEndpoint } from './events.entities';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The webhook dispatcher, polling with @nestjs/schedule; part of the HTTP service only. */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    TypeOrmModule.forFeature([WebhookEndpoint, OutboxEvent, WebhookDelivery]),
  ],
  providers: [WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class DispatcherModule {}
