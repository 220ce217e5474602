/** Who waits for bcrypt: signups and sign-ins each keep at least half the capacity. */
export type HashLane = 'signup' | 'signin';

/** Thrown by {@link HashScheduler.admit} when the predicted wait is too long. */
export class HashQueueFull extends Error {
  constructor(readonly predictedWaitMs: number) {
    super(`Predicted wait ${Math.round(predictedWaitMs)} ms`);
  }
}

/** Thrown by {@link HashTicket.run} when the request's client went away before its turn. */
export class HashRequestAborted extends Error {}

interface Waiter {
  start: () => void;
  abort: () => void;
}

const OTHER: Record<HashLane, HashLane> = { signup: 'signin', signin: 'signup' };

/**
 * Admission control and scheduling of bcrypt work (docs/accounts.md, "Admission control").
 * A request is admitted first, before any expensive work, while its predicted wait (requests
 * ahead ÷ concurrency × recent mean hash time) stays under `maxWaitMs`; it then holds a
 * {@link HashTicket} until it hashes or gives the ticket back. Held tickets count as ahead of
 * later arrivals in the proportion of admitted requests that recently went on to hash, so a
 * flood refused by the rules (weak passwords, duplicates) does not crowd out real signups. At most `concurrency` hashes run at once; when both lanes wait, slots alternate
 * between them, so a sign-in flood cannot starve signups, nor the reverse. A waiter whose
 * client went away (its AbortSignal fired) leaves the queue without hashing.
 */
export class HashScheduler {
  private active = 0;
  private readonly holding: Record<HashLane, number> = { signup: 0, signin: 0 };
  private readonly waiting: Record<HashLane, Waiter[]> = { signup: [], signin: [] };
  private lastLane: HashLane = 'signin';
  private mean: number;
  /**
   * Of admitted requests, the recent share that went on to hash (the rest were refused by a
   * rule first): a held ticket counts as that much of a request ahead.
   */
  private hashShare = 1;

  /**
   * @param concurrency hashes at once
   * @param maxWaitMs longest predicted wait admitted
   * @param initialMeanMs the mean hash time until one is measured (the start-up hash's)
   */
  constructor(
    private readonly concurrency: number,
    private readonly maxWaitMs: number,
    initialMeanMs: number,
  ) {
    this.mean = initialMeanMs;
  }

  /** Recent mean time of one hash in milliseconds (exponentially weighted). */
  get meanHashMs(): number {
    return this.mean;
  }

  /**
   * The wait a new request of `lane` would have: the requests that will hash before it (its
   * own lane's, and as many of the other lane's as alternation lets through first, held
   * tickets included), beyond the free slots, ÷ concurrency × mean hash time.
   */
  predictedWaitMs(lane: HashLane): number {
    const own = this.hashShare * this.holding[lane] + this.waiting[lane].length;
    const other = this.hashShare * this.holding[OTHER[lane]] + this.waiting[OTHER[lane]].length;
    const ahead = this.active + own + Math.min(other, own + 1);
    const queued = ahead - this.concurrency + 1;
    return queued <= 0 ? 0 : (queued / this.concurrency) * this.mean;
  }

  /**
   * Admits a request, or refuses it at once.
   * @throws HashQueueFull when its predicted wait exceeds `maxWaitMs`
   */
  admit(lane: HashLane, signal?: AbortSignal): HashTicket {
    const predicted = this.predictedWaitMs(lane);
    if (predicted > this.maxWaitMs) throw new HashQueueFull(predicted);
    this.holding[lane] += 1;
    return new HashTicket(this, lane, signal);
  }

  /** @internal A ticket gives its place back without hashing. */
  release(lane: HashLane): void {
    this.holding[lane] -= 1;
    this.hashShare = 0.95 * this.hashShare;
  }

  /** @internal Runs a ticket's work when a slot is free and it is its turn. */
  async run<T>(
    lane: HashLane,
    work: () => Promise<T>,
    signal?: AbortSignal,
    learn = true,
  ): Promise<T> {
    this.holding[lane] -= 1;
    this.hashShare = 0.95 * this.hashShare + 0.05;
    if (signal?.aborted) throw new HashRequestAborted();
    const idle =
      this.active < this.concurrency &&
      this.waiting.signup.length === 0 &&
      this.waiting.signin.length === 0;
    if (idle) this.active += 1;
    else await this.enqueue(lane, signal);
    const started = performance.now();
    try {
      return await work();
    } finally {
      if (learn) this.mean = 0.8 * this.mean + 0.2 * (performance.now() - started);
      this.next();
    }
  }

  private enqueue(lane: HashLane, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.abort();
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        abort: () => {
          const queue = this.waiting[lane];
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(new HashRequestAborted());
        },
      };
      this.waiting[lane].push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Hands the freed slot on: alternating lanes when both wait. */
  private next(): void {
    const preferred = OTHER[this.lastLane];
    const lane = this.waiting[preferred].length > 0 ? preferred : OTHER[preferred];
    const waiter = this.waiting[lane].shift();
    if (!waiter) {
      this.active -= 1;
      return;
    }
    this.lastLane = lane;
    waiter.start();
  }
}

/**
 * An admitted request's place: {@link run} its bcrypt work once, or {@link release} it when
 * the request ends without hashing (a rule refused it). Both are safe to call more than once.
 */
export class HashTicket {
  private used = false;

  constructor(
    private readonly scheduler: HashScheduler,
    private readonly lane: HashLane,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Waits for a slot and its turn, then runs `work`.
   * @param learn whether its duration is one of the current cost's (the mean learns from it)
   * @throws HashRequestAborted when the client went away first
   */
  run<T>(work: () => Promise<T>, learn = true): Promise<T> {
    if (this.used) throw new Error('A hash ticket runs once');
    this.used = true;
    return this.scheduler.run(this.lane, work, this.signal, learn);
  }

  /** Gives the place back unused. */
  release(): void {
    if (this.used) return;
    this.used = true;
    this.scheduler.release(this.lane);
  }
}
