import { AccountsErrorCode as Code } from './accounts.errors';
import { checkSignup, checkStrength, PasswordChecks, StoreRules } from './signup.rules';
import { SignupCommand } from './signup.types';
import { ApprovalStatus, SignupChannel, SignupStatus } from './user.entity';

/** A common-password list the test sets. */
function passwords(common: string[] = []): PasswordChecks {
  return { isCommon: (password) => common.includes(password.toLowerCase()) };
}

/** The store's rules as configured by default (docs/accounts.md, "Identifiers"). */
const STORE: StoreRules = { reserved: ['admin', 'root'], confusables: 'unique' };

/** A command with every rule of every dialect switched on, each overridable. */
function command(overrides: Partial<SignupCommand> = {}): SignupCommand {
  return {
    channel: SignupChannel.Milliner,
    username: 'jane',
    email: 'jane@example.com',
    password: 'correct-horse-battery',
    passwordConfirmation: 'correct-horse-battery',
    fullName: 'Jane Doe',
    signupStatus: SignupStatus.Final,
    approvalStatus: ApprovalStatus.Approved,
    rules: {
      username: {
        maxLength: 22,
        pattern: /^[a-z][a-z0-9]{3,21}$/,
        rejectSubstrings: ['zato'],
      },
      email: { required: true, maxLength: 254, rejectSubstrings: ['spam'] },
      password: { minLength: 8, maxLength: 256, rejectSubstrings: ['qwerty'], minScore: 2 },
    },
    duplicates: { revealUsername: true, revealEmail: true },
    ...overrides,
  };
}

const withRules = (rules: Partial<SignupCommand['rules']>, rest: Partial<SignupCommand> = {}) => {
  const base = command(rest);
  return { ...base, rules: { ...base.rules, ...rules } };
};

