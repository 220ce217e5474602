import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { EventType } from '../events/events.entities';
import { OutboxService } from '../events/outbox.service';
import { AccountsErrorCode as Code, AccountsException } from './accounts.errors';
import { ConfirmToken } from './token.entities';
import { hashToken } from './tokens';
import { SignupStatus, toUserView, User, UserView } from './user.entity';

/**
 * Uses SSO confirm tokens (docs/sso.md, "Confirmation"). A token is looked up by its SHA-256 only,
 * and consumed by one conditional UPDATE (unused and unexpired), so of two concurrent
 * confirmations exactly one changes a row and wins.
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Marks the token used and its user `final` with `confirmedAt`, and records `user.confirmed`,
   * in one transaction.
   * @param token the clear confirm token as the caller sent it
   * @returns the confirmed user
   * @throws AccountsException ConfirmTokenUsed when it was used before (checked first, as
   *   docs/sso.md orders), ConfirmTokenInvalid when unknown or expired
   */
  confirm(token: string): Promise<UserView> {
    const tokenHash = hashToken(token);
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const claimed = await manager.update(
        ConfirmToken,
        [
          { tokenHash, usedAt: IsNull(), expiresAt: IsNull() },
          { tokenHash, usedAt: IsNull(), expiresAt: MoreThan(now) },
        ],
        { usedAt: now },
      );
      if (!claimed.affected) {
        const existing = await manager.findOneBy(ConfirmToken, { tokenHash });
        if (existing?.usedAt) throw new AccountsException(Code.ConfirmTokenUsed);
        throw new AccountsException(Code.ConfirmTokenInvalid);
      }
      const { userId } = await manager.findOneByOrFail(ConfirmToken, { tokenHash });
      await manager.update(
        User,
        { id: userId },
        { signupStatus: SignupStatus.Final, confirmedAt: now, updatedAt: now },
      );
      const user = toUserView(await manager.findOneByOrFail(User, { id: userId }));
      await this.outbox.record(manager, EventType.UserConfirmed, user);
      return user;
    });
  }
}
