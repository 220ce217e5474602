import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { EventType } from '../events/events.entities';
import { OutboxService } from '../events/outbox.service';
import { AccountsErrorCode as Code, AccountsException } from './accounts.errors';
import { canonicalUsername } from './identifiers';
import { AccessToken } from './token.entities';
import { toTransferLine, UserTransferLine } from './user-transfer';
import { ApprovalStatus, toUserView, User, UserView } from './user.entity';

/** Operator access to users: listing, showing, the approval decision (docs/sso.md, "Approval") and revoking tokens. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Users in creation order, optionally only those with one approval status.
   * @param limit at most this many (default 100)
   */
  async list(
    filter: { approvalStatus?: ApprovalStatus; limit?: number } = {},
  ): Promise<UserView[]> {
    const users = await this.users.find({
      where: filter.approvalStatus ? { approvalStatus: filter.approvalStatus } : {},
      order: { id: 'ASC' },
      take: filter.limit ?? 100,
    });
    return users.map(toUserView);
  }

  /**
   * The user with this username, matched on the canonical form (any case or width).
   * @throws AccountsException UserNotFound
   */
  async show(username: string): Promise<UserView> {
    return toUserView(await this.find(username));
  }

  /**
   * Records an operator's decision and its `user.approved` / `user.rejected` event (docs/events.md)
   * in one transaction; confirmation is independent of it (docs/sso.md).
   * @returns the user after the change
   * @throws AccountsException UserNotFound
   */
  async decide(
    username: string,
    decision: ApprovalStatus.Approved | ApprovalStatus.Rejected,
  ): Promise<UserView> {
    const user = await this.find(username);
    user.approvalStatus = decision;
    user.updatedAt = this.clock.now();
    const view = toUserView(user);
    const type =
      decision === ApprovalStatus.Approved ? EventType.UserApproved : EventType.UserRejected;
    await this.transactions.run(async (manager) => {
      await manager.update(
        User,
        { id: user.id },
        { approvalStatus: decision, updatedAt: user.updatedAt },
      );
      await this.outbox.record(manager, type, view);
    });
    return view;
  }

  /**
   * Revokes every access token of a user, through every client: they stop working at once.
   * @returns how many tokens were revoked
   * @throws AccountsException UserNotFound
   */
  async revokeTokens(username: string): Promise<number> {
    const user = await this.find(username);
    const result = await this.transactions.run((manager) =>
      manager.delete(AccessToken, { userId: user.id }),
    );
    return result.affected ?? 0;
  }

  /**
   * Every user, in creation order, as transfer lines with their password hashes (`users
   * export`, docs/accounts.md, "Moving users"), read `batchSize` at a time by id, so that a
   * store of millions is never held in memory.
   */
  async *exportBatches(batchSize = 1000): AsyncGenerator<UserTransferLine[]> {
    let after = 0;
    for (;;) {
      const users = await this.users.find({
        where: { id: MoreThan(after) },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (users.length === 0) return;
      yield users.map(toTransferLine);
      after = users[users.length - 1].id;
    }
  }

  private async find(username: string): Promise<User> {
    const user = await this.users.findOneBy({ usernameCanonical: canonicalUsername(username) });
    if (!user)
      throw new AccountsException(Code.UserNotFound, `No user named ${JSON.stringify(username)}`);
    return user;
  }
}
