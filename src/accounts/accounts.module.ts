import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { AccessTokensService } from './access-tokens.service';
import { SigninIpLimit, SignupIpLimit } from './attempt-limit.guard';
import { AttemptLimits } from './attempt-limits';
import { ConfirmationService } from './confirmation.service';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordStrength } from './passwords/password-strength';
import { SignupService } from './signup.service';
import { AccessToken, ConfirmToken } from './token.entities';
import { UserImportService } from './user-import.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Owns the user record and its tokens; the only module that touches users (docs/accounts.md). */
@Module({
  imports: [TypeOrmModule.forFeature([User, ConfirmToken, AccessToken]), EventsModule],
  providers: [
    SignupService,
    UsersRepository,
    AttemptLimits,
    SignupIpLimit,
    SigninIpLimit,
    ConfirmationService,
    AccessTokensService,
    UsersService,
    UserImportService,
    PasswordHasher,
    PasswordStrength,
  ],
  exports: [
    SignupService,
    ConfirmationService,
    AccessTokensService,
    UsersService,
    UserImportService,
    AttemptLimits,
    SignupIpLimit,
    SigninIpLimit,
  ],
})
export class AccountsModule {}
