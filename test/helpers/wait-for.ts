/**
 * Polls `check` every 20 ms until it holds.
 * @throws Error when it still does not hold after `timeoutMs`
 */
export async function waitFor(check: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
