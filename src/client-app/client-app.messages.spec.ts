import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { renderError } from '../../test/helpers/render-error';
import { ClientAppExceptionFilter } from './client-app-exception.filter';
import {
  CLIENT_APP_ME_ERROR_EXAMPLES,
  CLIENT_APP_REVOKE_ERROR_EXAMPLES,
  CLIENT_APP_SIGNUP_ERROR_EXAMPLES,
  CLIENT_APP_TOKEN_ERROR_EXAMPLES,
} from './client-app.messages';

describe('ClientApp error answers (docs/client-app.md, "Errors")', () => {
  const filter = new ClientAppExceptionFilter();
  const examples = [
    ...CLIENT_APP_SIGNUP_ERROR_EXAMPLES,
    ...CLIENT_APP_TOKEN_ERROR_EXAMPLES,
    ...CLIENT_APP_ME_ERROR_EXAMPLES,
    ...CLIENT_APP_REVOKE_ERROR_EXAMPLES,
  ];

  it.each(examples.map((example) => [example.summary, example] as const))(
    'answers the documented example %j exactly',
    (_summary, example) => {
      const rendered = renderError(filter, example.cause());
      expect({ status: rendered.status, body: rendered.body }).toEqual({
        status: example.status,
        body: example.value,
      });
      if (example.status === 503) expect(rendered.headers['retry-after']).toBe('1');
      if (example.status === 429) expect(rendered.headers['retry-after']).toBe('60');
      if (example.value.error === 'invalid_token') {
        expect(rendered.headers['www-authenticate']).toMatch(/^Bearer realm="signup-gateway"/);
      }
    },
  );

  it('answers every Accounts code with a 4xx or a 503 in the OAuth shape, never a 500', () => {
    for (const code of Object.values(AccountsErrorCode)) {
      const { status, body } = renderError(filter, new AccountsException(code));
      expect([400, 422, 503, 429]).toContain(status);
      expect(Object.keys(body as object)).toEqual(['error', 'error_description']);
    }
  });
});
