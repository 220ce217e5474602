import { HashQueueFull, HashRequestAborted, HashScheduler } from './hash-scheduler';

/** A job that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => opened };
}

describe('HashScheduler (docs/accounts.md, "Admission control")', () => {
  it('admits while the predicted wait stays under the limit, then refuses at once', () => {
    // 2 at once, 100 ms a hash, at most 500 ms of predicted wait.
    const scheduler = new HashScheduler(2, 500, 100);
    const tickets = [];
    for (let i = 0; i < 12; i += 1) tickets.push(scheduler.admit('signup'));
    // 12 held: the 13th has 12 ahead, (12 - 2 + 1) / 2 × 100 = 550 ms.
    expect(scheduler.predictedWaitMs('signup')).toBe(550);
    expect(() => scheduler.admit('signup')).toThrow(HashQueueFull);
    tickets[0].release();
    expect(scheduler.predictedWaitMs('signup')).toBeLessThanOrEqual(500);
    expect(() => scheduler.admit('signup')).not.toThrow();
  });

  it('counts held tickets as much as admitted requests recently went on to hash', () => {
    const scheduler = new HashScheduler(2, 500, 100);
    // A flood whose requests a rule refuses before hashing (weak passwords, duplicates).
    for (let i = 0; i < 100; i += 1) scheduler.admit('signup').release();
    const held = Array.from({ length: 30 }, () => scheduler.admit('signup'));
    expect(held).toHaveLength(30);
    expect(scheduler.predictedWaitMs('signup')).toBeLessThan(100);
  });

  it('scales with the hash time: a burst of 20 fits at 70 ms a hash, not at 1 s', () => {
    const fast = new HashScheduler(2, 2000, 70);
    const slow = new HashScheduler(2, 2000, 1000);
    const admitted = (s: HashScheduler) => {
      let n = 0;
      try {
        for (; n < 20; n += 1) s.admit('signup');
      } catch {
        /* refused */
      }
      return n;
    };
    expect(admitted(fast)).toBe(20);
    expect(admitted(slow)).toBe(6);
  });

  it('runs at most `concurrency` at once and alternates lanes when both wait', async () => {
    const scheduler = new HashScheduler(1, 60_000, 10);
    const order: string[] = [];
    const first = gate();
    const running = scheduler.admit('signin').run(first.work);
    const queued = [
      ...['signin', 'signin', 'signin'].map((lane, i) =>
        scheduler.admit('signin').run(() => Promise.resolve(void order.push(`${lane}${i}`))),
      ),
      ...['signup', 'signup'].map((lane, i) =>
        scheduler.admit('signup').run(() => Promise.resolve(void order.push(`${lane}${i}`))),
      ),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    first.open();
    await Promise.all([running, ...queued]);
    // A sign-in ran last, so a signup goes next; then they alternate.
    expect(order).toEqual(['signup0', 'signin0', 'signup1', 'signin1', 'signin2']);
  });

  it('drops a waiter whose client went away, without running its work', async () => {
    const scheduler = new HashScheduler(1, 60_000, 10);
    const first = gate();
    const running = scheduler.admit('signup').run(first.work);
    const gone = new AbortController();
    let ran = false;
    const waiting = scheduler.admit('signup', gone.signal).run(() => {
      ran = true;
      return Promise.resolve();
    });
    gone.abort();
    await expect(waiting).rejects.toThrow(HashRequestAborted);
    first.open();
    await running;
    expect(ran).toBe(false);
    expect(scheduler.predictedWaitMs('signup')).toBe(0);
  });

  it('learns the mean hash time from the work it runs', async () => {
    const scheduler = new HashScheduler(1, 60_000, 1000);
    for (let i = 0; i < 10; i += 1) await scheduler.admit('signup').run(() => Promise.resolve());
    expect(scheduler.meanHashMs).toBeLessThan(150);
  });
});
