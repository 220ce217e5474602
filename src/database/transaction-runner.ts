import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs write transactions. On SQLite, TypeORM shares one connection, so two concurrent
 * `transaction()` calls would nest as savepoints and mix requests (docs/accounts.md,
 * "Implementation notes"): there they run one after another, and every write of the HTTP
 * service goes through here, since a write outside would join whichever transaction is open
 * on that connection. With better-sqlite3 each takes microseconds. On PostgreSQL each
 * transaction gets its own pooled connection.
 */
@Injectable()
export class TransactionRunner {
  private readonly serialise: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * @returns what `work` returns; rethrows what it throws.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
