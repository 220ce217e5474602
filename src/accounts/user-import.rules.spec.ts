import { ImportLineRefused, parseImportLine } from './user-import.rules';
import { ApprovalStatus, PasswordInput, SignupChannel, SignupStatus } from './user.entity';

const STORE = { reserved: ['admin', 'root'], confusables: 'unique' as const };
const HASH = '$2b$04$' + 'a'.repeat(53);
const parse = (line: Record<string, unknown> | string) =>
  parseImportLine(typeof line === 'string' ? line : JSON.stringify(line), STORE);
const reason = (line: Record<string, unknown> | string) => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportLineRefused);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseImportLine (docs/accounts.md, "Moving users")', () => {
  it('needs only username and password_hash, and fills the documented defaults', () => {
    const before = Date.now();
    expect(parse({ username: 'Ｋestrel', password_hash: HASH })).toEqual({
      username: 'Kestrel',
      usernameCanonical: 'kestrel',
      usernameSkeleton: expect.any(String),
      email: null,
      emailCanonical: null,
      fullName: null,
      passwordHash: HASH,
      passwordInput: PasswordInput.Raw,
      signupChannel: SignupChannel.ClientApp,
      clientId: null,
      currentApp: null,
      appList: null,
      signupStatus: SignupStatus.Final,
      approvalStatus: ApprovalStatus.Approved,
      createdAt: null,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(before);
  });

  it('keeps every field an export writes', () => {
    const user = parse({
      username: 'bob.round',
      email: 'Bob@Bücher.example',
      full_name: '  Bob Round ',
      password_hash: HASH,
      password_input: 'nfkc-prehash',
      signup_channel: 'sso',
      client_id: null,
      current_app: 'CRM',
      app_list: ['CRM', 'ERP'],
      sign_up_status: 'before_confirmation',
      approval_status: 'before_decision',
      created_at: '2019-05-04T03:02:01.000Z',
    });
    expect(user).toMatchObject({
      email: 'Bob@Bücher.example',
      emailCanonical: 'bob@xn--bcher-kva.example',
      fullName: 'Bob Round',
      passwordInput: PasswordInput.NfkcPrehash,
      signupChannel: SignupChannel.Sso,
      appList: ['CRM', 'ERP'],
      signupStatus: SignupStatus.BeforeConfirmation,
      approvalStatus: ApprovalStatus.BeforeDecision,
      createdAt: new Date('2019-05-04T03:02:01.000Z'),
    });
  });

  it('refuses each bad field with a reason that never quotes the line', () => {
    expect(reason({ password_hash: HASH })).toBe('username is required');
    expect(reason({ username: 'kestrel' })).toBe('password_hash is required');
    expect(reason({ username: 7, password_hash: HASH })).toBe('username must be a string');
    expect(reason({ username: 'kestrel', password_hash: HASH, extra: 1 })).toBe(
      'Unknown field extra',
    );
    expect(reason({ username: 'kestrel', password_hash: HASH, signup_channel: 'web' })).toBe(
      'signup_channel must be one of milliner, sso, client-app',
    );
    expect(reason({ username: 'kestrel', password_hash: HASH, created_at: '2019-05-04' })).toBe(
      'created_at must be an ISO 8601 date and time with a time zone',
    );
    expect(reason({ username: 'kestrel', password_hash: HASH, app_list: ['a', 1] })).toBe(
      'app_list must be a list of strings',
    );
    expect(reason({ username: 'kestrel', password_hash: HASH, full_name: 'A\u0000B' })).toBe(
      'full_name must not contain control or invisible characters',
    );
    expect(reason({ username: 'kestrel', password_hash: HASH, email: '"k"@example.com' })).toBe(
      'Email address is not valid',
    );
    expect(reason('[1, 2]')).toBe('Not a JSON object');
    expect(reason(`{"username": "kestrel", "password_hash": "${HASH}`)).toBe(
      'Not valid JSON at position 102',
    );
    expect(reason('{"username": "\\ud800", "password_hash": "x"}')).toBe(
      'A string holds a lone surrogate',
    );
    expect(reason('['.repeat(40))).toBe('JSON nested deeper than 32 levels');
  });

  it('applies the store rules: reserved names by skeleton, forbidden characters, length', () => {
    expect(reason({ username: 'rооt', password_hash: HASH })).toBe('Username is not allowed');
    expect(reason({ username: 'kes\u200Btrel', password_hash: HASH })).toBe(
      'Username contains characters that are not allowed',
    );
    expect(reason({ username: 'k'.repeat(129), password_hash: HASH })).toBe('Username is too long');
    expect(parse({ username: 'k'.repeat(128), password_hash: HASH }).username).toHaveLength(128);
  });

  it('takes nfkc-prehash only with bcrypt, and never plain text', () => {
    expect(
      reason({
        username: 'kestrel',
        password_hash: '$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$' + 'A'.repeat(86),
        password_input: 'nfkc-prehash',
      }),
    ).toBe('password_input nfkc-prehash is for bcrypt $2a$ and $2b$ hashes only');
    expect(
      reason({
        username: 'kestrel',
        password_hash: HASH.replace('$2b$', '$2y$'),
        password_input: 'nfkc-prehash',
      }),
    ).toBe('password_input nfkc-prehash is for bcrypt $2a$ and $2b$ hashes only');
    expect(reason({ username: 'kestrel', password_hash: 'hunter22' })).toMatch(
      /^Unsupported password hash/,
    );
  });
});
