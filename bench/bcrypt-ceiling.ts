// Child process of the benchmark: the bcrypt ceiling, hashes per second at a cost with a
// concurrency, measured alone (as the service hashes: `bcrypt` in the libuv thread pool).
import * as bcrypt from 'bcrypt';

async function main(): Promise<void> {
  const [cost, concurrency, seconds] = process.argv.slice(2).map(Number);
  await bcrypt.hash('warm-up-password', cost);
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await bcrypt.hash('correct-horse-battery-staple', cost);
        done += 1;
      }
    }),
  );
  process.stdout.write(JSON.stringify({ hashesPerSecond: done / ((Date.now() - started) / 1000) }));
}

void main();
