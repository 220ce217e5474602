import { availableParallelism } from 'node:os';

/**
 * Sizes libuv's thread pool before anything uses it (the pool is created on first use):
 * bcrypt runs `HASH_CONCURRENCY` hashes at once (default one per core), and two more threads
 * stay free for `dns.lookup` and `fs` (docs/accounts.md, "Implementation notes"). An explicit
 * `UV_THREADPOOL_SIZE` wins. Imported first by main.ts and cli.ts.
 */
const concurrency = Number(process.env.HASH_CONCURRENCY) || availableParallelism();
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, concurrency + 2));
