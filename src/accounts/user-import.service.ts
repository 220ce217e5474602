import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { StoreRules } from './signup.rules';
import { ImportedUser, ImportLineRefused, parseImportLine } from './user-import.rules';
import { UsersRepository } from './users.repository';

/** A refused line of an import: its number (from 1) and why. */
export interface ImportRefusal {
  line: number;
  reason: string;
}

/** Where an import stands: lines read so far and what became of them. */
export interface ImportProgress {
  lines: number;
  imported: number;
  duplicates: number;
  refused: number;
}

/** The end of an import. */
export interface ImportSummary extends ImportProgress {
  /** Refusals counted by reason, in the order first seen. */
  reasons: Map<string, number>;
  /** With `allOrNothing`: a line was refused, so nothing was written. */
  rolledBack: boolean;
}

/** How {@link UserImportService.import} runs. */
export interface ImportOptions {
  /** Stop at the first refused line and write nothing at all (one transaction). */
  allOrNothing?: boolean;
  /** Lines per transaction (default 500). */
  batchSize?: number;
  /** Called for every refused line, as it is found. */
  onRefused?: (refusal: ImportRefusal) => void;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Thrown inside the all-or-nothing transaction to roll it back. */
class ImportStopped extends Error {}

interface Candidate {
  line: number;
  user: ImportedUser;
}

/**
 * `users import` (docs/accounts.md, "Moving users"): reads JSON Lines one at a time and
 * writes the users that pass every identifier rule, a batch per transaction, each with its
 * `user.imported` event (docs/events.md). A line whose canonical username is already in the
 * store, or earlier in the file, is skipped as a duplicate (so an import can be run again);
 * one whose username looks like another user's (UTS 39 skeleton) or whose email is taken is
 * refused, as any other bad line, and writes nothing. A batch that loses a race with a
 * concurrent signup is redone line by line. Memory stays flat: one batch at a time.
 */
@Injectable()
export class UserImportService {
  private readonly store: StoreRules;

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.store = {
      reserved: config.get('RESERVED_USERNAMES'),
      confusables: config.get('CONFUSABLE_USERNAMES'),
    };
  }

  /**
   * Imports users from lines of JSON (blank lines are skipped, a byte order mark on the first
   * is ignored).
   * @param lines the file's lines, without line breaks, in order
   * @returns the counts; refused lines are also reported through `onRefused` as found
   * @throws Error from the database (what committed before stays; an all-or-nothing import
   *   leaves nothing)
   */
  async import(lines: AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportSummary> {
    const summary: ImportSummary = {
      lines: 0,
      imported: 0,
      duplicates: 0,
      refused: 0,
      reasons: new Map(),
      rolledBack: false,
    };
    const refuse = (line: number, reason: string) => {
      summary.refused += 1;
      summary.reasons.set(reason, (summary.reasons.get(reason) ?? 0) + 1);
      options.onRefused?.({ line, reason });
      if (options.allOrNothing) throw new ImportStopped();
    };
    const batchSize = options.batchSize ?? 500;
    const run = async (manager: EntityManager | null) => {
      let batch: Candidate[] = [];
      const flush = async () => {
        await this.writeBatch(batch, manager, summary, refuse);
        batch = [];
        options.onProgress?.({ ...summary });
      };
      for await (const raw of lines) {
        summary.lines += 1;
        const text = summary.lines === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (text.trim() === '') continue;
        try {
          batch.push({ line: summary.lines, user: parseImportLine(text, this.store) });
        } catch (error) {
          if (!(error instanceof ImportLineRefused)) throw error;
          refuse(summary.lines, error.message);
        }
        if (batch.length >= batchSize) await flush();
      }
      await flush();
    };
    if (!options.allOrNothing) {
      await run(null);
      return summary;
    }
    try {
      await this.transactions.run((manager) => run(manager));
    } catch (error) {
      if (!(error instanceof ImportStopped)) throw error;
      summary.rolledBack = true;
      summary.imported = 0;
    }
    return summary;
  }

  /**
   * Writes one batch: duplicates and conflicts sorted out against the store and the batch
   * itself, the rest inserted. Without an outer transaction (`manager` null) the batch is its
   * own; if a concurrent signup takes an identifier meanwhile, each line is redone alone.
   */
  private async writeBatch(
    batch: readonly Candidate[],
    manager: EntityManager | null,
    summary: ImportSummary,
    refuse: (line: number, reason: string) => void,
  ): Promise<void> {
    if (batch.length === 0) return;
    if (manager) {
      summary.imported += await this.writeIn(manager, batch, summary, refuse);
      return;
    }
    try {
      // Counted only once the transaction committed.
      const counts = { ...summary, reasons: new Map(summary.reasons) };
      const refusals: ImportRefusal[] = [];
      const imported = await this.transactions.run((tx) =>
        this.writeIn(tx, batch, counts, (line, reason) => refusals.push({ line, reason })),
      );
      summary.duplicates = counts.duplicates;
      summary.imported += imported;
      refusals.forEach(({ line, reason }) => refuse(line, reason));
    } catch (error) {
      const taken = this.users.takenBy(error);
      if (taken === null) throw error;
      if (batch.length > 1) {
        for (const candidate of batch) await this.writeBatch([candidate], null, summary, refuse);
        return;
      }
      // This one line lost a race with a signup: the store now holds the identifier.
      if (taken === 'username') summary.duplicates += 1;
      else refuse(batch[0].line, 'Email address is taken');
    }
  }

  /** Sorts a batch out and inserts what is left; returns how many users were written. */
  private async writeIn(
    manager: EntityManager,
    batch: readonly Candidate[],
    summary: ImportSummary,
    refuse: (line: number, reason: string) => void,
  ): Promise<number> {
    const taken = await this.users.takenIdentifiers(
      manager,
      batch.map((candidate) => candidate.user),
    );
    const usernames = new Set<string>();
    const skeletons = new Set<string>();
    const emails = new Set<string>();
    const accepted: ImportedUser[] = [];
    for (const { line, user } of batch) {
      if (taken.usernames.has(user.usernameCanonical) || usernames.has(user.usernameCanonical)) {
        summary.duplicates += 1;
        continue;
      }
      const skeleton = user.usernameSkeleton;
      if (skeleton !== null && (taken.skeletons.has(skeleton) || skeletons.has(skeleton))) {
        refuse(line, 'Username looks like the username of another user');
        continue;
      }
      const email = user.emailCanonical;
      if (email !== null && (taken.emails.has(email) || emails.has(email))) {
        refuse(line, 'Email address is taken');
        continue;
      }
      usernames.add(user.usernameCanonical);
      if (skeleton !== null) skeletons.add(skeleton);
      if (email !== null) emails.add(email);
      accepted.push(user);
    }
    await this.users.insertImported(manager, accepted, this.clock.now());
    return accepted.length;
  }
}
