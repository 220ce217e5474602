import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConfirmationService } from './confirmation.service';
import { UsersService } from './users.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordStrength } from './passwords/password-strength';
import { SignupService } from './signup.service';
import { AccessToken, ConfirmToken } from './token.entities';
import { User } from './user.entity';

/** Owns the user record and its tokens; the only module that touches users (accounts.md). */
@Module({
  imports: [TypeOrmModule.forFeature([User, ConfirmToken, AccessToken])],
  providers: [
    SignupService,
    ConfirmationService,
    UsersService,
    PasswordHasher,
    PasswordStrength,
    Clock,
  ],
  exports: [SignupService, ConfirmationService, UsersService, Clock],
})
export class AccountsModule {}
