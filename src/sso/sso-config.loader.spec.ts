import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SsoSettings } from './sso-settings';
import {
  foldTripleQuotedValues,
  loadSsoConfig,
  parseSsoConfig,
  SsoConfigError,
} from './sso-config.loader';

const ZATO_TEMPLATE = join(__dirname, '../../test/fixtures/zato-create-server-sso.conf');
const SHIPPED = join(__dirname, '../../config/sso.conf');

describe('sso.conf loader (docs/sso.md, "sso.conf")', () => {
  it('loads the shipped config/sso.conf to exactly the shipped defaults, ignoring nothing', () => {
    expect(loadSsoConfig(SHIPPED)).toEqual({ settings: new SsoSettings(), ignoredKeys: [] });
  });

  it('loads the file that `zato create server` writes, unchanged', () => {
    const { settings, ignoredKeys } = loadSsoConfig(ZATO_TEMPLATE);
    expect(settings.password.rejectList).toEqual(new SsoSettings().password.rejectList);
    expect(settings.password.rejectList).toHaveLength(24);
    expect(settings.signup).toMatchObject({
      informIfUserInvalid: false,
      informIfEmailInvalid: false,
      isEmailRequired: true,
      maxLengthUsername: 128,
      confirmTokenTtl: 86400,
      callbackServiceList: [],
    });
    expect(settings.apps).toEqual({
      all: ['CRM'],
      signupAllowed: [],
      httpHeader: 'X-Zato-SSO-Current-App',
      informIfAppInvalid: true,
    });
    expect(settings.userValidation.rejectUsername).toEqual([
      'zato',
      'admin',
      'root',
      'system',
      'sso',
    ]);
    expect(ignoredKeys).toEqual(
      expect.arrayContaining([
        '[session] expiry',
        '[session] expiry_hook',
        '[password] expiry',
        '[signup] email_required',
        '[user_validation] service',
        '[search] max_page_size',
      ]),
    );
    expect(ignoredKeys).not.toContain('[password] reject_list');
    expect(settings.main.encryptEmail).toBe(true);
  });

  it('strips inline comments, also after an empty value', () => {
    const { settings } = parseSsoConfig(
      '[signup]\nconfirm_token_ttl=60 # In seconds\ncallback_service_list= # none\n',
      't.conf',
    );
    expect(settings.signup.confirmTokenTtl).toBe(60);
    expect(settings.signup.callbackServiceList).toEqual([]);
  });

  it('folds a triple-quoted value (which a plain INI parser reads wrongly) into a list', () => {
    expect(foldTripleQuotedValues('a = """\n  x\n  y\n"""\nb = 1')).toBe('a = x, y\nb = 1');
    expect(foldTripleQuotedValues('a = """x, y"""')).toBe('a = x, y');
    expect(() => foldTripleQuotedValues('a = """\n x')).toThrow(/unterminated/);
  });

  it.each(['True', 'true', 'yes', 'on', '1', 'TRUE'])('reads %j as true', (word) => {
    expect(
      parseSsoConfig(`[signup]\nis_approval_needed = ${word}`, 't').settings.signup
        .isApprovalNeeded,
    ).toBe(true);
  });

  it.each(['False', 'false', 'no', 'off', '0'])('reads %j as false', (word) => {
    expect(
      parseSsoConfig(`[signup]\nis_approval_needed = ${word}`, 't').settings.signup
        .isApprovalNeeded,
    ).toBe(false);
  });

  it.each([
    [
      '[signup]\nis_approval_needed = maybe',
      '/x/sso.conf: [signup] is_approval_needed = "maybe": must be True or False',
    ],
    ['[password]\nmin_length = 6', '/x/sso.conf: [password] min_length = "6": must be at least 8'],
    [
      '[password]\nmax_length = 300',
      '/x/sso.conf: [password] max_length = "300": must be at most 256',
    ],
    [
      '[password]\nmin_length = 20\nmax_length = 12',
      '/x/sso.conf: [password] min_length = "20": must not exceed max_length',
    ],
    [
      '[signup]\nconfirm_token_ttl = -1',
      '/x/sso.conf: [signup] confirm_token_ttl = "-1": must be a whole number',
    ],
    [
      '[password]\nmin_complexity = 5',
      '/x/sso.conf: [password] min_complexity = "5": must be at most 4',
    ],
    ['[apps]\nhttp_header =', '/x/sso.conf: [apps] http_header = "": must not be empty'],
  ])('refuses a bad value naming file, section, key and value: %j', (text, message) => {
    expect(() => parseSsoConfig(text, '/x/sso.conf')).toThrow(SsoConfigError);
    expect(() => parseSsoConfig(text, '/x/sso.conf')).toThrow(message);
  });

  it('says which file it could not read', () => {
    expect(() => loadSsoConfig('/nonexistent/sso.conf')).toThrow(
      /SSO_CONFIG: cannot read \/nonexistent\/sso.conf/,
    );
  });

  it("keeps the fixture byte-identical to Zato's template (no edits to make it load)", () => {
    const text = readFileSync(ZATO_TEMPLATE, 'utf8');
    expect(text).toContain('reject_list = """\n  111111\n');
    expect(text).toContain('expiry_hook= # Name of a service');
  });
});
