import { PasswordStrength } from './password-strength';

describe('PasswordStrength', () => {
  const strength = new PasswordStrength();

  it('knows the common-password list, case-insensitively, whole password only', () => {
    expect(strength.isCommon('password')).toBe(true);
    expect(strength.isCommon('PassWord')).toBe(true);
    expect(strength.isCommon('password-but-longer-and-mine')).toBe(false);
  });

  it('scores only the first 20 characters', () => {
    const weakHead = 'a'.repeat(20);
    expect(strength.score(weakHead)).toBeLessThan(2);
    expect(strength.score(`${weakHead}Xq9$vLr2!mZ`)).toBe(strength.score(weakHead));
    expect(strength.score('very-strong-password')).toBeGreaterThanOrEqual(2);
  });
});
