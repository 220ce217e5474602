import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PasswordStrength } from './password-strength';

describe('PasswordStrength', () => {
  const strength = new PasswordStrength();

  afterAll(() => strength.onModuleDestroy());

  it('knows the common-password list, case-insensitively, whole password only', () => {
    expect(strength.isCommon('password')).toBe(true);
    expect(strength.isCommon('PassWord')).toBe(true);
    expect(strength.isCommon('password-but-longer-and-mine')).toBe(false);
  });

  it('scores only the first 20 characters', async () => {
    const weakHead = 'a'.repeat(20);
    expect(await strength.score(weakHead)).toBeLessThan(2);
    expect(await strength.score(`${weakHead}Xq9$vLr2!mZ`)).toBe(await strength.score(weakHead));
    expect(await strength.score('very-strong-password')).toBeGreaterThanOrEqual(2);
  });

  it('scores in a worker thread: 100 l33t-heavy passwords leave the event loop free', async () => {
    await strength.score('warm-up-the-worker');
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => strength.score(`P4$$w0rd!1337@${i}h4x0r`)),
    );
    delay.disable();
    // On the main thread the same work blocks for about 20 ms at a time (docs/accounts.md).
    expect(delay.max / 1e6).toBeLessThan(15);
  });
});
