import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { AccessTokensService } from './access-tokens.service';
import { ConfirmationService } from './confirmation.service';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordStrength } from './passwords/password-strength';
import { SignupService } from './signup.service';
import { AccessToken, ConfirmToken } from './token.entities';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Owns the user record and its tokens; the only module that touches users (accounts.md). */
@Module({
  imports: [TypeOrmModule.forFeature([User, ConfirmToken, AccessToken]), EventsModule],
  providers: [
    SignupService,
    ConfirmationService,
    AccessTokensService,
    UsersService,
    PasswordHasher,
    PasswordStrength,
  ],
  exports: [SignupService, ConfirmationService, AccessTokensService, UsersService],
})
export class AccountsModule {}
