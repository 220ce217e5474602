import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { RetentionService } from './retention.service';
import { AccessToken, ConfirmToken } from './token.entities';
import { User } from './user.entity';

/** The retention job, scheduled with @nestjs/schedule; part of the HTTP service only. */
@Module({
  // SchedulerRegistry comes from ScheduleModule.forRoot() (global, in DispatcherModule).
  imports: [TypeOrmModule.forFeature([User, ConfirmToken, AccessToken]), EventsModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
