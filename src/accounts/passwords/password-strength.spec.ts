import { readdirSync, readFileSync } from 'node:fs';
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

  it('scores in a process of its own whose every thread runs at the lowest CPU priority', async () => {
    const pid = await strength.processId();
    expect(pid).not.toBe(process.pid);
    expect(await strength.score('P4$$w0rdP4$$w0rd!!1')).toBe(1);
    if (process.platform !== 'linux') return;
    // /proc/<pid>/task/<tid>/stat: the nice value is field 19 (after the parenthesised name).
    const nice = readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
    expect(nice.length).toBeGreaterThan(1);
    expect(new Set(nice)).toEqual(new Set([19]));
  });
});
