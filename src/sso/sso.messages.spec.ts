import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { renderError } from '../../test/helpers/render-error';
import { SsoExceptionFilter } from './sso-exception.filter';
import { SSO_CONFIRM_ERROR_EXAMPLES, SSO_SIGNUP_ERROR_EXAMPLES } from './sso.messages';
import { SsoSettings } from './sso-settings';

describe('SSO error answers (docs/sso.md)', () => {
  // Every code visible, as the Swagger examples show them.
  const settings = new SsoSettings();
  settings.signup.informIfUserExists = true;
  settings.signup.informIfEmailExists = true;
  const filter = new SsoExceptionFilter(settings);
  const examples = [...SSO_SIGNUP_ERROR_EXAMPLES, ...SSO_CONFIRM_ERROR_EXAMPLES];

  it.each(examples.map((example) => [example.summary, example] as const))(
    'answers the documented example %j exactly (but for the fresh cid)',
    (_summary, example) => {
      const rendered = renderError(filter, example.cause());
      expect({ status: rendered.status, body: rendered.body }).toEqual({
        status: example.status,
        body: { ...example.value, cid: expect.stringMatching(/^[0-9a-f]{24}$/) },
      });
      expect(rendered.headers['cache-control']).toBe('no-store');
      if (example.status === 503) expect(rendered.headers['retry-after']).toBe('1');
      if (example.status === 429) expect(rendered.headers['retry-after']).toBe('60');
    },
  );

  it('hides a code behind E005001 when its inform_if flag is off', () => {
    const hiding = new SsoSettings();
    hiding.signup.informIfUserInvalid = false;
    const rendered = renderError(
      new SsoExceptionFilter(hiding),
      new AccountsException(AccountsErrorCode.UsernameTooLong),
    );
    expect(rendered.body).toMatchObject({ status: 'error', sub_status: ['E005001'] });
  });

  it('answers every Accounts code with a 403 or a 503 envelope, never a 500', () => {
    for (const code of Object.values(AccountsErrorCode)) {
      const { status, body } = renderError(filter, new AccountsException(code));
      expect([403, 503, 429]).toContain(status);
      expect(Object.keys(body as object)).toEqual(['cid', 'status', 'sub_status']);
    }
  });
});