/** The code of the first rule that fails, or 'ok'. */
function firstFailure(
  input: SignupCommand,
  checks: PasswordChecks = passwords(),
  store: StoreRules = STORE,
): string {
  try {
    checkSignup(input, store, checks);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('signup rules (docs/accounts.md, "Identifiers", "Passwords")', () => {
  it('normalises with NFKC and returns the canonical forms', () => {
    const result = checkSignup(
      command({
        channel: SignupChannel.Sso,
        username: 'Ｊａｎｅ',
        email: 'Jane@BÜCHER.example',
        fullName: '  Jane  ',
        rules: { ...command().rules, username: { maxLength: 128 } },
      }),
      STORE,
      passwords(),
    );
    expect(result).toEqual({
      username: 'Jane',
      usernameCanonical: 'jane',
      usernameSkeleton: 'jane',
      email: 'Jane@BÜCHER.example',
      emailCanonical: 'jane@xn--bcher-kva.example',
      password: 'correct-horse-battery',
      fullName: 'Jane',
    });
  });

  describe('username, in order', () => {
    it.each([
      ['empty', '', Code.UsernameEmpty],
      ['longer than the dialect allows', `j${'a'.repeat(22)}`, Code.UsernameTooLong],
      ['whitespace (before the pattern)', 'ja ne', Code.UsernameHasWhitespace],
      ['an invisible character', 'jane\u200b', Code.UsernameInvalid],
      ['a bidi control', 'jane\u202e', Code.UsernameInvalid],
      ["the dialect's pattern broken", 'Jane', Code.UsernameInvalid],
      ['reserved (canonical form)', 'admin', Code.UsernameRejected],
      ['a reject-list substring', 'myzato1', Code.UsernameRejected],
    ])('%s', (_case, username, code) => {
      expect(firstFailure(command({ username }))).toBe(code);
    });

    it('counts length in code points after NFKC (emoji are one each)', () => {
      const rules = { username: { maxLength: 3 } };
      expect(firstFailure(withRules(rules, { username: '😀😀😀' }))).toBe('ok');
      expect(firstFailure(withRules(rules, { username: '😀😀😀😀' }))).toBe(Code.UsernameTooLong);
    });

    it('compares reserved names case- and width-insensitively', () => {
      const rules = { username: { maxLength: 64, reserved: ['Admin'] } };
      expect(firstFailure(withRules(rules, { username: 'ＡＤＭＩＮ' }))).toBe(
        Code.UsernameRejected,
      );
    });
  });

  describe('email, after the username', () => {
    it('a bad username wins over a bad email', () => {
      expect(firstFailure(command({ username: '', email: 'not an email' }))).toBe(
        Code.UsernameEmpty,
      );
    });

    it.each([
      ['missing where required', null, Code.EmailRequired],
      ['longer than 254 whatever the dialect allows', `${'a'.repeat(250)}@x.io`, Code.EmailTooLong],
      ['whitespace', 'jane @example.com', Code.EmailHasWhitespace],
      ['not an address', 'jane.example.com', Code.EmailInvalid],
      ['a forbidden character', 'jane\u200b@example.com', Code.EmailInvalid],
      ['a reject-list substring', 'spammer@example.com', Code.EmailRejected],
    ])('%s', (_case, email, code) => {
      expect(firstFailure(command({ email }))).toBe(code);
    });

    it('accepts no email where none is required', () => {
      const rules = { email: { required: false, maxLength: 254 } };
      expect(
        checkSignup(withRules(rules, { email: null }), STORE, passwords()).emailCanonical,
      ).toBeNull();
    });

    it('refuses a quoted local part, which can name the unquoted mailbox', () => {
      expect(firstFailure(command({ email: '"jane"@example.com' }))).toBe(Code.EmailInvalid);
    });

    it("keeps the dialect's lower limit", () => {
      const rules = { email: { required: true, maxLength: 10 } };
      expect(firstFailure(withRules(rules, { email: 'jane@example.com' }))).toBe(Code.EmailTooLong);
    });
  });

  describe('password confirmation, after the email', () => {
    it('must equal the password exactly (before NFKC)', () => {
      expect(firstFailure(command({ passwordConfirmation: 'correct-horse-batterY' }))).toBe(
        Code.PasswordMismatch,
      );
      expect(firstFailure(command({ email: 'bad', passwordConfirmation: 'x' }))).toBe(
        Code.EmailInvalid,
      );
    });
  });

  describe('password, last, in order', () => {
    const pw = (password: string) => command({ password, passwordConfirmation: password });

    it.each([
      ['shorter than 8 code points', 'short12', Code.PasswordTooShort],
      ['longer than 256', 'x'.repeat(257), Code.PasswordTooLong],
      ['a reject-list substring', 'my-qwerty-pass', Code.PasswordRejected],
      ['on the common list', 'iloveyou99', Code.PasswordCommon],
    ])('%s', (_case, password, code) => {
      expect(firstFailure(pw(password), passwords(['iloveyou99']))).toBe(code);
    });

    it('refuses control characters (NUL included) after the length rules', () => {
      expect(firstFailure(pw('correct\u0000horse'))).toBe(Code.PasswordHasControlCharacter);
      expect(firstFailure(pw('tab\there-horse'))).toBe(Code.PasswordHasControlCharacter);
      expect(firstFailure(pw('sh\u0000rt'))).toBe(Code.PasswordTooShort);
    });

    it('too weak is its own last rule, and only where the dialect asks for a score', () => {
      const rules = command().rules.password;
      expect(() => checkStrength(1, rules)).toThrow(
        expect.objectContaining({ code: Code.PasswordTooWeak }),
      );
      expect(() => checkStrength(2, rules)).not.toThrow();
      expect(() => checkStrength(0, { ...rules, minScore: 0 })).not.toThrow();
    });

    it('keeps the baseline whatever the dialect says (8 to 256)', () => {
      const loose = { password: { minLength: 4, maxLength: 1000, minScore: 0 } };
      expect(
        firstFailure(
          withRules(loose, { password: 'abc12345'.slice(0, 7), passwordConfirmation: undefined }),
        ),
      ).toBe(Code.PasswordTooShort);
      expect(
        firstFailure(
          withRules(loose, { password: 'y'.repeat(257), passwordConfirmation: undefined }),
        ),
      ).toBe(Code.PasswordTooLong);
    });

    it('names the bound in its message', () => {
      const strict = { password: { minLength: 12, maxLength: 20, minScore: 0 } };
      expect(() =>
        checkSignup(
          withRules(strict, { password: 'abcdefgh1', passwordConfirmation: undefined }),
          STORE,
          passwords(),
        ),
      ).toThrow('Password must be at least 12 characters');
    });

    it('counts NFKC code points: a full-width password is the same password', () => {
      const checks = passwords(['password1']);
      expect(firstFailure(pw('ｐａｓｓｗｏｒｄ１'), checks)).toBe(Code.PasswordCommon);
    });
  });
});
