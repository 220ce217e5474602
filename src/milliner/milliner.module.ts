import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MillinerController } from './milliner.controller';
import { MillinerService } from './milliner.service';

/** The Milliner dialect: `POST /api/signup` (docs/milliner.md). */
@Module({
  imports: [AccountsModule],
  controllers: [MillinerController],
  providers: [MillinerService],
})
export class MillinerModule {}
