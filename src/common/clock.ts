import { Injectable } from '@nestjs/common';

/** The time source of the service, so tests can move time without sleeping. */
@Injectable()
export class Clock {
  /** The current time. */
  now(): Date {
    return new Date();
  }
}
