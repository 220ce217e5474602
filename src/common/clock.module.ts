import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** The one {@link Clock} of the app, global so tests override a single provider. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
